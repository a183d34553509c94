// Network ACL evaluation, as the data plane does it: rules in ascending number, the first matching
// rule decides, anything unmatched hits the implicit `*` deny. Inbound rules match the source address,
// outbound rules the destination; the port range is always the destination port
// (VPC User Guide, vpc-network-acls.md "Network ACL rules"). A port range in the packet is
// all-or-nothing: each port is evaluated, and any denied port makes the NACL drop the packet.
import { formatCidr } from '../net/ip';
import { formatPorts, protocolName, type PortRange } from '../net/ports';
import { isUnknown, type NaclEntry, type NetworkAcl } from '../model/types';
import type { Range } from '../template/located';
import { formatAddr, matchAddr } from './addresses';
import { describePorts, hasPorts, intersect, protoText, type Packet } from './packet';
import type { UnknownNote } from './types';

export interface NaclVerdict {
  decision: 'pass' | 'drop' | 'unknown';
  /** The rules that decided, as text ("rule 100 allow tcp 443 from 0.0.0.0/0", "* deny"). */
  rule: string;
  /** A sentence fragment saying why, for the hop's reason. */
  detail: string;
  /** The explicit deny entry that dropped the packet, if one did (the most specific blocker). */
  denyEntry?: NaclEntry;
  /** The entry that allowed it (for the hop's range), when one rule allowed every port. */
  allowEntry?: NaclEntry;
  droppedPorts: PortRange[];
  unknown?: UnknownNote;
  range: Range;
}

type Seg = { r: PortRange; pending: Array<{ action: 'allow' | 'deny'; note: UnknownNote | 'address' }> };
type Decided = { r: PortRange; action: 'allow' | 'deny' | 'unknown'; entry?: NaclEntry; note?: UnknownNote | 'address' };

/** Entry texts, kept per entry: every evaluation names the entries that decided (model entries are never changed). */
const entryTexts = new WeakMap<NaclEntry, string>();

export function entryText(e: NaclEntry): string {
  let text = entryTexts.get(e);
  if (text === undefined) {
    text = entryTextUncached(e);
    entryTexts.set(e, text);
  }
  return text;
}

function entryTextUncached(e: NaclEntry): string {
  const num = isUnknown(e.ruleNumber) ? 'rule ?' : `rule ${e.ruleNumber}`;
  const action = isUnknown(e.action) ? '?' : e.action;
  const proto = isUnknown(e.protocol) ? '?' : protocolName(e.protocol);
  let ports = '';
  if (!isUnknown(e.protocol) && (e.protocol === 6 || e.protocol === 17)) {
    ports = e.ports === undefined ? ' all ports' : isUnknown(e.ports) ? ' ports ?' : ` ${formatPorts(e.ports)}`;
  }
  if (e.icmp && !isUnknown(e.protocol) && e.protocol === 1) ports = e.icmp.type === -1 ? ' all types' : ` type ${e.icmp.type}`;
  const cidr = isUnknown(e.cidr) ? '?' : formatCidr(e.cidr);
  return `${num} ${action} ${proto}${ports} ${e.egress ? 'to' : 'from'} ${cidr}`;
}

/**
 * One side's entries in evaluation order, sorted once per NACL and side: the walk evaluates the same NACL
 * for every flow that crosses its subnets. Keyed by the entries array, and redone if its length changed.
 */
const orderCache = new WeakMap<NaclEntry[], { length: number; ingress?: NaclEntry[]; egress?: NaclEntry[] }>();

function orderedEntries(acl: NetworkAcl, egress: boolean): readonly NaclEntry[] {
  let cached = orderCache.get(acl.entries);
  if (!cached || cached.length !== acl.entries.length) {
    cached = { length: acl.entries.length };
    orderCache.set(acl.entries, cached);
  }
  if (egress) return (cached.egress ??= evaluationOrder(acl.entries, true));
  return (cached.ingress ??= evaluationOrder(acl.entries, false));
}

