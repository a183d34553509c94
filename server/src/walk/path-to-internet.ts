// The path from a placement to the internet: out through the internet gateway (1:1 NAT to the
// placement's public address) or through a NAT gateway in a public subnet; the reply comes back the
// same way, each translation undone.
import { leaveThroughInspection } from './leave-source';
import { isUnknown, type InternetGateway, type NatGateway, type Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { igwAt, igwEgress, igwFor, igwIngress, eipAddr, publicAddrOf } from './internet-gateway';
import { natAddr, natGatewayFor, natNoRouteCause, natRestore, natSubnet, natSubnetNotPublic, natTranslate, privateNatAtIgw } from './nat-gateway';
import { reply, type Packet } from './packet';
import { walkThroughMiddlebox } from './path-through-middlebox';
import { walkToInternetViaTransitGateway } from './path-egress-via-transit-gateway';
import { route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { Addr } from './types';
import { crossPeering } from './vpc-peering';
import { isInspectionTarget, type InspectionHop } from './inspection-endpoint';
import { replyThroughIngress, replyThroughInspection, throughInspection } from './inspection-chain';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** Placement → the internet, through an internet gateway or a NAT gateway, after any middlebox endpoints its routes name. */
export function walkToInternet(w: WalkContext, src: PlacementSide, first: Packet, initiatorPorts: string): void {
  // Any firewall or Gateway Load Balancer endpoints first: the packet goes on by the last one's subnet's route table.
  const left = leaveThroughInspection(w, src, first);
  if (!left) return;
  const { ss, from, t, fwd } = left;
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(from), t.rt, 'forward', first);
    if (!igw) return;
    const pub = publicAddrOf(w, src, igwAt(igw), 'forward', first, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    const out = igwEgress(w, igw, first, pub, 'forward');
    // Return: the IGW undoes its 1:1 NAT; its ingress routing (if any) decides the way in; delivered to the ENI.
    const inside = igwIngress(w, igw, 'return', reply(out), first.src, { kind: 'reply' }, true);
    replyThroughIngress(w, igw, inside, fwd, ss, initiatorPorts);
    naclCheck(w, ss, false, inside, 'return', initiatorPorts);
    sgStateful(w, src, 'ingress', inside);
    return;
  }
  if (t.kind === 'nat-gateway') {
    viaNatGateway(w, src, ss, t, first, initiatorPorts, from, fwd);
    return;
  }
  if (fwd.length > 0 && t.kind !== 'local' && t.kind !== 'vpc-peering') {
    unsupportedTarget(w, t, t.rt, 'forward', first, `after ${fwd.map((x) => x.name).join(' and ')}, subnet ${from.id} routes ${formatAddr(first.dst)} on to ${t.kind} ${t.id ?? ''}, which is not walked after a middlebox endpoint yet, so the rest of the path is unknown`);
    return;
  }
  if (t.kind === 'local') {
    wrongRoute(w, t.rt, 'forward', first, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(first.dst)} is local, but no modelled subnet holds that address`);
    return;
  }
  if (t.kind === 'instance' || t.kind === 'network-interface') {
    walkThroughMiddlebox(w, src, ss, t, first, initiatorPorts, { kind: 'internet' });
    return;
  }
  if (t.kind === 'transit-gateway') {
    walkToInternetViaTransitGateway(w, src, ss, t, first, initiatorPorts);
    return;
  }
  // A peering carries no packet for the internet (no edge-to-edge routing): the peering records the drop.
  if (t.kind === 'vpc-peering') {
    crossPeering(w, t, vpcOfSubnet(from), first, 'forward');
    return;
  }
  unsupportedTarget(w, t, t.rt, 'forward', first);
}

/**
 * The leg through a NAT gateway: SNAT, out of its (public) subnet through the IGW, and back. `from` is the
 * subnet the packet reaches the NAT gateway from (the source's, or a middlebox endpoint's after `fwd`).
 */
function viaNatGateway(w: WalkContext, src: PlacementSide, ss: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string, from: Subnet = ss, fwd: InspectionHop[] = []): void {
  const nat = natGatewayFor(w, via.id!, via.rt, 'forward', first);
  if (!nat) return;
  const ns = natSubnet(w, nat, 'forward', first);
  const natIp = natAddr(w, nat);
  if (ns && ns.id !== from.id) naclCheck(w, ns, false, first, 'forward');
  const snat = natTranslate(w, nat, natIp, first);
  if (!ns) return;
  const natFwd: InspectionHop[] = [];
  const leg = natSubnetToInternet(w, nat, ns, snat, natFwd);

  // Return: IGW undoes its 1:1 NAT (and routes the reply by its ingress route table, if any), the NAT
  // subnet's NACL admits the reply to the NAT's remapped port, the NAT gateway undoes its SNAT, then the
  // reply crosses back to the source's subnet (through the same middlebox endpoints as the request).
  const back = reply(leg.out);
  const natPorts = 'the ports the NAT gateway picked, 1024-65535';
  const atNat = leg.igw ? igwIngress(w, leg.igw, 'return', back, natIp, { kind: 'nat-gateway', id: nat.id }, true) : { ...back, dst: natIp };
  if (leg.igw) replyThroughIngress(w, leg.igw, atNat, natFwd, ns, natPorts);
  naclCheck(w, ns, false, atNat, 'return', natPorts);
  const restored = natRestore(w, nat, natIp, atNat, first);
  const rr = route(w, ns, restored, 'return');
  const crossing = ns.id !== ss.id;
  if (crossing) naclCheck(w, ns, true, restored, 'return', initiatorPorts);
  const after = replyThroughInspection(w, ns, rr, restored, fwd, { dstSubnet: ss.id, note: initiatorPorts });
  if (after.t && after.t.kind !== 'local') wrongRoute(w, after.t.rt, 'return', restored, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(restored.dst)} is routed to ${after.t.id} instead of locally`);
  if (crossing && after.subnet?.id !== ss.id) naclCheck(w, ss, false, restored, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', restored);
}

/**
 * The NAT gateway's own subnet must route to an attached internet gateway, which translates the NAT
 * gateway's private address to its Elastic IP. Returns the packet as it leaves and the gateway used.
 */
export function natSubnetToInternet(w: WalkContext, nat: NatGateway, ns: Subnet, snat: Packet, natFwd: InspectionHop[] = []): { out: Packet; igw: InternetGateway | null } {
  let t = route(w, ns, snat, 'forward', natNoRouteCause(nat, ns));
  if (!t) return { out: snat, igw: null };
  let from = ns;
  if (isInspectionTarget(w, t)) {
    // A middlebox endpoint between the NAT gateway and the internet gateway (inspection after NAT).
    naclCheck(w, ns, true, snat, 'forward');
    const a = throughInspection(w, ns, t, snat, 'forward', natFwd);
    if (!a.t || !a.subnet) return { out: snat, igw: null };
    t = a.t;
    from = a.subnet;
  }
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(from), t.rt, 'forward', snat);
    if (from === ns) naclCheck(w, ns, true, snat, 'forward');
    if (!igw) return { out: snat, igw: null };
    let pub: Addr | null = null;
    if (nat.connectivity === 'private') {
      privateNatAtIgw(w, nat, igwAt(igw), snat);
    } else if (nat.eip === undefined) {
      w.rec.assume(`NAT gateway ${nat.id} is public, so it has an Elastic IP (the template does not name it)`);
      pub = { kind: 'public', label: `EIP of ${nat.id}` };
    } else if (isUnknown(nat.eip)) {
      w.rec.recordUnknown({ at: igwAt(igw), direction: 'forward', packet: snat, reason: `the Elastic IP of NAT gateway ${nat.id} is unknown: ${nat.eip.reason}`, range: nat.eip.range });
    } else pub = eipAddr(w, nat.eip);
    return { out: igwEgress(w, igw, snat, pub, 'forward'), igw };
  }
  if (t.kind === 'vpc-peering') crossPeering(w, t, vpcOfSubnet(ns), snat, 'forward');
  else if (t.kind === 'transit-gateway' || t.kind === 'vpn-gateway' || t.kind === 'network-interface' || t.kind === 'instance') unsupportedTarget(w, t, t.rt, 'forward', snat);
  else natSubnetNotPublic(w, nat, ns, snat, t);
  return { out: snat, igw: null };
}
