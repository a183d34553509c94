// The path from a placement to a placement in another VPC of the template through a NAT gateway of the
// source's VPC: the source's route sends the packet to the NAT gateway, which replaces its source with
// its own private address (and a new source port), and the NAT gateway's subnet sends it on by its own
// route: through a transit gateway or a peering connection into the destination's VPC. The reply goes
// to the NAT gateway's address, so the destination's VPC needs a route back to the NAT gateway's subnet;
// the NAT gateway restores the original destination and hands the reply to the source locally.
//
// The VPC User Guide (vpc-nat-gateway.md, "Use cases") routes a NAT gateway's traffic to other VPCs
// through a transit gateway or a virtual private gateway, for public and private NAT gateways alike.
// Through a peering the translated packet comes from the NAT gateway's own network interface, an address
// of its VPC, so the peering carries it like any packet between the two VPCs (what a peering refuses is a
// packet that neither starts nor ends in one of its VPCs: vpc-peering-basics.md); a peer VPC using this
// VPC's NAT gateway is the opposite case, refused by the peering (./vpc-peering.ts).
import type { Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { arriveAtDestination } from './destination';
import { igwEgress, igwFor } from './internet-gateway';
import { NAT_PORTS, natAddr, natGatewayFor, natRestore, natSubnet, natTranslate } from './nat-gateway';
import { reply, type Packet } from './packet';
import { checkCrossingSymmetry, crossGateway, type Crossed } from './path-across-transit-gateway';
import { checkSymmetry } from './inspection-endpoint';
import { localToOtherVpc, route, targetInWords, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { crossPeering } from './vpc-peering';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

const NAT_PORTS_NOTE = `the ports the NAT gateway picked, ${NAT_PORTS.from}-${NAT_PORTS.to}`;

/**
 * The translated packet leaves the NAT gateway's subnet `ns` by `next` towards `ds`. Returns whether it
 * went on (then the destination is checked), recording drops and unknowns on the way.
 */
function onwardFromNat(w: WalkContext, natId: string, ns: Subnet, ds: Subnet, next: RouteChoice, snat: Packet, dst: PlacementSide, crossing: { request?: Crossed }): boolean {
  const natVpc = vpcOfSubnet(ns);
  const dstVpc = vpcOfSubnet(ds);
  if (next.kind === 'vpc-peering') {
    const peer = crossPeering(w, next, natVpc, snat, 'forward');
    if (peer === null) return false;
    if (dstVpc !== null && dstVpc !== peer) {
      wrongRoute(w, next.rt, 'forward', snat, 'NO_ROUTE_TO_DESTINATION', `the peering delivers ${formatAddr(snat.dst)} into ${peer}, but ${dst.endpoint} is in ${dstVpc}: a peering is not transitive, so the packet never reaches it`);
      return false;
    }
    w.rec.assume(`the packet NAT gateway ${natId} sends into peering ${next.id} comes from the NAT gateway's own address in ${natVpc ?? 'its VPC'}, so the peering carries it like any packet between its two VPCs`);
    return true;
  }
  if (next.kind === 'transit-gateway') {
    crossing.request = crossGateway(w, next, ns, ds, snat, 'forward', NAT_PORTS_NOTE) ?? undefined;
    return crossing.request !== undefined;
  }
  if (next.kind === 'local' && natVpc !== null && dstVpc !== null && natVpc !== dstVpc) {
    // Overlapping VPC ranges: the local route keeps the packet in the NAT gateway's VPC.
    localToOtherVpc(w, ns, ds, next.rt, 'forward', snat, dst.endpoint);
    return false;
  }
  if (next.kind === 'internet-gateway') {
    // The internet gateway drops a private destination (IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS).
    const igw = igwFor(w, next.id!, natVpc, next.rt, 'forward', snat);
    if (igw) igwEgress(w, igw, snat, null, 'forward');
    return false;
  }
  if (next.kind === 'nat-gateway') {
    wrongRoute(w, next.rt, 'forward', snat, 'NO_ROUTE_TO_DESTINATION', `subnet ${ns.id} of NAT gateway ${natId} sends ${formatAddr(snat.dst)} to another NAT gateway (${next.id}), which packetwalk does not chain`);
    return false;
  }
  unsupportedTarget(w, next, next.rt, 'forward', snat, `NAT gateway ${natId} sends the translated packet for ${formatAddr(snat.dst)} on to ${targetInWords(next)}, which packetwalk does not walk after a NAT gateway, so the rest of the path is unknown`);
  return false;
}

/**
 * The reply, addressed to the NAT gateway, leaves the destination's subnet by its route and must come
 * back into the NAT gateway's VPC (through a peering or a transit gateway). Returns whether the NAT
 * subnet's inbound network ACL is still to be checked (a transit gateway checks it as it delivers).
 */
function replyToNat(w: WalkContext, natId: string, ns: Subnet, ds: Subnet, back: Packet, crossing: { request?: Crossed }): boolean {
  const natVpc = vpcOfSubnet(ns);
  const dstVpc = vpcOfSubnet(ds);
  const rt = route(w, ds, back, 'return', {
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: (noRoute) => `${noRoute}: the reply goes to NAT gateway ${natId}'s address, so ${dstVpc ?? 'the destination VPC'} needs a route back to ${natVpc ?? 'its VPC'}`,
  });
  if (!rt) return true;
  if (rt.kind === 'vpc-peering') {
    // A request that went through an inspection VPC's endpoints needs its reply through them too.
    if (crossing.request && crossing.request.inspected.length > 0) checkSymmetry(w, crossing.request.inspected, [], back, rt.rt);
    const into = crossPeering(w, rt, dstVpc, back, 'return');
    if (into !== null && natVpc !== null && into !== natVpc) wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} goes through peering ${rt.id} into ${into}, not into ${natVpc}, where NAT gateway ${natId} is`);
    return true;
  }
  if (rt.kind === 'transit-gateway') {
    checkCrossingSymmetry(w, crossing.request, crossGateway(w, rt, ds, ns, back, 'return', NAT_PORTS_NOTE, { request: crossing.request }), back);
    return false;
  }
  wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to NAT gateway ${natId}'s address ${formatAddr(back.dst)} is routed to ${targetInWords(rt)}, which does not lead back into ${natVpc ?? 'its VPC'}`);
  return true;
}

/** Placement → a placement of another VPC, through a NAT gateway of the source's VPC (the route `via`). */
export function walkViaNatToOtherVpc(w: WalkContext, src: PlacementSide, dst: PlacementSide, ss: Subnet, ds: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const nat = natGatewayFor(w, via.id!, via.rt, 'forward', first);
  if (!nat) return;
  const ns = natSubnet(w, nat, 'forward', first);
  const natIp = natAddr(w, nat);
  const crossing = !ns || ns.id !== ss.id;
  if (ns && crossing) naclCheck(w, ns, false, first, 'forward');
  const snat = natTranslate(w, nat, natIp, first);
  if (!ns) return;
  naclCheck(w, ns, true, snat, 'forward');
  const next = route(w, ns, snat, 'forward');
  if (!next) return;
  const gateway: { request?: Crossed } = {};
  if (!onwardFromNat(w, nat.id, ns, ds, next, snat, dst, gateway)) return;
  // The NAT gateway has no security group: a reference to the source's group cannot match it.
  arriveAtDestination(w, null, dst, ds, snat, next.kind !== 'transit-gateway');

  // Return: to the NAT gateway's address and remapped port, back into its VPC, un-translated there.
  const back = reply(snat);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', NAT_PORTS_NOTE);
  if (replyToNat(w, nat.id, ns, ds, back, gateway)) naclCheck(w, ns, false, back, 'return', NAT_PORTS_NOTE);
  const restored = natRestore(w, nat, natIp, back, first);
  const rr = route(w, ns, restored, 'return');
  if (rr && rr.kind !== 'local') wrongRoute(w, rr.rt, 'return', restored, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(restored.dst)} is routed to ${targetInWords(rr)} instead of locally`);
  if (crossing) {
    naclCheck(w, ns, true, restored, 'return', initiatorPorts);
    naclCheck(w, ss, false, restored, 'return', initiatorPorts);
  }
  sgStateful(w, src, 'ingress', restored);
}
