// "Expect: blocked" means nothing gets through (docs/architecture.md, "Declared flows"). A trace's verdict is
// all-or-nothing the other way round: it is `blocked` as soon as one placement pair, one destination
// port or one source port fails. So a flow can be `blocked` while part of it gets through: a Lambda in
// two subnets of which one is open, a port range of which one port is allowed, a reply NACL that admits
// only some of the client's ephemeral ports (some connections then succeed). This finds such a part.
//
// Within an interval of ports that no NACL entry or security-group rule of the model splits, every port
// meets the same rules, so one walk per interval decides the whole interval.
import type { PortRange } from '../net/ports';
import { isUnknown, type NetworkModel } from '../model/types';
import { formatAddr } from './addresses';
import { pinSourceIp, resolveEndpoint } from './endpoints';
import { walkPair, type PairResult } from './pair-walk';
import type { FlowSpec, Side, WalkSettings } from './types';

const PROTOCOLS: Record<FlowSpec['protocol'], number> = { tcp: 6, udp: 17, icmp: 1, all: -1 };
const INTERNET_CLIENT: PortRange = { from: 1024, to: 65535 };
/** Above this many walks the question is left open (null): never a guess, never a long stall. */
const MAX_WALKS = 4096;

/**
 * A description of one part of the flow that passes every check (forward and return), or null when
 * nothing passes (or when that cannot be decided: see partOutcome).
 */
export function passingPart(model: NetworkModel, spec: FlowSpec, settings: WalkSettings = {}): string | null {
  const r = partOutcome(model, spec, settings);
  return r?.passes ? r.part : null;
}

/**
 * Like passingPart, but also reports a part whose outcome the template leaves open (`passes: false`):
 * then "nothing gets through" cannot be decided either. A part that passes wins over an open one.
 */
export function partOutcome(model: NetworkModel, spec: FlowSpec, settings: WalkSettings = {}): { passes: boolean; part: string; reason?: string } | null {
  try {
    return search(model, spec, settings);
  } catch {
    return null;
  }
}

function search(model: NetworkModel, spec: FlowSpec, settings: WalkSettings): { passes: boolean; part: string; reason?: string } | null {
  const from = resolveEndpoint(model, spec.from, settings);
  const to = resolveEndpoint(model, spec.to, settings);
  if (!from.ok || !to.ok) return null;
  let sources = from.sides;
  if (spec.sourceIp) {
    const pinned = pinSourceIp(model, sources, spec.sourceIp);
    if (!pinned.ok) return null;
    sources = pinned.sides;
  }
  const protocol = PROTOCOLS[spec.protocol] ?? 6;
  const portful = protocol === 6 || protocol === 17;
  let dstRange: PortRange | null = null;
  let icmpType: number | undefined;
  if (portful) dstRange = spec.port === undefined ? { from: 0, to: 65535 } : typeof spec.port === 'number' ? { from: spec.port, to: spec.port } : spec.port;
  else if (protocol === 1 && spec.port !== undefined) icmpType = typeof spec.port === 'number' ? spec.port : spec.port.from;

  let walks = 0;
  let open: { passes: boolean; part: string; reason?: string } | null = null;
  for (const s of sources) {
    const srcRange = !portful || spec.sourcePort !== undefined ? null : s.kind === 'placement' ? s.ephemeral.range : INTERNET_CLIENT;
    for (const d of to.sides) {
      // The elements a pair's packets meet do not depend on the ports (routes ignore them, and the walk
      // visits every element even past a drop), so one walk over the whole ranges names the NACLs and
      // groups whose rules can split them: only their boundaries need separate walks.
      walks++;
      const whole = walkPair(model, settings, { src: s, dst: d, protocol, dstPorts: dstRange, icmpType, sourcePort: spec.sourcePort });
      if (whole.blockers.length === 0 && !whole.unknown) return { passes: true, part: describe(s, d, spec, dstRange, srcRange, dstRange, srcRange) };
      const cuts = portful ? cutPoints(model, whole.hops) : [];
      const dstParts = dstRange ? split(dstRange, cuts) : [null];
      const srcParts: Array<PortRange | null> = srcRange ? split(srcRange, cuts) : [null];
      if (blockedWhateverThePorts(s, d, whole)) {
        // Every part would be walked only to be dropped: count the walks, as the loop below would.
        const parts = dstParts.length * srcParts.length;
        if (walks + parts > MAX_WALKS) return open ?? tooMany(spec);
        walks += parts;
        continue;
      }
      for (const dp of dstParts) {
        for (const sp of srcParts) {
          // Too wide to enumerate: say so rather than answer "nothing gets through" by default.
          if (++walks > MAX_WALKS) return open ?? tooMany(spec);
          const sourcePort = sp ? sp.from : spec.sourcePort;
          const r = walkPair(model, settings, { src: s, dst: d, protocol, dstPorts: dp, icmpType, sourcePort });
          if (r.blockers.length > 0) continue;
          const part = describe(s, d, spec, dp, sp, dstRange, srcRange);
          if (!r.unknown) return { passes: true, part };
          if (!open) {
            const hop = r.hops.find((h) => h.decision === 'unknown');
            open = { passes: false, part, ...(hop ? { reason: hop.reason } : {}) };
          }
        }
      }
    }
  }
  return open;
}