function evaluationOrder(all: NaclEntry[], egress: boolean): NaclEntry[] {
  const entries = all.filter((e) => e.egress === egress);
  // Entries whose number is unknown could sit anywhere: consider them first, as "maybe".
  return [
    ...entries.filter((e) => isUnknown(e.ruleNumber)),
    ...entries.filter((e) => !isUnknown(e.ruleNumber)).sort((a, b) => (a.ruleNumber as number) - (b.ruleNumber as number)),
  ];
}

export function evaluateNacl(acl: NetworkAcl, egress: boolean, p: Packet): NaclVerdict {
  const peer = egress ? p.dst : p.src;
  const portful = hasPorts(p);
  const whole: PortRange = portful && p.dstPorts ? p.dstPorts : { from: 0, to: 0 };
  let open: Seg[] = [{ r: whole, pending: [] }];
  const decided: Decided[] = [];

  const ordered = orderedEntries(acl, egress);

  // Indexed loops here and below: this runs for every subnet boundary of every walk, mostly while cold,
  // where each for-of step made an iterator result.
  for (let k = 0; k < ordered.length; k++) {
    const e = ordered[k];
    if (open.length === 0) break;
    let maybe: UnknownNote | 'address' | undefined;
    maybe = unknownOf(e.ruleNumber) ?? unknownOf(e.action) ?? unknownOf(e.protocol) ?? unknownOf(e.cidr) ?? unknownOf(e.ports);
    if (!maybe && e.exists === 'unknown') maybe = { reason: e.existsReason ?? `NACL entry ${e.id} is created only under a condition the template does not decide`, range: e.origin.range };
    // Protocol.
    let protoPartial = false;
    if (!isUnknown(e.protocol) && e.protocol !== -1) {
      if (p.protocol === -1) protoPartial = true;
      else if (e.protocol !== p.protocol) continue;
      else if (p.protocol === 1 && e.icmp && e.icmp.type !== -1) {
        if (p.icmpType === undefined) protoPartial = true;
        else if (p.icmpType !== e.icmp.type) continue;
      }
    }
    // Address.
    if (!isUnknown(e.cidr)) {
      const m = matchAddr(e.cidr, peer);
      if (m === 'no') continue;
      if (m === 'partial') maybe = maybe ?? 'address';
      else if (typeof m === 'object') maybe = maybe ?? m.unknown;
    }
    // Ports: only tcp/udp entries restrict ports.
    let covered: PortRange = whole;
    if (portful && !isUnknown(e.protocol) && e.protocol !== -1 && e.ports !== undefined && !isUnknown(e.ports)) {
      const i = intersect(whole, e.ports);
      if (!i) continue;
      covered = i;
    }
    const action = isUnknown(e.action) ? undefined : e.action;
    if (protoPartial) {
      // Only some protocols (or ICMP types) of the flow match this rule. An allow is not enough for
      // all of them; a deny drops some of them, which is a drop for an all-or-nothing flow.
      if (action === 'deny' && !maybe) {
        for (let j = 0; j < open.length; j++) {
          const s = open[j];
          const i = intersect(s.r, covered);
          if (i) decided.push({ r: i, action: 'deny', entry: e });
        }
      } else if (maybe && action !== 'allow') {
        // A deny that may or may not apply (its address, number or existence is undecided) may drop part
        // of the flow: a later allow can no longer settle those ports, only leave them unknown.
        const next: Seg[] = [];
        for (let j = 0; j < open.length; j++) {
          const s = open[j];
          const i = intersect(s.r, covered);
          if (!i) {
            next.push(s);
            continue;
          }
          pushRest(next, s, i);
          next.push({ r: i, pending: [...s.pending, { action: 'deny', note: maybe }] });
        }
        open = next;
      }
      continue;
    }
    const next: Seg[] = [];
    for (let j = 0; j < open.length; j++) {
      const s = open[j];
      const i = intersect(s.r, covered);
      if (!i) {
        next.push(s);
        continue;
      }
      pushRest(next, s, i);
      if (maybe) {
        next.push({ r: i, pending: [...s.pending, { action: action ?? 'deny', note: maybe }] });
        if (!action) next[next.length - 1].pending.push({ action: 'allow', note: maybe });
      } else {
        decided.push(settle(i, action!, e, s.pending));
      }
    }
    open = next;
  }
  for (let j = 0; j < open.length; j++) decided.push(settle(open[j].r, 'deny', undefined, open[j].pending));

  const denied = decided.filter((d) => d.action === 'deny');
  const unknowns = decided.filter((d) => d.action === 'unknown');
  const ruleTexts = uniq(decided.map((d) => (d.entry ? entryText(d.entry) : '* deny')));
  const rule = ruleTexts.join('; ');
  const dirWord = egress ? 'outbound' : 'inbound';
  const peerText = `${egress ? 'to' : 'from'} ${formatAddr(peer)}`;
  const proto = protoText(p);
  if (denied.length > 0) {
    const ports = merge(denied.map((d) => d.r));
    const explicit = denied.find((d) => d.entry);
    const portText = portful ? ` ${describePorts(ports)}` : '';
    const allowed = decided.filter((d) => d.action === 'allow' && d.entry);
    const only = allowed.length > 0 && portful ? ` (only ${uniq(allowed.map((d) => entryText(d.entry!))).join('; ')} applies, for ${describePorts(merge(allowed.map((d) => d.r)))})` : '';
    const what = `${proto}${portText} ${peerText}`;
    const detail = explicit
      ? `${entryText(explicit.entry!)} denies ${what}`
      : `no ${dirWord} rule allows ${what}${only}, so the implicit * rule denies ${portful && ports.length + (only ? 1 : 0) > 1 ? 'those ports' : 'it'}`;
    return {
      decision: 'drop',
      rule,
      detail,
      denyEntry: explicit?.entry,
      droppedPorts: ports,
      range: explicit?.entry?.origin.range ?? acl.origin.range,
    };
  }
  if (unknowns.length > 0) {
    const u = unknowns[0];
    const note = u.note === 'address' || !u.note ? undefined : u.note;
    const detail =
      u.note === 'address'
        ? `whether ${u.entry ? entryText(u.entry) : 'a rule'} applies depends on the address assigned within ${formatAddr(peer)}`
        : `${note?.reason ?? 'a value is unknown'}`;
    return { decision: 'unknown', rule, detail, droppedPorts: [], unknown: note, range: note?.range ?? acl.origin.range };
  }
  const single = decided.length === 1 ? decided[0].entry : undefined;
  return {
    decision: 'pass',
    rule,
    detail: `${rule} admits ${proto}${portful && p.dstPorts ? ` ${formatPorts(p.dstPorts)}` : ''} ${peerText}`,
    allowEntry: single,
    droppedPorts: [],
    range: single?.origin.range ?? acl.origin.range,
  };
}

