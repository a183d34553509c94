// The path between placements in two VPCs joined by a peering connection: out of the source's subnet,
// across the peering into the peer VPC, into the destination's subnet; the reply needs a route back
// through the peering in the destination's route table (routes on both sides), and crosses it again.
import type { Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { reply, type Packet } from './packet';
import { arriveAtDestination } from './destination';
import { localToOtherVpc, replyThroughNat, route, targetInWords, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { crossPeering } from './vpc-peering';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

export function walkAcrossPeering(w: WalkContext, src: PlacementSide, dst: PlacementSide, ss: Subnet, ds: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const peerVpc = crossPeering(w, via, vpcOfSubnet(ss), first, 'forward');
  if (peerVpc === null) return;
  const dstVpc = vpcOfSubnet(ds);
  if (dstVpc !== null && dstVpc !== peerVpc) {
    // Two VPCs with overlapping ranges: the peering delivers into its own peer, not into the VPC that holds the destination.
    wrongRoute(w, via.rt, 'forward', first, 'NO_ROUTE_TO_DESTINATION', `the peering delivers ${formatAddr(first.dst)} into ${peerVpc}, but ${dst.endpoint} is in ${dstVpc}: a peering is not transitive, so the packet never reaches it`);
    return;
  }
  arriveAtDestination(w, src.placement, dst, ds, first, true);

  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', initiatorPorts);
  const srcVpc = vpcOfSubnet(ss);
  const backRoute = route(w, ds, back, 'return', {
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: (noRoute) => `${noRoute}: a peering needs a route on both sides, and ${dstVpc ?? 'the destination VPC'} has none back to ${srcVpc ?? 'the source VPC'} through ${via.id}`,
  });
  if (backRoute) {
    if (backRoute.kind === 'vpc-peering') crossPeering(w, backRoute, dstVpc, back, 'return');
    else if (backRoute.kind === 'local') localToOtherVpc(w, ds, ss, backRoute.rt, 'return', back, src.endpoint);
    else if (backRoute.kind === 'nat-gateway') replyThroughNat(w, backRoute, ds, back, src.endpoint, `back through peering ${via.id}: a peering needs a route on both sides`);
    else wrongRoute(w, backRoute.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} is routed to ${targetInWords(backRoute)} rather than back through peering ${via.id}: a peering needs a route on both sides`);
  }
  naclCheck(w, ss, false, back, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', back);
}
