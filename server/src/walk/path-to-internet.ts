// The path from a placement to the internet: out through the internet gateway (1:1 NAT to the
// placement's public address) or through a NAT gateway in a public subnet; the reply comes back the
// same way, each translation undone.
import { leaveSource } from './leave-source';
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
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** Placement → the internet, through an internet gateway or a NAT gateway. */
export function walkToInternet(w: WalkContext, src: PlacementSide, first: Packet, initiatorPorts: string): void {
  const left = leaveSource(w, src, first);
  if (!left) return;
  const { ss, t } = left;
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(ss), t.rt, 'forward', first);
    if (!igw) return;
    const pub = publicAddrOf(w, src, igwAt(igw), 'forward', first, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    const out = igwEgress(w, igw, first, pub, 'forward');
    // Return: the IGW undoes its 1:1 NAT and delivers locally to the ENI.
    const inside = igwIngress(w, igw, 'return', reply(out), first.src, { kind: 'reply' });
    naclCheck(w, ss, false, inside, 'return', initiatorPorts);
    sgStateful(w, src, 'ingress', inside);
    return;
  }
  if (t.kind === 'nat-gateway') {
    viaNatGateway(w, src, ss, t, first, initiatorPorts);
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
    crossPeering(w, t, vpcOfSubnet(ss), first, 'forward');
    return;
  }
  unsupportedTarget(w, t, t.rt, 'forward', first);
}

/** The leg through a NAT gateway: SNAT, out of its (public) subnet through the IGW, and back. */
function viaNatGateway(w: WalkContext, src: PlacementSide, ss: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const nat = natGatewayFor(w, via.id!, via.rt, 'forward', first);
  if (!nat) return;
  const ns = natSubnet(w, nat, 'forward', first);
  const natIp = natAddr(w, nat);
  const crossing = !ns || ns.id !== ss.id;
  if (ns && crossing) naclCheck(w, ns, false, first, 'forward');
  const snat = natTranslate(w, nat, natIp, first);
  if (!ns) return;
  const leg = natSubnetToInternet(w, nat, ns, snat);

  // Return: IGW undoes its 1:1 NAT, the NAT subnet's NACL admits the reply to the NAT's remapped port,
  // the NAT gateway undoes its SNAT, then the reply crosses back to the source's subnet.
  const back = reply(leg.out);
  const atNat = leg.igw ? igwIngress(w, leg.igw, 'return', back, natIp, { kind: 'nat-gateway', id: nat.id }) : { ...back, dst: natIp };
  naclCheck(w, ns, false, atNat, 'return', 'the ports the NAT gateway picked, 1024-65535');
  const restored = natRestore(w, nat, natIp, atNat, first);
  const rr = route(w, ns, restored, 'return');
  if (rr && rr.kind !== 'local') wrongRoute(w, rr.rt, 'return', restored, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(restored.dst)} is routed to ${rr.id} instead of locally`);
  if (crossing) {
    naclCheck(w, ns, true, restored, 'return', initiatorPorts);
    naclCheck(w, ss, false, restored, 'return', initiatorPorts);
  }
  sgStateful(w, src, 'ingress', restored);
}

/**
 * The NAT gateway's own subnet must route to an attached internet gateway, which translates the NAT
 * gateway's private address to its Elastic IP. Returns the packet as it leaves and the gateway used.
 */
export function natSubnetToInternet(w: WalkContext, nat: NatGateway, ns: Subnet, snat: Packet): { out: Packet; igw: InternetGateway | null } {
  const t = route(w, ns, snat, 'forward', natNoRouteCause(nat, ns));
  if (!t) return { out: snat, igw: null };
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(ns), t.rt, 'forward', snat);
    naclCheck(w, ns, true, snat, 'forward');
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
