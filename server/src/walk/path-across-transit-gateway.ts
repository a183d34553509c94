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
import { route, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { intoOtherVpc } from './transit-gateway-inspection';
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

/** One crossing of the gateway, from subnet `from` to subnet `to`. Returns the entry (for security-group reference support), or null when the walk must stop. */
export function crossGateway(w: WalkContext, via: RouteChoice, from: Subnet, to: Subnet, p: Packet, direction: Direction, ports: string): { entry: TgwEntry; references: boolean } | null {
  const entry = enterTransitGateway(w, via, from, p, direction);
  if (!entry) return null;
  naclsIntoGateway(w, from, entry.subnet, p, direction, ports);
  const out = routeInTransitGateway(w, entry, p, direction);
  if (!out) return null;
  if (!isUnknown(out.vpc) && !isUnknown(to.vpc) && out.vpc !== to.vpc) {
    intoOtherVpc(w, entry, out, from, to, p, direction);
    return null;
  }
  const sub = leaveTransitGateway(w, entry, out, to, p, direction);
  if (!sub) return null;
  naclsOutOfGateway(w, sub, to, p, direction, ports);
  return { entry, references: referencesCrossGateway(entry, out) };
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
    if (rt.kind === 'transit-gateway') crossGateway(w, rt, ds, ss, back, 'return', initiatorPorts);
    else wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply is routed to ${rt.id ? `${rt.kind} ${rt.id}` : rt.kind} rather than back to transit gateway ${via.id}`);
  }
  sgStateful(w, src, 'ingress', back);
}
