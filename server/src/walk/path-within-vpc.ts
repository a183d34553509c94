// The path between two placements in the template's VPCs: the source's security groups, subnet
// boundary and route table, the destination's subnet boundary, security groups and listeners; then
// the reply back the same way, stateless checks again and stateful ones passing.
import { addrFamily, formatAddr } from './addresses';
import { reply, type Packet } from './packet';
import { hasAddressOfFamily, noteExistence, subnetOf } from './placement';
import { localToOtherVpc, replyThroughNat, route, unsupportedTarget, wrongRoute } from './route-table';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { endpointMayInitiate } from './vpc-endpoint';
import { arriveAtDestination } from './destination';
import { walkAcrossPeering } from './path-across-peering';
import { walkAcrossTransitGateway } from './path-across-transit-gateway';
import { walkThroughMiddlebox } from './path-through-middlebox';
import { isInspectionTarget } from './inspection-endpoint';
import { replyThroughInspection } from './inspection-chain';
import { walkWithinVpcInspected } from './path-through-inspection';
import { walkViaNatToOtherVpc } from './path-nat-to-other-vpc';
import type { PlacementSide, WalkContext } from './walk-context';

/** Where an IPv6 packet between two placements is walked on to (no NAT gateway or appliance: they do not translate IPv6). */
const IPV6_TARGETS = new Set(['local', 'internet-gateway', 'vpc-peering', 'transit-gateway']);

/** Placement → placement inside a VPC. */
export function walkWithinVpc(w: WalkContext, src: PlacementSide, dst: PlacementSide, first: Packet, initiatorPorts: string): void {
  noteExistence(w, src, dst);
  if (!endpointMayInitiate(w, src, first)) return;
  const ss = subnetOf(w, src, 'forward', first);
  const ds = subnetOf(w, dst, 'forward', first);
  // Both ends need an address of the flow's family (an IPv4-only ENI in an IPv6 flow has none).
  if (ss && !hasAddressOfFamily(w, src, ss, dst.addr, first, true)) return;
  if (ds && !hasAddressOfFamily(w, dst, ds, src.addr, first, false)) return;
  sgCheck(w, src, 'egress', first, dst.placement);
  if (!ss || !ds) return;
  const same = ss.id === ds.id;
  if (same) w.rec.assume(`${src.endpoint} and ${dst.endpoint} share subnet ${ss.id}: traffic inside a subnet is not checked by network ACLs`);
  if (!same) naclCheck(w, ss, true, first, 'forward');
  // When the route lookup drops or cannot decide, the walk goes on as if the packet had been delivered
  // locally, so that the destination's NACL and security groups are still checked.
  const t = route(w, ss, first, 'forward');
  if (t && addrFamily(first.dst) === 6 && !IPV6_TARGETS.has(t.kind) && !isInspectionTarget(w, t)) {
    unsupportedTarget(w, t, t.rt, 'forward', first, `the route sends the IPv6 packet to ${t.kind} ${t.id ?? ''}; packetwalk walks IPv6 within a VPC, across peerings and transit gateways, and to and from the internet, so the rest of the path is unknown`);
    return;
  }
  if (t && t.kind === 'vpc-peering') {
    walkAcrossPeering(w, src, dst, ss, ds, t, first, initiatorPorts);
    return;
  }
  if (t && t.kind === 'transit-gateway') {
    walkAcrossTransitGateway(w, src, dst, ss, ds, t, first, initiatorPorts);
    return;
  }
  if (t && !same && isInspectionTarget(w, t)) {
    walkWithinVpcInspected(w, src, dst, ss, ds, t, first, initiatorPorts);
    return;
  }
  if (t && (t.kind === 'instance' || t.kind === 'network-interface')) {
    walkThroughMiddlebox(w, src, ss, t, first, initiatorPorts, { kind: 'placement', dst, ds });
    return;
  }
  if (t && t.kind === 'nat-gateway') {
    walkViaNatToOtherVpc(w, src, dst, ss, ds, t, first, initiatorPorts);
    return;
  }
  if (t && t.kind !== 'local') {
    if (t.kind === 'internet-gateway') {
      wrongRoute(w, t.rt, 'forward', first, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(first.dst)} leads to internet gateway ${t.id}, which does not forward packets to private addresses, so the packet never reaches ${dst.endpoint}`);
    } else {
      // Another target (a VPN gateway, a gateway endpoint without a middlebox behind it…) is not walked here.
      unsupportedTarget(w, t, t.rt, 'forward', first);
    }
    return;
  }
  if (t) localToOtherVpc(w, ss, ds, t.rt, 'forward', first, dst.endpoint);
  arriveAtDestination(w, src.placement, dst, ds, first, !same);

  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  if (!same) naclCheck(w, ds, true, back, 'return', initiatorPorts);
  const rt = route(w, ds, back, 'return');
  if (rt && rt.kind !== 'local') {
    if (rt.kind === 'internet-gateway') {
      wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} is routed to internet gateway ${rt.id} instead of locally, and an internet gateway does not forward packets to private addresses`);
    } else if (rt.kind === 'nat-gateway') replyThroughNat(w, rt, ds, back, src.endpoint, 'locally');
    else if (isInspectionTarget(w, rt)) {
      // The request went straight, the reply through a middlebox endpoint: asymmetric (recorded there).
      replyThroughInspection(w, ds, rt, back, [], { dstSubnet: ss.id, note: initiatorPorts });
    } else unsupportedTarget(w, rt, rt.rt, 'return', back);
  } else if (rt) localToOtherVpc(w, ds, ss, rt.rt, 'return', back, src.endpoint);
  if (!same) naclCheck(w, ss, false, back, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', back);
}
