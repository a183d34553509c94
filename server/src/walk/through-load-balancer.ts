// A flow to a load balancer is walked through it: after the client reaches a load balancer node on a
// listener port (pair-walk), the node opens (or forwards) a connection to every registered target of the
// target groups that listener forwards to, on the target port. Each (client, node, target placement) is
// one pair of the all-or-nothing verdict, so the trace names every failing target. The hops of a pair are
// the client's hops to the node, the target group's rewrite of the header, the leg to the target and its
// reply, the rewrite back, and the node's reply to the client.
import { formatAddr } from './addresses';
import { hopAt, HopRecorder, type PairResult } from './hop-recorder';
import { placementSide, resolveEndpoint } from './endpoints';
import { reply, type Packet } from './packet';
import { walkLoadBalancerToTarget } from './path-through-load-balancer';
import type { Side, WalkSettings } from './types';
import type { PlacementSide, WalkContext } from './walk-context';
import { isUnknown, type Endpoint, type LbListener, type LoadBalancerInfo, type Maybe, type NetworkModel, type TargetGroup } from '../model/types';
import type { PortRange } from '../net/ports';
import type { Range } from '../template/located';

/** Load balancers pick the source port of their connections to targets in 1024-65535 (Reachability Analyzer REMAP_EPHEMERAL_PORT). */
const LB_PORTS: PortRange = { from: 1024, to: 65535 };

interface Leg {
  at: { resource: string; type: string; element?: string; range: Range };
  /** "TargetGroup Web → Svc" for messages. */
  what: string;
  group?: TargetGroup;
  targetSides: Side[] | { unknown: string; range: Range; code?: string };
  port: Maybe<number> | undefined;
  lambda?: string;
}

export interface ClientOfLoadBalancer {
  src: Side;
  /** The client's packet as the load balancer receives it. */
  first: Packet;
}

/**
 * The pairs of a flow whose destination `dst` is a load balancer node: `pair` (client → node) extended by
 * each target leg. Returns `[pair]` unchanged when the flow stops at the load balancer (no listener on the
 * port, a listener answering itself, not tcp/udp).
 */
export function throughLoadBalancer(model: NetworkModel, settings: WalkSettings, pair: PairResult, client: ClientOfLoadBalancer, dst: PlacementSide): PairResult[] {
  const ep = model.index.endpoint.get(dst.endpoint);
  const lb = ep?.loadBalancer;
  const p = client.first;
  if (!ep || !lb || !p.dstPorts || (p.protocol !== 6 && p.protocol !== 17)) return [pair];
  const listeners = (ep.listeners ?? []).filter((l) => matches(l, p));
  if (listeners.length === 0) return [pair];
  const legs: Leg[] = [];
  const selfAnswered: string[] = [];
  for (const l of listeners) legs.push(...legsOf(model, settings, ep, lb, l, selfAnswered));
  const out: PairResult[] = [];
  if (legs.length === 0) {
    const r = { ...pair, assumptions: [...pair.assumptions] };
    for (const s of selfAnswered) if (!r.assumptions.includes(s)) r.assumptions.push(s);
    return [r];
  }
  for (const leg of legs) out.push(...walkLeg(model, settings, pair, client, dst, ep, lb, leg));
  return out;
}

function matches(l: LbListener, p: Packet): boolean {
  if (l.exists !== 'yes' || l.port === undefined || isUnknown(l.port)) return false;
  if (l.protocols && !l.protocols.includes(p.protocol)) return false;
  return l.port >= p.dstPorts!.from && l.port <= p.dstPorts!.to;
}

