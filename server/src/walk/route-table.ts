// The subnet's route table: the packet leaving a subnet follows the most specific route (the lookup
// itself: routes.ts). Records the route hop and hands the chosen target to the path script.
import { isUnknown, type Route, type RouteTable, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { hopAt } from './hop-recorder';
import type { Packet } from './packet';
import { lookupRoute, routeText } from './routes';
import { isIpv6Unknown, vpcOfSubnet, type WalkContext } from './walk-context';

/** The target a route lookup chose. `id` is absent only for the local route. */
export interface RouteChoice {
  kind: string;
  id?: string;
  rt: RouteTable;
  route: Route;
}

/** How the caller names a missing route when it knows more than "no route" (a NAT gateway's subnet…). */
export interface NoRouteCause {
  code: string;
  /** The reason, given the plain "has no route" text. */
  reason: (noRoute: string) => string;
}

export function routeTableName(rt: RouteTable): string {
  return rt.implicit ? `the main route table of ${rt.origin.resource}` : `route table ${rt.origin.resource}`;
}

/** Looks the destination up in the subnet's route table; returns the chosen route's target, or null. */
export function route(w: WalkContext, subnet: Subnet, p: Packet, direction: Direction, noRouteCause?: NoRouteCause): RouteChoice | null {
  const rtId = subnet.routeTable;
  if (isUnknown(rtId)) {
    w.rec.recordUnknown({ at: { resource: subnet.id, type: 'AWS::EC2::Subnet', range: rtId.range }, direction, packet: p, reason: `the route table of subnet ${subnet.id} is unknown: ${rtId.reason}` });
    return null;
  }
  const rt = w.model.index.routeTable.get(rtId);
  if (!rt) {
    w.rec.recordUnknown({ at: { resource: subnet.id, type: 'AWS::EC2::Subnet', range: subnet.origin.range }, direction, packet: p, reason: `route table ${rtId} of subnet ${subnet.id} is not in the model` });
    return null;
  }
  if (rt.implicit) w.rec.assume(`subnet ${subnet.id} has no route table association, so its VPC's main route table applies (local routes only, unless the template adds routes to it)`);
  return routeIn(w, rt, `subnet ${subnet.id}`, p, direction, noRouteCause);
}

/** Looks the destination up in a route table; `where` says whose table it is ("subnet X", "edge-associated with internet gateway Y"). */
export function routeIn(w: WalkContext, rt: RouteTable, where: string, p: Packet, direction: Direction, noRouteCause?: NoRouteCause): RouteChoice | null {
  const rtName = routeTableName(rt);
  const v = lookupRoute(rt, p.dst, (u) => isIpv6Unknown(w, u));
  for (const a of v.assumptions) w.rec.assume(a);
  const rtAt = hopAt(rt.origin, 'AWS::EC2::RouteTable');
  if (v.decision === 'unknown') {
    w.rec.recordUnknown({ at: rtAt, direction, packet: p, reason: `the route from ${rtName} (${where}) is unknown: ${v.detail}`, range: v.unknown?.range ?? rt.origin.range });
    return null;
  }
  if (v.decision === 'drop' || !v.route) {
    const noRoute = `${rtName} (${where}) has no route to ${formatAddr(p.dst)}`;
    w.rec.record({ at: rtAt, direction, in: p, decision: 'drop', code: noRouteCause?.code ?? 'NO_ROUTE_TO_DESTINATION', reason: noRouteCause ? noRouteCause.reason(noRoute) : noRoute });
    return null;
  }
  const r = v.route;
  const isLocal = r.target.kind === 'local';
  const at = isLocal ? { resource: rtAt.resource, type: rtAt.type, element: rtAt.element, range: r.origin.range } : hopAt(r.origin, 'AWS::EC2::Route');
  const t = r.target;
  if (t.kind === 'missing') {
    w.rec.record({ at, direction, in: p, decision: 'drop', rule: routeText(r), code: 'BAD_STATE_ROUTE', reason: `${rtName} sends ${formatAddr(p.dst)} to ${t.id}, which the template does not create (${t.reason}): the route is a blackhole` });
    return null;
  }
  if (r.exists === 'unknown') w.rec.assume(`route ${r.id} is assumed to exist (its Condition is not decided by the template)`);
  if (t.kind !== 'local' && isUnknown(t.id)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the target of route ${routeText(r)} is unknown: ${t.id.reason}`, range: t.id.range });
    return null;
  }
  w.rec.record({ at, direction, in: p, decision: 'pass', rule: routeText(r), reason: `${rtName} (${where}): ${v.detail}` });
  return { kind: t.kind, id: t.kind === 'local' ? undefined : (t.id as string), rt, route: r };
}

/**
 * A local route delivers only inside the VPC of the route table (VPC_Route_Tables.md, "local route").
 * When the other end sits in another VPC whose CIDR overlaps this one (two VPCs built from the same
 * CIDR are common in templates), the address matches the local route but the packet never leaves its
 * VPC: it cannot reach the other end.
 */
export function localToOtherVpc(w: WalkContext, from: Subnet, to: Subnet, rt: RouteTable, direction: Direction, p: Packet, target: string): void {
  const a = vpcOfSubnet(from);
  const b = vpcOfSubnet(to);
  if (!a || !b || a === b) return;
  w.rec.record({
    at: hopAt(rt.origin, 'AWS::EC2::RouteTable'),
    direction,
    in: p,
    decision: 'drop',
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: `${routeTableName(rt)} (subnet ${from.id}) delivers ${formatAddr(p.dst)} locally inside VPC ${a}, but ${target} is in VPC ${b} (the two VPCs' address ranges overlap), so the ${direction === 'return' ? 'reply' : 'packet'} never reaches it`,
  });
}

/** A route to something the walk does not model yet: say so, honestly. */
export function unsupportedTarget(w: WalkContext, target: { kind: string; id?: string }, rt: RouteTable, direction: Direction, p: Packet, reason?: string): void {
  w.rec.recordUnknown({
    at: hopAt(rt.origin, 'AWS::EC2::RouteTable'),
    direction,
    packet: p,
    code: 'UNSUPPORTED_COMPONENT',
    reason: reason ?? `the route sends the packet to ${target.kind}${target.id ? ` ${target.id}` : ''}, which packetwalk does not model yet, so the rest of the path is unknown`,
  });
}

/** A route that sends the packet somewhere other than where the path needs it: a drop at the route table. */
export function wrongRoute(w: WalkContext, rt: RouteTable, direction: Direction, p: Packet, code: string, reason: string): void {
  w.rec.record({ at: hopAt(rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code, reason });
}

const TARGET_NAMES: Record<string, string> = {
  'nat-gateway': 'NAT gateway',
  'internet-gateway': 'internet gateway',
  'egress-only-internet-gateway': 'egress-only internet gateway',
  'transit-gateway': 'transit gateway',
  'vpc-peering': 'peering',
  'vpn-gateway': 'virtual private gateway',
  'vpc-endpoint': 'VPC endpoint',
  'network-interface': 'network interface',
  instance: 'instance',
};

/**
 * A route's target as a sentence names it: "NAT gateway Nat", "peering Pcx", "local" (routes.ts's
 * targetText is the compact form a route's own text uses: "Nat").
 */
export function targetInWords(t: { kind: string; id?: string }): string {
  const name = TARGET_NAMES[t.kind] ?? t.kind;
  return t.id ? `${name} ${t.id}` : name;
}

/**
 * The reply leaves the destination's subnet `ds` through a NAT gateway instead of the way the request came
 * (`instead`): the NAT gateway treats it as a new connection and rewrites its source, so the initiator,
 * expecting the reply from the address it called, discards it (docs/codes.md, asymmetric_return_route).
 */
export function replyThroughNat(w: WalkContext, choice: { id?: string; rt: RouteTable }, ds: Subnet, back: Packet, initiator: string, instead: string): void {
  wrongRoute(
    w,
    choice.rt,
    'return',
    back,
    'ASYMMETRIC_RETURN_ROUTE',
    `subnet ${ds.id} routes the reply to ${formatAddr(back.dst)} through NAT gateway ${choice.id ?? '?'} instead of ${instead}; the NAT gateway would rewrite its source, so ${initiator} gets the reply from the NAT gateway's address rather than from ${formatAddr(back.src)} and discards it`,
  );
}
