// The path between two placements of a VPC when the source's route table sends the packet through a
// middlebox endpoint (Network Firewall or Gateway Load Balancer endpoint: east-west inspection with routes
// more specific than local): into the endpoint's subnet, inspected (assumed to pass), on by that subnet's
// route table to the destination; the reply must come back through the same endpoints.
import type { Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { arriveAtDestination } from './destination';
import { throughInspection, replyThroughInspection } from './inspection-chain';
import type { InspectionHop } from './inspection-endpoint';
import { reply, type Packet } from './packet';
import { localToOtherVpc, route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { PlacementSide, WalkContext } from './walk-context';

/** `t`: the source subnet's route choice, a middlebox endpoint (the source subnet's NACL outbound already checked). */
export function walkWithinVpcInspected(w: WalkContext, src: PlacementSide, dst: PlacementSide, ss: Subnet, ds: Subnet, t: RouteChoice, first: Packet, initiatorPorts: string): void {
  const fwd: InspectionHop[] = [];
  const a = throughInspection(w, ss, t, first, 'forward', fwd, { dstSubnet: ds.id });
  if (a.t && a.t.kind !== 'local') {
    unsupportedTarget(w, a.t, a.t.rt, 'forward', first, `after ${fwd.map((x) => x.name).join(' and ')}, subnet ${a.subnet?.id ?? '?'} routes ${formatAddr(first.dst)} on to ${a.t.kind} ${a.t.id ?? ''}, which is not walked after a middlebox endpoint yet, so the rest of the path is unknown`);
    return;
  }
  const last = a.subnet ?? ss;
  if (a.t) localToOtherVpc(w, last, ds, a.t.rt, 'forward', first, dst.endpoint);
  // The endpoint changes no address: the destination sees the initiator's own address.
  if (!dst.probe) w.rec.assume(`a middlebox endpoint forwards the packet with the initiator's address unchanged, so ${dst.endpoint}'s rules are matched against ${formatAddr(first.src)} (a security-group reference to the initiator's group is taken to match it, as without the endpoint)`);
  arriveAtDestination(w, src.placement, dst, ds, first, last.id !== ds.id);

  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', initiatorPorts);
  const rt = route(w, ds, back, 'return');
  const after = replyThroughInspection(w, ds, rt, back, fwd, { dstSubnet: ss.id, note: initiatorPorts });
  if (after.t && after.t.kind !== 'local') {
    wrongRoute(w, after.t.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} is routed to ${after.t.kind} ${after.t.id ?? ''} instead of back to ${src.endpoint}'s subnet`);
  } else if (after.t) localToOtherVpc(w, after.subnet ?? ds, ss, after.t.rt, 'return', back, src.endpoint);
  if ((after.subnet ?? ds).id !== ss.id) naclCheck(w, ss, false, back, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', back);
}