function legsOf(model: NetworkModel, settings: WalkSettings, ep: Endpoint, lb: LoadBalancerInfo, l: LbListener, selfAnswered: string[]): Leg[] {
  const legs: Leg[] = [];
  if (lb.type === 'classic') {
    const at = { resource: ep.id, type: ep.type, range: l.origin.range };
    for (const inst of lb.instances ?? []) {
      const what = `listener ${l.port} of ${ep.id} → instance ${isUnknown(inst) ? '?' : inst}`;
      if (isUnknown(inst)) legs.push({ at, what, targetSides: { unknown: inst.reason, range: inst.range }, port: l.instancePort });
      else legs.push({ at, what, targetSides: sidesOf(model, settings, inst), port: l.instancePort ?? l.port });
    }
    if (legs.length === 0) legs.push({ at, what: `listener ${l.port} of ${ep.id}`, targetSides: { unknown: `classic load balancer ${ep.id} registers no instances in the template; instances may be registered outside it`, range: ep.origin.range, code: 'TARGET_GROUP_HAS_NO_TARGETS' }, port: l.instancePort });
    return legs;
  }
  const groups = l.targetGroups ?? [];
  if (groups.length === 0) {
    if (l.selfAnswer) selfAnswered.push(`listener ${l.id} answers with a ${l.selfAnswer} action itself: the flow ends at load balancer ${ep.id}`);
    else legs.push({ at: { resource: l.id, type: 'AWS::ElasticLoadBalancingV2::Listener', range: l.origin.range }, what: `listener ${l.id}`, targetSides: { unknown: `listener ${l.id} forwards to no target group`, range: l.origin.range, code: 'ELBV2_LISTENER_HAS_NO_TG' }, port: undefined });
    return legs;
  }
  for (const gid of groups) {
    if (isUnknown(gid)) {
      legs.push({ at: { resource: l.id, type: 'AWS::ElasticLoadBalancingV2::Listener', range: gid.range }, what: `listener ${l.id}`, targetSides: { unknown: gid.reason, range: gid.range }, port: undefined });
      continue;
    }
    const g = model.index.targetGroup?.get(gid);
    if (!g) continue;
    const at = hopAt(g.origin, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    if (g.targets.length === 0) {
      legs.push({ at, what: `target group ${g.id}`, group: g, targetSides: { unknown: `target group ${g.id} has no targets in the template (no Targets, and no Auto Scaling group or ECS service registers with it); targets may be registered outside it`, range: g.origin.range, code: 'TARGET_GROUP_HAS_NO_TARGETS' }, port: g.port });
      continue;
    }
    for (const t of g.targets) {
      const tgt = t.target;
      const name = isUnknown(tgt) ? '?' : tgt.kind === 'endpoint' ? tgt.id : tgt.ip;
      const base = { at: { ...at, range: t.origin.range }, what: `target group ${g.id} → ${name} (${t.via})`, group: g, port: t.port };
      if (isUnknown(tgt)) legs.push({ ...base, targetSides: { unknown: tgt.reason, range: tgt.range } });
      else if (g.targetType === 'lambda' || (tgt.kind === 'endpoint' && model.index.endpoint.get(tgt.id)?.kind === 'lambda')) legs.push({ ...base, targetSides: [], lambda: name });
      else if (g.targetType === 'alb') legs.push({ ...base, targetSides: { unknown: `an application load balancer as the target of ${ep.id} is not walked through yet`, range: t.origin.range, code: 'UNSUPPORTED_COMPONENT' } });
      else if (tgt.kind === 'endpoint') legs.push({ ...base, targetSides: sidesOf(model, settings, tgt.id) });
      else {
        const r = resolveEndpoint(model, tgt.ip, settings);
        legs.push({ ...base, targetSides: r.ok ? r.sides : { unknown: `IP target ${tgt.ip}: ${r.message}`, range: t.origin.range } });
      }
    }
  }
  return legs;
}

function sidesOf(model: NetworkModel, settings: WalkSettings, id: string): Side[] | { unknown: string; range: Range } {
  const e = model.index.endpoint.get(id);
  if (!e || e.placements.length === 0) return { unknown: `${id} has no network placement in the template`, range: e?.origin.range ?? { start: 0, end: 0 } };
  return e.placements.map((pl) => placementSide(model, e, pl, settings));
}

/** Whether the target sees the client's address (NLB client IP preservation, item 33 of the semantics). */
function preservation(lb: LoadBalancerInfo, g: TargetGroup | undefined): { on: boolean; why: string } | { unknown: string; range: Range } {
  if (lb.type !== 'network') return { on: false, why: `${isUnknown(lb.type) ? 'the' : `a${lb.type === 'application' ? 'n' : ''} ${lb.type}`} load balancer proxies the connection: the target sees the load balancer node's address` };
  if (g?.preserveClientIp !== undefined) {
    if (isUnknown(g.preserveClientIp)) return { unknown: g.preserveClientIp.reason, range: g.preserveClientIp.range };
    return { on: g.preserveClientIp, why: `target group ${g.id} sets preserve_client_ip.enabled to ${g.preserveClientIp}` };
  }
  const proto = g?.protocol ?? 'TCP';
  if (/^(?:UDP|TCP_UDP|QUIC|TCP_QUIC)$/.test(proto)) return { on: true, why: `client IP preservation is always on for ${proto} target groups` };
  if (g?.targetType === 'ip') return { on: false, why: `client IP preservation is off by default for IP targets over ${proto}` };
  return { on: true, why: 'client IP preservation is on by default for instance targets' };
}

function walkLeg(model: NetworkModel, settings: WalkSettings, pair: PairResult, client: ClientOfLoadBalancer, node: PlacementSide, ep: Endpoint, lb: LoadBalancerInfo, leg: Leg): PairResult[] {
  const p = client.first;
  const make = (label: string, fill: (w: WalkContext) => void): PairResult => {
    const rec = new HopRecorder();
    const w: WalkContext = { model, settings, rec };
    fill(w);
    return merge(pair, rec.result(label));
  };
  if (!Array.isArray(leg.targetSides)) {
    const u = leg.targetSides;
    return [make(`${pair.label} → ${leg.what}`, (w) => w.rec.recordUnknown({ at: leg.at, direction: 'forward', packet: p, reason: u.unknown, range: u.range, code: u.code }))];
  }
  if (leg.lambda) {
    return [make(`${pair.label} → ${leg.what}`, (w) => {
      w.rec.record({ at: leg.at, direction: 'forward', in: p, decision: 'pass', rule: leg.what, reason: `load balancer ${ep.id} invokes Lambda function ${leg.lambda} through the Lambda service, not over the VPC network` });
      w.rec.assume(`a Lambda target is invoked by the Lambda service: its network interfaces and security groups play no part`);
    })];
  }
  const pres = preservation(lb, leg.group);
  const out: PairResult[] = [];
  for (const t of leg.targetSides) {
    if (t.kind !== 'placement') continue;
    const label = `${pair.label} → ${t.endpoint} in ${typeof t.placement.subnet === 'string' ? t.placement.subnet : '?'}`;
    if (!sameZoneAllowed(model, lb, node, t)) continue;
    out.push(
      make(label, (w) => {
        if (leg.port === undefined || isUnknown(leg.port)) {
          const why = leg.port === undefined ? `${leg.what} gives no port to send traffic to` : leg.port.reason;
          w.rec.recordUnknown({ at: leg.at, direction: 'forward', packet: p, reason: `the target port is unknown: ${why}`, range: leg.port === undefined ? leg.at.range : leg.port.range, code: leg.port === undefined ? 'TARGET_PORT_RESTRICTION' : undefined });
          return;
        }
        let preserved = false;
        if ('unknown' in pres) w.rec.recordUnknown({ at: leg.at, direction: 'forward', packet: p, reason: `whether ${ep.id} preserves the client's address is unknown: ${pres.unknown}`, range: pres.range });
        else {
          preserved = pres.on;
          w.rec.assume(pres.why);
        }
        const port = { from: leg.port, to: leg.port };
        const legPacket: Packet = preserved ? { ...p, dst: t.addr, dstPorts: port } : { ...p, src: node.addr, srcPorts: LB_PORTS, dst: t.addr, dstPorts: port };
        const rewrite = preserved ? `keeps the client's address ${formatAddr(p.src)}` : `connects from its own address ${formatAddr(node.addr)}, source ports 1024-65535`;
        w.rec.record({ at: leg.at, direction: 'forward', in: p, out: legPacket, decision: 'pass', rule: leg.what, code: preserved ? '' : 'REMAP_EPHEMERAL_PORT', reason: `load balancer ${ep.id} sends the connection to ${t.endpoint} on port ${leg.port} (${leg.what}) and ${rewrite}` });
        const peer = preserved ? (client.src.kind === 'placement' ? client.src.placement : null) : node.placement;
        walkLoadBalancerToTarget(w, node, t, legPacket, { peer, preserved, classic: lb.type === 'classic', sourcePorts: preserved ? 'the client\u2019s source ports' : 'the load balancer\u2019s source ports 1024-65535' });
        const back = reply(legPacket);
        w.rec.record({ at: leg.at, direction: 'return', in: back, out: reply(p), decision: 'pass', rule: leg.what, reason: `load balancer ${ep.id} answers the client from ${formatAddr(p.dst)} port ${p.dstPorts!.from === p.dstPorts!.to ? p.dstPorts!.from : `${p.dstPorts!.from}-${p.dstPorts!.to}`} with ${t.endpoint}'s reply` });
      }),
    );
  }
  if (out.length === 0 && leg.targetSides.length > 0) {
    const zone = zoneOf(model, node);
    out.push(make(`${pair.label} → ${leg.what}`, (w) => w.rec.record({ at: { resource: ep.id, type: ep.type, range: ep.origin.range }, direction: 'forward', in: p, decision: 'drop', code: 'ELB_NOT_CROSSZONE', reason: `cross-zone load balancing is off for ${ep.id}, and ${leg.what} has no target in zone ${zone ?? '?'} of its node in subnet ${String(node.placement.subnet)}: connections that reach that node find no target` })));
  }
  return out;
}

function zoneOf(model: NetworkModel, side: Side): string | undefined {
  if (side.kind !== 'placement' || isUnknown(side.placement.subnet)) return undefined;
  const s = model.index.subnet.get(side.placement.subnet);
  return s && !isUnknown(s.az) ? s.az : undefined;
}

/** With cross-zone load balancing off, a node sends only to targets in its own zone (when both zones are known). */
function sameZoneAllowed(model: NetworkModel, lb: LoadBalancerInfo, node: PlacementSide, t: Side): boolean {
  if (lb.crossZone !== false) return true;
  const a = zoneOf(model, node);
  const b = zoneOf(model, t);
  return a === undefined || b === undefined || a === b;
}

/** The client's pair with a leg: forward hops, the leg's hops, then the client pair's return hops. */
function merge(pair: PairResult, leg: PairResult): PairResult {
  const fwd = pair.hops.filter((h) => h.direction === 'forward');
  const ret = pair.hops.filter((h) => h.direction === 'return');
  const assumptions = [...pair.assumptions];
  for (const a of leg.assumptions) if (!assumptions.includes(a)) assumptions.push(a);
  return { hops: [...fwd, ...leg.hops, ...ret], blockers: [...pair.blockers, ...leg.blockers], unknown: pair.unknown || leg.unknown, assumptions, label: leg.label };
}
