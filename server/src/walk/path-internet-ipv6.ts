// The IPv6 paths between a placement and the internet. No address translation anywhere: an ENI's IPv6
// address is global, so it is reachable directly when routes, network ACLs and security groups allow
// (VPC User Guide, VPC_Internet_Gateway.md). Out through an internet gateway (both ways) or an
// egress-only internet gateway (outbound only, stateful: replies come back, connections from the
// internet never come in); NAT gateways do not carry native IPv6 (NAT64 only).
import { leaveThroughInspection } from './leave-source';
import { formatAddr } from './addresses';
import { eigwEgress, eigwFor, eigwOfVpc, eigwRefusesInbound, eigwReplyIn } from './egress-only-gateway';
import { attachedInternetGateway, igwEgress6, igwFor, igwIngress6 } from './internet-gateway';
import { listenerCheck } from './load-balancer';
import { natIpv6Unsupported } from './nat-gateway';
import { reply, type Packet } from './packet';
import { hasAddressOfFamily, noteExistence, subnetOf } from './placement';
import { route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { crossPeering } from './vpc-peering';
import { checkSymmetry, type InspectionHop } from './inspection-endpoint';
import { ingressRouting, replyThroughIngress } from './inspection-chain';
import { noInternetGateway, replyLeavesDestination } from './from-internet-leg';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** Placement → the IPv6 internet. */
export function walkToInternet6(w: WalkContext, src: PlacementSide, first: Packet, initiatorPorts: string): void {
  // Any firewall or Gateway Load Balancer endpoints first: the packet goes on by the last one's subnet's route table.
  const left = leaveThroughInspection(w, src, first);
  if (!left) return;
  const { ss, from, t, fwd } = left;
  const vpc = vpcOfSubnet(from);
  const back = reply(first);
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpc, t.rt, 'forward', first);
    if (!igw) return;
    igwEgress6(w, igw, first, 'forward');
    igwIngress6(w, igw, 'return', back, true);
    replyThroughIngress(w, igw, back, fwd, ss, initiatorPorts);
  } else if (t.kind === 'egress-only-internet-gateway') {
    const g = eigwFor(w, t.id!, vpc, t.rt, 'forward', first);
    if (!g) return;
    eigwEgress(w, g, first, 'forward');
    eigwReplyIn(w, g, back);
    // An egress-only internet gateway has no gateway route table: the reply goes straight to the subnet.
    if (fwd.length > 0) checkSymmetry(w, fwd, [], back, null, ` (egress-only internet gateway ${g.id} cannot have an edge-associated route table to send it back through the endpoint)`);
  } else {
    otherTarget(w, t, vpc, first, 'forward');
    return;
  }
  naclCheck(w, ss, false, back, 'return', initiatorPorts);
  sgStateful(w, src, 'ingress', back);
}

/** The IPv6 internet → a placement: in through the VPC's internet gateway, never through an egress-only one. */
export function walkFromInternet6(w: WalkContext, dst: PlacementSide, first: Packet, clientPorts: string): void {
  noteExistence(w, dst);
  const ds = subnetOf(w, dst, 'forward', first);
  if (!ds) return;
  if (!hasAddressOfFamily(w, dst, ds, first.src, first, false)) return;
  const vpc = vpcOfSubnet(ds);
  const igw = vpc === null ? undefined : attachedInternetGateway(w.model, vpc);
  let ingress: InspectionHop[] = [];
  if (igw) {
    igwIngress6(w, igw, 'forward', first, true);
    ingress = ingressRouting(w, igw, first, 'forward', ds).via;
  } else {
    const eigw = vpc === null ? undefined : eigwOfVpc(w, vpc);
    if (eigw) eigwRefusesInbound(w, eigw, first, 'forward');
    else noInternetGateway(w, dst, ds, vpc, first, 6);
  }
  naclCheck(w, ds, false, first, 'forward');
  sgCheck(w, dst, 'ingress', first, null);
  listenerCheck(w, dst, first);

  const out = replyLeavesDestination(w, dst, ds, first, ingress, clientPorts);
  if (!out) return;
  const { back, t } = out;
  if (t.kind === 'internet-gateway') {
    const g = igwFor(w, t.id!, vpc, t.rt, 'return', back);
    if (g) igwEgress6(w, g, back, 'return');
  } else if (t.kind === 'egress-only-internet-gateway') {
    const g = eigwFor(w, t.id!, vpc, t.rt, 'return', back);
    if (g) eigwRefusesInbound(w, g, back, 'return');
  } else otherTarget(w, t, vpc, back, 'return');
}

/** A route to something other than an internet gateway, for an IPv6 packet to or from the internet. */
function otherTarget(w: WalkContext, t: RouteChoice, vpc: string | null, p: Packet, direction: 'forward' | 'return'): void {
  if (t.kind === 'nat-gateway') natIpv6Unsupported(w, t.id!, p, direction);
  else if (t.kind === 'local') wrongRoute(w, t.rt, direction, p, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(p.dst)} is local, but no modelled subnet holds that address`);
  // A peering carries no packet for the internet (no edge-to-edge routing): the peering records the drop.
  else if (t.kind === 'vpc-peering') crossPeering(w, t, vpc, p, direction);
  else unsupportedTarget(w, t, t.rt, direction, p, `the route sends the IPv6 packet to ${t.kind} ${t.id ?? ''}, which packetwalk does not walk for IPv6 yet, so the rest of the path is unknown`);
}
