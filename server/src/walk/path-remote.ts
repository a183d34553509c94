// The paths between a placement and a private address that no VPC of the template holds (a peer VPC's
// range, an on-premises network behind a VPN): only routes can reach it. The route decides: an internet
// gateway does not forward to private addresses, a NAT gateway sends on through its own subnet's route,
// no route is a drop, a peering connection carries only packets for its peer VPC's addresses (so never
// this one, unless the peer is outside the template: unknown), a route to a virtual private gateway
// leads on-premises (./vpn-gateway.ts: walked to the gateway, the rest an assumption), and a route to
// another kind of gateway leads to a network the walk does not follow yet (`remoteGateway`: the one place
// where an element that walks those gateways slots in).
import { leaveSource } from './leave-source';
import { formatAddr } from './addresses';
import { igwAt, igwEgress, igwFor } from './internet-gateway';
import { natAddr, natGatewayFor, natSubnet, natTranslate } from './nat-gateway';
import { reply, type Packet } from './packet';
import { hasAddressOfFamily, noteExistence, subnetOf } from './placement';
import { route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import type { Direction } from '../../../shared/protocol';
import { crossPeering } from './vpc-peering';
import { intoVpcFromVpnGateway, throughVpnGateway } from './vpn-gateway';
import { hopAt } from './hop-recorder';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** Gateways that lead out of the VPC towards private networks. */
const REMOTE_GATEWAYS = new Set(['vpc-peering', 'transit-gateway', 'vpn-gateway', 'core-network', 'local-gateway']);

/**
 * A route to a gateway towards other private networks. Not walked yet: the rest of the path is unknown
 * (UNSUPPORTED_COMPONENT), never a guess either way.
 */
export function remoteGateway(w: WalkContext, t: RouteChoice, fromVpc: string | null, direction: Direction, p: Packet): void {
  if (t.kind === 'vpc-peering') {
    const before = w.rec.blockers.length;
    const other = crossPeering(w, t, fromVpc, p, direction);
    // Carried into a VPC of the template although no VPC holds the address (its blocks are open): unknown.
    if (other !== null && w.rec.blockers.length === before && !w.rec.unknown) {
      unsupportedTarget(w, t, t.rt, direction, p, `peering ${t.id} may carry ${formatAddr(p.dst)} into ${other}, which would have to forward it further; that is not walked`);
    }
    return;
  }
  if (t.kind === 'vpn-gateway') {
    throughVpnGateway(w, t, fromVpc, direction, p);
    return;
  }
  unsupportedTarget(w, t, t.rt, direction, p, `the route sends ${formatAddr(p.dst)} to ${t.kind} ${t.id ?? ''}, whose far side packetwalk does not walk yet, so whether it reaches ${formatAddr(p.dst)} is unknown`.replace('  ', ' '));
}

/** Placement → a private address outside every VPC. */
export function walkToRemote(w: WalkContext, src: PlacementSide, first: Packet, initiatorPorts: string): void {
  const left = leaveSource(w, src, first);
  if (!left) return;
  const { ss, t } = left;
  if (t.kind === 'vpn-gateway') {
    // On-premises: out through the gateway; the reply comes back in through it, into the subnet.
    if (!throughVpnGateway(w, t, vpcOfSubnet(ss), 'forward', first)) return;
    const back = reply(first);
    intoVpcFromVpnGateway(w, t, vpcOfSubnet(ss), back);
    naclCheck(w, ss, false, back, 'return', initiatorPorts);
    sgStateful(w, src, 'ingress', back);
    return;
  }
  afterRoute(w, t, first, vpcOfSubnet(ss));
}

/** Where the route leads a packet bound for a private address outside the VPC. */
function afterRoute(w: WalkContext, t: RouteChoice, p: Packet, vpc: string | null): void {
  if (t.kind === 'internet-gateway') {
    // The internet gateway drops it (IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS).
    const igw = igwFor(w, t.id!, vpc, t.rt, 'forward', p);
    if (igw) igwEgress(w, igw, p, null, 'forward');
    return;
  }
  if (t.kind === 'nat-gateway') {
    const nat = natGatewayFor(w, t.id!, t.rt, 'forward', p);
    if (!nat) return;
    const ns = natSubnet(w, nat, 'forward', p);
    const snat = natTranslate(w, nat, natAddr(w, nat), p);
    if (!ns) return;
    naclCheck(w, ns, true, snat, 'forward');
    const next = route(w, ns, snat, 'forward');
    if (!next) return;
    if (next.kind === 'nat-gateway') {
      wrongRoute(w, next.rt, 'forward', snat, 'NO_ROUTE_TO_DESTINATION', `subnet ${ns.id} of NAT gateway ${nat.id} sends ${formatAddr(snat.dst)} to another NAT gateway (${next.id}), which packetwalk does not chain`);
      return;
    }
    if (next.kind === 'vpn-gateway') {
      if (!throughVpnGateway(w, next, vpcOfSubnet(ns), 'forward', snat)) return;
      w.rec.recordUnknown({ at: hopAt(nat.origin, 'AWS::EC2::NatGateway'), direction: 'return', packet: reply(snat), reason: `the reply from ${formatAddr(snat.dst)} back in through virtual private gateway ${next.id ?? ''} and NAT gateway ${nat.id} is not walked`, code: 'UNSUPPORTED_COMPONENT' });
      return;
    }
    afterRoute(w, next, snat, vpcOfSubnet(ns));
    return;
  }
  if (t.kind === 'local') {
    wrongRoute(w, t.rt, 'forward', p, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(p.dst)} is local, but no subnet of the template holds that address`);
    return;
  }
  if (REMOTE_GATEWAYS.has(t.kind)) {
    remoteGateway(w, t, vpc, 'forward', p);
    return;
  }
  unsupportedTarget(w, t, t.rt, 'forward', p);
}

/**
 * A private address outside every VPC → a placement. The packet can only arrive through a gateway
 * towards private networks; the destination's security groups and network ACL are checked, and the
 * reply's route decides: back through such a gateway (not walked yet: unknown), or nowhere (blocked).
 */
export function walkFromRemote(w: WalkContext, dst: PlacementSide, first: Packet, clientPorts: string): void {
  noteExistence(w, dst);
  const ds = subnetOf(w, dst, 'forward', first);
  if (!ds) return;
  if (!hasAddressOfFamily(w, dst, ds, first.src, first, false)) return;
  naclCheck(w, ds, false, first, 'forward');
  sgCheck(w, dst, 'ingress', first, null);
  const back = reply(first);
  sgStateful(w, dst, 'egress', back);
  naclCheck(w, ds, true, back, 'return', clientPorts);
  const t = route(w, ds, back, 'return');
  if (!t) return;
  if (REMOTE_GATEWAYS.has(t.kind)) {
    remoteGateway(w, t, vpcOfSubnet(ds), 'return', back);
    return;
  }
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(ds), t.rt, 'return', back);
    if (igw) igwEgress(w, igw, back, null, 'return');
    // Nothing could have come in through it either: the internet gateway drops private sources.
    if (igw) w.rec.assume(`an internet gateway (${igwAt(igw).resource}) carries no traffic from private addresses such as ${formatAddr(first.src)}`);
    return;
  }
  if (t.kind === 'local') {
    wrongRoute(w, t.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)} has no route out of the VPC`);
    return;
  }
  if (t.kind === 'nat-gateway') {
    wrongRoute(w, t.rt, 'return', back, 'ASYMMETRIC_RETURN_ROUTE', `subnet ${ds.id} routes the reply to ${formatAddr(back.dst)} through NAT gateway ${t.id}, which would rewrite its source, so the client discards it`);
    return;
  }
  unsupportedTarget(w, t, t.rt, 'return', back);
}