/**
 * The parts of segment `s` outside `i` (a sub-range of it), below then above, still open: what
 * subtract([s.r], i) gives, without the arrays (this runs for every matching entry of every evaluation).
 */
function pushRest(next: Seg[], s: Seg, i: PortRange): void {
  if (s.r.from < i.from) next.push({ r: { from: s.r.from, to: i.from - 1 }, pending: s.pending });
  if (s.r.to > i.to) next.push({ r: { from: i.to + 1, to: s.r.to }, pending: s.pending });
}

/** The note of a value the template leaves undecided (a closure per entry before: it ran for every entry of every evaluation). */
function unknownOf(v: unknown): UnknownNote | undefined {
  return isUnknown(v as never) ? { reason: (v as UnknownNote).reason, range: (v as UnknownNote).range } : undefined;
}

function settle(r: PortRange, action: 'allow' | 'deny', entry: NaclEntry | undefined, pending: Seg['pending']): Decided {
  const differing = pending.find((q) => q.action !== action);
  if (differing) return { r, action: 'unknown', entry, note: differing.note };
  return { r, action, entry };
}

/** The distinct texts in first-seen order (as [...new Set(list)]); the lists are short, so no Set is built. */
function uniq(list: string[]): string[] {
  if (list.length > 16) return [...new Set(list)];
  const out: string[] = [];
  for (const s of list) if (!out.includes(s)) out.push(s);
  return out;
}

export function merge(list: PortRange[]): PortRange[] {
  const s = [...list].sort((a, b) => a.from - b.from);
  const out: PortRange[] = [];
  for (const r of s) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}
