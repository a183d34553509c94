// The steps every path from the internet to a placement shares, IPv4 and IPv6: the drop when the
// destination's VPC has no internet gateway, and the reply's way out of the destination (stateful group,
// the subnet's outbound NACL, its route, and back through the middlebox endpoints the request came in
// through, and only those). What happens at the gateway itself differs by family and stays with each path.
import type { Subnet } from '../model/types';
import { hopAt } from './hop-recorder';
import type { InspectionHop } from './inspection-endpoint';
import { isInspectionTarget } from './inspection-endpoint';
import { replyThroughInspection } from './inspection-chain';
import { reply, type Packet } from './packet';
import { route, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { PlacementSide, WalkContext } from './walk-context';

/** No internet gateway is attached to the destination's VPC: nothing on the internet reaches it (`family`: 6 says "over IPv6"). */
export function noInternetGateway(w: WalkContext, dst: PlacementSide, ds: Subnet, vpc: string | null, p: Packet, family: 4 | 6): void {
  const v = vpc ? w.model.index.vpc.get(vpc) : undefined;
  const at = v ? hopAt(v.origin, 'AWS::EC2::VPC') : { resource: ds.id, type: 'AWS::EC2::Subnet', range: ds.origin.range };
  w.rec.record({ at, direction: 'forward', in: p, decision: 'drop', code: 'IGW_NOT_ATTACHED', reason: `no internet gateway is attached to VPC ${vpc ?? '?'}, so nothing on the internet can reach ${dst.endpoint}${family === 6 ? ' over IPv6' : ''}` });
}

/**
 * The reply to `first` leaves the destination: its groups (stateful), its subnet's outbound NACL and route,
 * then back through the endpoints `ingress` the request came in through. Returns the reply and the route
 * it then follows, or null when the walk goes no further.
 */
export function replyLeavesDestination(w: WalkContext, dst: PlacementSide, ds: Subnet, first: Packet, ingress: InspectionHop[], clientPorts: string): { back: Packet; t: RouteChoice } | null {
  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', clientPorts);
  const rt0 = route(w, ds, back, 'return');
  if (!rt0) return null;
  const t = isInspectionTarget(w, rt0) || ingress.length > 0 ? replyThroughInspection(w, ds, rt0, back, ingress, { note: clientPorts }).t : rt0;
  return t ? { back, t } : null;
}