function tooMany(spec: FlowSpec): { passes: boolean; part: string; reason: string } {
  return { passes: false, part: `${spec.from} → ${spec.to}`, reason: `the flow has more than ${MAX_WALKS} combinations of placements and port intervals, too many to check each` };
}

/**
 * Whether every part of a pair is blocked, known from its walk over the whole ranges: that walk met a drop
 * that does not depend on the ports (HopRecord.byPorts), and a walk over fewer ports takes the same
 * course to it. It does: only network ACLs, security groups, listeners and reserved services read the
 * ports, and none of them changes which elements come next (they record a hop and the walk goes on), except
 * a reserved service (its port decides whether it answers) and a walk to or from a private address outside
 * the template (a drop on the way decides whether a peering is followed further), whose pairs are left out.
 */
function blockedWhateverThePorts(s: Side, d: Side, whole: PairResult): boolean {
  if (!whole.portFreeDrop) return false;
  return s.kind !== 'service' && d.kind !== 'service' && s.kind !== 'remote' && d.kind !== 'remote';
}

/**
 * Every port at which a NACL entry or security-group rule met on the path starts or stops applying (an
 * element is met when a hop names it, its entries or rules, or the resource that implies it), and the
 * listener ports of a load balancer met on the path. Elements off the path cannot split the ranges (which
 * also keeps a flow's answer independent of unrelated parts of the template: the live analysis relies on it).
 */
function cutPoints(model: NetworkModel, hops: ReadonlyArray<{ resource: string }>): number[] {
  const index = boundaryIndex(model);
  const out = new Set<number>();
  for (const resource of new Set(hops.map((h) => h.resource))) for (const b of index.byResource.get(resource) ?? []) out.add(b);
  return [...out].sort((a, b) => a - b);
}

interface BoundaryIndex {
  /** Resource named by a hop → the port boundaries of the NACLs and groups that name belongs to. */
  byResource: Map<string, number[]>;
}

const INDEXES = new WeakMap<NetworkModel, BoundaryIndex>();

/** Built once per model: every search of every flow looks boundaries up by the resources its hops name. */
function boundaryIndex(model: NetworkModel): BoundaryIndex {
  const cached = INDEXES.get(model);
  if (cached) return cached;
  const byResource = new Map<string, number[]>();
  const bounds = (ranges: unknown[]): number[] => {
    const out: number[] = [];
    for (const r of ranges) {
      if (!r || typeof r !== 'object' || isUnknown(r as never)) continue;
      const p = r as PortRange;
      out.push(p.from, p.to + 1);
    }
    return out;
  };
  const addAll = (names: string[], b: number[]) => {
    if (b.length === 0) return;
    for (const n of new Set(names)) {
      const list = byResource.get(n);
      if (list) list.push(...b);
      else byResource.set(n, [...b]);
    }
  };
  for (const acl of model.networkAcls) {
    addAll([acl.id, acl.origin.resource, ...acl.entries.flatMap((e) => [e.id, e.origin.resource])], bounds(acl.entries.map((e) => e.ports)));
  }
  for (const g of model.securityGroups) {
    addAll([g.id, g.origin.resource, ...g.rules.flatMap((r) => [r.id, r.origin.resource])], bounds(g.rules.map((r) => (r.ports === 'all' ? undefined : r.ports))));
  }
  for (const e of model.endpoints) {
    const listeners: number[] = [];
    for (const l of e.listeners ?? []) if (typeof l.port === 'number') listeners.push(l.port, l.port + 1);
    addAll([e.id, e.origin.resource], listeners);
  }
  const index = { byResource };
  INDEXES.set(model, index);
  return index;
}

function split(r: PortRange, cuts: number[]): PortRange[] {
  const out: PortRange[] = [];
  let start = r.from;
  for (const c of cuts) {
    if (c <= start || c > r.to) continue;
    out.push({ from: start, to: c - 1 });
    start = c;
  }
  out.push({ from: start, to: r.to });
  return out;
}

function ports(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

function where(s: Side): string {
  if (s.kind !== 'placement') return s.label;
  const sub = typeof s.placement.subnet === 'string' ? s.placement.subnet : '?';
  return s.probe ? `${formatAddr(s.addr)} in ${sub}` : `${s.endpoint} in ${sub}`;
}

function describe(s: Side, d: Side, spec: FlowSpec, dp: PortRange | null, sp: PortRange | null, dstRange: PortRange | null, srcRange: PortRange | null): string {
  const parts = [`${where(s)} → ${where(d)}`];
  parts.push(dp ? `${spec.protocol} ${ports(dp)}${dstRange && (dp.from !== dstRange.from || dp.to !== dstRange.to) ? ` (of ${ports(dstRange)})` : ''}` : spec.protocol);
  if (sp && srcRange && (sp.from !== srcRange.from || sp.to !== srcRange.to)) parts.push(`from source ports ${ports(sp)} (of ${ports(srcRange)})`);
  return parts.join(', ');
}
