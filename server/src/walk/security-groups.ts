// Security-group evaluation: allow-only, the union of every rule of every group on the ENI
// (VPC User Guide, security-groups.md). A rule that references a group matches the private addresses
// of ENIs carrying that group, never a translated or public address (security-group-rules.md
// "Security group referencing"). A prefix list the template declares matches through its entries; one
// whose entries the template cannot know (a pl-… id, an AWS-managed list) decides nothing: unknown.
// Port ranges are all-or-nothing: every port of the packet must be admitted by some rule.
import { formatCidr } from '../net/ip';
import { formatPorts, protocolName, type PortRange } from '../net/ports';
import { isUnknown, type NetworkModel, type Placement, type SecurityGroup, type SgRule } from '../model/types';
import type { Range } from '../template/located';
import { formatAddr, matchAddr } from './addresses';
import { describePorts, hasPorts, intersect, protoText, subtract, type Packet } from './packet';
import { merge } from './nacl';
import type { UnknownNote } from './types';

export interface SgVerdict {
  decision: 'pass' | 'drop' | 'unknown';
  code: 'ENI_SG_RULES_MISMATCH' | 'SG_HAS_NO_RULES' | 'ASSUMPTION_UNRESOLVED_VALUE' | '';
  rule: string;
  detail: string;
  /** The group to blame (the first group, or the one whose rule decided). */
  group?: SecurityGroup;
  rulesUsed: SgRule[];
  unknown?: UnknownNote;
  range: Range;
  assumptions: string[];
}

export function sgRuleText(r: SgRule, groupId: string): string {
  const proto = isUnknown(r.protocol) ? '?' : protocolName(r.protocol);
  const ports = r.ports === 'all' ? '' : isUnknown(r.ports) ? ' ports ?' : ` ${formatPorts(r.ports)}`;
  let peer: string;
  if (r.peer.kind === 'cidr') peer = isUnknown(r.peer.cidr) ? '?' : formatCidr(r.peer.cidr);
  else if (r.peer.kind === 'security-group') peer = isUnknown(r.peer.group) ? 'security group ?' : `security group ${r.peer.group}`;
  else peer = isUnknown(r.peer.id) ? 'prefix list ?' : `prefix list ${r.peer.id}`;
  const tag = r.implicitDefaultEgress ? ' (default egress rule)' : '';
  return `${groupId} ${r.direction} ${proto}${ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer}${tag}`;
}

/**
 * Evaluates the groups of one ENI for a packet leaving it (egress) or arriving at it (ingress).
 * `peerPlacement` is the ENI at the other end when the packet still carries its private address
 * (so security-group references can match), or null.
 */
