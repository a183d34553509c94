// The path between placements in two VPCs attached to one transit gateway: out of the source's subnet to
// the gateway's attachment in its zone, routed by the attachment's route table, out through the
// destination VPC's attachment; the reply takes the same steps from the destination's own route table.
// Network ACLs at an attachment's subnet follow the Transit Gateway guide (tgw-nacls.html): into the
// gateway, the attachment subnet's inbound rules apply (and, in the instance's own subnet, its outbound and
// inbound rules); out of the gateway, the attachment subnet's outbound rules apply, and none when the
// destination sits in that same subnet.
import { isUnknown, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { reply, type Packet } from './packet';
import { arriveAtDestination } from './destination';
import { replyThroughNat, route, targetInWords, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { acrossInspectionVpc, inspectionHint } from './transit-gateway-inspection';
import { checkSymmetry, type InspectionHop } from './inspection-endpoint';
import { enterTransitGateway, leaveTransitGateway, referencesCrossGateway, routeInTransitGateway, type TgwEntry } from './transit-gateway';
import type { PlacementSide, WalkContext } from './walk-context';

/** Network ACLs into the gateway's attachment subnet (the source subnet's outbound rules are checked before its route). */
export function naclsIntoGateway(w: WalkContext, from: Subnet, attachmentSubnet: Subnet, p: Packet, direction: Direction, ports: string): void {
  naclCheck(w, from.id === attachmentSubnet.id ? from : attachmentSubnet, false, p, direction, ports);
}

/** Network ACLs from the gateway's attachment subnet to the subnet it delivers into. */
export function naclsOutOfGateway(w: WalkContext, attachmentSubnet: Subnet, to: Subnet, p: Packet, direction: Direction, ports: string): void {
  if (attachmentSubnet.id === to.id) {
    w.rec.assume(`the transit gateway delivers into subnet ${to.id}, where its attachment sits: no network ACL is evaluated for traffic from the gateway into its own subnet`);
    return;
  }
  naclCheck(w, attachmentSubnet, true, p, direction, ports);
  naclCheck(w, to, false, p, direction, ports);
}

/** A crossing of the gateway that arrived: the last entry (security-group reference support) and the inspection VPC, if any, in between. */
export interface Crossed {
  entry: TgwEntry;
  references: boolean;
  /** The middlebox endpoints of an inspection VPC the packet went through between two crossings. */
  inspected: InspectionHop[];
  /** The inspection VPC's attachment subnet the packet went through (appliance mode keeps the reply there). */
  inspectionSubnet?: Subnet;
}

/** How one crossing relates to the other direction's (the return crossing of a flow knows the request's). */
export interface CrossingContext {
  /** The request's crossing, when this is the reply's. */
  request?: Crossed;
  /** Crossings made so far in this direction (an inspection VPC makes two). */
  depth?: number;
}

/**
 * One crossing of the gateway, from subnet `from` to subnet `to` (through an inspection VPC and a second
 * crossing when the gateway's route leads there). Returns where it arrived, or null when the walk must stop.
 */
export function crossGateway(w: WalkContext, via: RouteChoice, from: Subnet, to: Subnet, p: Packet, direction: Direction, ports: string, ctx: CrossingContext = {}): Crossed | null {
  const entry = enterTransitGateway(w, via, from, p, direction);
  if (!entry) return null;
  naclsIntoGateway(w, from, entry.subnet, p, direction, ports);
  const out = routeInTransitGateway(w, entry, p, direction);
  if (!out) return null;
  if (!isUnknown(out.vpc) && !isUnknown(to.vpc) && out.vpc !== to.vpc) {
    const between = acrossInspectionVpc(w, entry, out, from, to, p, direction, ports, { request: ctx.request?.inspectionSubnet, depth: ctx.depth ?? 0 });
    if (!between) return null;
    const onward = crossGateway(w, between.next, between.subnet, to, p, direction, ports, { request: ctx.request, depth: (ctx.depth ?? 0) + 1 });
    if (!onward) return null;
    return { ...onward, inspected: [...between.inspected, ...onward.inspected], inspectionSubnet: between.attachmentSubnet };
  }
  const sub = leaveTransitGateway(w, entry, out, to, p, direction);
  if (!sub) return null;
  naclsOutOfGateway(w, sub, to, p, direction, ports);
  return { entry, references: referencesCrossGateway(entry, out), inspected: [] };
}

/**
 * The reply's crossing against the request's (undefined: the request crossed no gateway): both directions
 * must meet the same inspection endpoints, since a stateful firewall drops a flow it sees one way only.
 */
export function checkCrossingSymmetry(w: WalkContext, request: Crossed | undefined, reply: Crossed | null, back: Packet): void {
  if (!reply) return;
  const fwd = request?.inspected ?? [];
  if (fwd.length === 0 && reply.inspected.length === 0) return;
  checkSymmetry(w, fwd, reply.inspected, back, null, inspectionHint(request ?? {}, reply));
}

export function walkAcrossTransitGateway(w: WalkContext, src: PlacementSide, dst: PlacementSide, ss: Subnet, ds: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const forward = crossGateway(w, via, ss, ds, first, 'forward', initiatorPorts);
  if (!forward) return;
  // Security-group references match across a transit gateway only with referencing support on (SG_REFERENCING_SUPPORT).
  if (!forward.references) w.rec.assume(`security-group references do not match across transit gateway ${forward.entry.tgw.id} (security group referencing support is not on for it and both attachments), so only address rules admit the traffic`);
  arriveAtDestination(w, forward.references ? src.placement : null, dst, ds, first, false);

  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', initiatorPorts);
  const rt = route(w, ds, back, 'return', { code: 'NO_ROUTE_TO_DESTINATION', reason: (noRoute) => `${noRoute}: the reply needs a route back to the transit gateway in the destination's route table` });
  if (rt) {
    if (rt.kind === 'transit-gateway') checkCrossingSymmetry(w, forward, crossGateway(w, rt, ds, ss, back, 'return', initiatorPorts, { request: forward }), back);
    else if (rt.kind === 'nat-gateway') replyThroughNat(w, rt, ds, back, src.endpoint, `back to transit gateway ${via.id}`);
    else wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply is routed to ${targetInWords(rt)} rather than back to transit gateway ${via.id}`);
  }
  sgStateful(w, src, 'ingress', back);
}