export function evaluateSecurityGroups(
  model: NetworkModel,
  groupRefs: Placement['securityGroups'],
  direction: 'ingress' | 'egress',
  p: Packet,
  peerPlacement: Placement | null,
  /** Where to point when a group is not in the template (the placement that names it). */
  fallbackRange: Range = { start: 0, end: 0 },
): SgVerdict {
  const peer = direction === 'egress' ? p.dst : p.src;
  const portful = hasPorts(p);
  const whole: PortRange = portful && p.dstPorts ? p.dstPorts : { from: 0, to: 0 };
  let remaining: PortRange[] = [whole];
  const maybes: Array<{ r: PortRange; note: UnknownNote }> = [];
  const used: SgRule[] = [];
  const assumptions: string[] = [];
  const groups: SecurityGroup[] = [];
  let anyRule = false;

  // Indexed loops over groups and rules: this runs for every security-group check of every walk, mostly cold.
  for (let k = 0; k < groupRefs.length; k++) {
    const ref = groupRefs[k];
    if (isUnknown(ref)) {
      maybes.push({ r: whole, note: { reason: ref.reason, range: ref.range } });
      continue;
    }
    const g = model.index.securityGroup.get(ref);
    if (!g) {
      // A group the template does not define (an id written literally, another stack's group): its rules are unknown.
      maybes.push({ r: whole, note: { reason: `security group ${ref} is not defined in this template, so its rules are unknown`, range: fallbackRange } });
      continue;
    }
    groups.push(g);
    if (direction === 'egress' && g.egressAssumption) assumptions.push(g.egressAssumption);
    for (let j = 0; j < g.rules.length; j++) {
      const r = g.rules[j];
      if (r.direction !== direction || r.placeholder) continue;
      anyRule = true;
      let note: UnknownNote | undefined;
      // A rule that is entirely undecided (an Fn::If item) carries its reason in the protocol: say that one.
      if (isUnknown(r.protocol)) note = { reason: r.protocol.reason, range: r.protocol.range };
      else if (r.exists === 'unknown' || g.exists === 'unknown') note = { reason: `rule ${r.id} exists only under a condition the template does not decide`, range: r.origin.range };
      // Protocol (ICMP types are matched like NACL ones).
      if (!isUnknown(r.protocol) && r.protocol !== -1) {
        if (p.protocol === -1 || r.protocol !== p.protocol) continue;
        if (p.protocol === 1 && r.icmp && r.icmp.type !== -1 && r.icmp.type !== p.icmpType) continue;
      }
      let covered: PortRange = whole;
      if (portful && !isUnknown(r.protocol) && r.protocol !== -1 && r.ports !== 'all') {
        if (isUnknown(r.ports)) note = note ?? { reason: r.ports.reason, range: r.ports.range };
        else {
          const i = intersect(whole, r.ports);
          if (!i) continue;
          covered = i;
        }
      }
      // Peer.
      if (r.peer.kind === 'cidr') {
        if (isUnknown(r.peer.cidr)) note = note ?? { reason: r.peer.cidr.reason, range: r.peer.cidr.range };
        else {
          const m = matchAddr(r.peer.cidr, peer);
          if (m === 'no') continue;
          if (m === 'partial') note = note ?? { reason: `whether ${sgRuleText(r, g.id)} applies depends on the address assigned within ${formatAddr(peer)}`, range: r.origin.range };
          else if (typeof m === 'object') note = note ?? m.unknown;
        }
      } else if (r.peer.kind === 'security-group') {
        if (isUnknown(r.peer.group)) note = note ?? { reason: r.peer.group.reason, range: r.peer.group.range };
        else {
          if (!peerPlacement) continue;
          const carried = peerPlacement.securityGroups;
          if (!carried.some((c) => c === (r.peer as { group: string }).group)) {
            const u = carried.find((c) => isUnknown(c));
            if (!u || !isUnknown(u)) continue;
            note = note ?? { reason: u.reason, range: u.range };
          }
        }
      } else if (r.peer.entries && !isUnknown(r.peer.entries)) {
        // A prefix-list peer is the set of its entries (security-group-rules.md): the rule applies when
        // one entry holds the whole address set; an entry holding part of it leaves the outcome open.
        let best: 'no' | 'partial' | 'yes' = 'no';
        let entryNote: UnknownNote | undefined;
        for (const e of r.peer.entries) {
          if (isUnknown(e.cidr)) {
            entryNote = entryNote ?? { reason: `an entry of prefix list ${String(r.peer.id)} is unknown: ${e.cidr.reason}`, range: e.cidr.range };
            continue;
          }
          const m = matchAddr(e.cidr, peer);
          if (m === 'yes') best = 'yes';
          else if (m === 'partial' && best === 'no') best = 'partial';
          else if (typeof m === 'object') entryNote = entryNote ?? m.unknown;
        }
        if (best === 'no' && !entryNote) continue;
        if (best === 'partial') note = note ?? { reason: `whether ${sgRuleText(r, g.id)} applies depends on the address assigned within ${formatAddr(peer)}`, range: r.origin.range };
        else if (best === 'no') note = note ?? entryNote;
      } else {
        note = note ?? { reason: `${sgRuleText(r, g.id)} names a prefix list whose addresses the template does not define`, range: r.origin.range };
      }
      if (note) {
        maybes.push({ r: covered, note });
        continue;
      }
      const before = remaining;
      remaining = subtract(remaining, covered);
      if (remaining.length !== before.length || remaining.some((x, i) => x !== before[i])) used.push(r);
      if (remaining.length === 0) break;
    }
    if (remaining.length === 0) break;
  }

  const first = groups[0];
  const proto = protoText(p);
  const peerText = `${direction === 'egress' ? 'to' : 'from'} ${formatAddr(peer)}`;
  const portText = portful && p.dstPorts ? ` ${formatPorts(p.dstPorts)}` : '';
  const rule = used.length === 1 ? usedRuleText(used[0], groups) : used.map((r) => usedRuleText(r, groups)).join('; ');
  if (remaining.length === 0) {
    const decider = used.length > 0 ? groups.find((g) => g.rules.includes(used[0])) : first;
    return {
      decision: 'pass',
      code: '',
      rule,
      detail: `${rule || 'a rule'} admits ${proto}${portText} ${peerText}`,
      group: decider,
      rulesUsed: used,
      range: used[0]?.origin.range ?? first?.origin.range ?? fallbackRange,
      assumptions,
    };
  }
  // Ports that no rule, known or undecided, can admit are dropped whatever the open values turn out to
  // be: the flow is all-or-nothing, so those ports make it blocked, not unknown.
  let certain = remaining;
  for (const m of maybes) certain = subtract(certain, m.r);
  const undecided = certain.length === 0 ? maybes.find((m) => remaining.some((r) => intersect(r, m.r))) : undefined;
  if (undecided) {
    return {
      decision: 'unknown',
      code: 'ASSUMPTION_UNRESOLVED_VALUE',
      rule,
      detail: undecided.note.reason,
      group: first,
      rulesUsed: used,
      unknown: undecided.note,
      range: undecided.note.range,
      assumptions,
    };
  }
  const missing = merge(certain);
  // Named only in a drop's message (most evaluations pass).
  const names = groups.map((g) => g.id).join(', ') || 'none';
  if (!anyRule) {
    return {
      decision: 'drop',
      code: 'SG_HAS_NO_RULES',
      rule: '',
      detail: `security group${groups.length > 1 ? 's' : ''} ${names} ${groups.length > 1 ? 'have' : 'has'} no ${direction} rule, so nothing ${direction === 'egress' ? 'leaves' : 'enters'}`,
      group: first,
      rulesUsed: [],
      range: first?.origin.range ?? fallbackRange,
      assumptions,
    };
  }
  const partial = portful && used.length > 0 ? ` (${rule} covers only part of the range)` : '';
  return {
    decision: 'drop',
    code: 'ENI_SG_RULES_MISMATCH',
    rule,
    detail: `no ${direction} rule of ${names} admits ${proto}${portful ? ` ${describePorts(missing)}` : ''} ${peerText}${partial}`,
    group: first,
    rulesUsed: used,
    range: first?.origin.range ?? fallbackRange,
    assumptions,
  };
}

function ownerOf(groups: SecurityGroup[], r: SgRule): string {
  return groups.find((g) => g.rules.includes(r))?.id ?? '?';
}

/**
 * A rule's text with the id of the group (among `groups`) that has it, kept per rule and group id: every
 * evaluation names the rules that admitted the packet, and model rules are never changed once built.
 */
const ruleTexts = new WeakMap<SgRule, { groupId: string; text: string }>();

function usedRuleText(r: SgRule, groups: SecurityGroup[]): string {
  const groupId = ownerOf(groups, r);
  const known = ruleTexts.get(r);
  if (known && known.groupId === groupId) return known.text;
  const text = sgRuleText(r, groupId);
  ruleTexts.set(r, { groupId, text });
  return text;
}
