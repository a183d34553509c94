// Centralised egress: a spoke VPC sends the internet to a transit gateway, whose route table sends it to
// an egress VPC's attachment; there the attachment subnet's route table sends it to a NAT gateway, whose
// subnet routes it to the internet gateway. The reply comes back through the internet gateway to the NAT
// gateway, which restores the spoke's address; the NAT gateway's subnet must route the spoke's range back
// to the transit gateway (a route commonly forgotten: its 0.0.0.0/0 then sends the reply to the internet
// gateway, which drops a private destination), and the route table the egress attachment is associated
// with must have a route to the spoke (Transit Gateway guide, transit-gateway-nat-igw.md "Centralized
// egress to the internet"; NAT gateway guide, "Use cases").
import { isUnknown, type Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { igwAt, igwFor, igwIngress } from './internet-gateway';
import { NAT_PORTS, natAddr, natGatewayFor, natRestore, natSubnet, natTranslate } from './nat-gateway';
import { reply, type Packet } from './packet';
import { checkCrossingSymmetry, crossGateway, naclsIntoGateway, naclsOutOfGateway } from './path-across-transit-gateway';
import { natSubnetToInternet } from './path-to-internet';
import { route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { enterTransitGateway, leaveIntoVpc, routeInTransitGateway } from './transit-gateway';
import { endpointOnlyIn, isInspectionTarget, type InspectionHop } from './inspection-endpoint';
import { replyThroughInspection, throughInspection } from './inspection-chain';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

const NAT_PORTS_NOTE = `the ports the NAT gateway picked, ${NAT_PORTS.from}-${NAT_PORTS.to}`;

function spokeRange(w: WalkContext, ss: Subnet): string {
  const vpc = vpcOfSubnet(ss);
  const v = vpc ? w.model.index.vpc.get(vpc) : undefined;
  const cidrs = (v?.cidrs ?? []).flatMap((c) => (isUnknown(c.cidr) ? [] : [formatAddr({ kind: 'cidr', cidr: c.cidr })]));
  return cidrs.length > 0 ? `${vpc} (${cidrs.join(', ')})` : (vpc ?? 'the source VPC');
}

/**
 * Placement → the internet through the transit gateway the source's route (`via`) names. Walked to the
 * VPC the gateway delivers into, then by that subnet's route: a NAT gateway leads to the internet and
 * back; other targets are decided where packetwalk can (an internet gateway drops a source without a
 * public address) and unknown otherwise.
 */
export function walkToInternetViaTransitGateway(w: WalkContext, src: PlacementSide, ss: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const entry = enterTransitGateway(w, via, ss, first, 'forward');
  if (!entry) return;
  naclsIntoGateway(w, ss, entry.subnet, first, 'forward', initiatorPorts);
  const out = routeInTransitGateway(w, entry, first, 'forward');
  if (!out) return;
  // Without appliance mode the gateway keeps the flow in the source's Availability Zone where it can.
  const as = leaveIntoVpc(w, entry, out, ss, first, 'forward');
  if (!as) return;
  const first2 = route(w, as, first, 'forward');
  if (!first2) return;
  // An inspection VPC: Network Firewall or Gateway Load Balancer endpoints before the NAT gateway.
  const inspected: InspectionHop[] = [];
  let from = as;
  let t: RouteChoice | null = first2;
  if (isInspectionTarget(w, first2)) {
    if (!endpointOnlyIn(w, first2, as)) naclCheck(w, as, true, first, 'forward');
    const after = throughInspection(w, as, first2, first, 'forward', inspected);
    if (!after.t || !after.subnet) return;
    from = after.subnet;
    t = after.t;
  }
  if (t.kind === 'nat-gateway') {
    throughEgressNat(w, src, ss, { subnet: from, fromGateway: from === as, inspected }, t, first, initiatorPorts);
    return;
  }
  if (t.kind === 'internet-gateway') {
    // The spoke's address is private and has no public address in the egress VPC to be translated to.
    const igw = igwFor(w, t.id!, vpcOfSubnet(from), t.rt, 'forward', first);
    if (from === as) naclCheck(w, as, true, first, 'forward');
    if (igw) w.rec.record({ at: igwAt(igw), direction: 'forward', in: first, decision: 'drop', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', reason: `the packet from ${formatAddr(first.src)} comes from another VPC through transit gateway ${entry.tgw.id}: internet gateway ${igw.id} has no public address for that source, so it drops it; a NAT gateway in ${String(out.vpc)} must translate it first` });
    return;
  }
  if (t.kind === 'transit-gateway') {
    wrongRoute(w, t.rt, 'forward', first, 'NO_ROUTE_TO_DESTINATION', `subnet ${from.id}, where the packet from transit gateway ${entry.tgw.id} is in ${String(out.vpc)}, routes ${formatAddr(first.dst)} back to transit gateway ${t.id}: a loop`);
    return;
  }
  if (t.kind === 'local') {
    wrongRoute(w, t.rt, 'forward', first, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(first.dst)} is local, but no modelled subnet holds that address`);
    return;
  }
  unsupportedTarget(w, t, t.rt, 'forward', first, `transit gateway ${entry.tgw.id} delivers the packet for ${formatAddr(first.dst)} into ${String(out.vpc)}, whose subnet ${from.id} routes it on to ${t.kind} ${t.id ?? ''}; packetwalk does not walk that after a transit gateway, so the rest of the path is unknown`.replace('  ', ' '));
}

/** Where the packet reaches the NAT gateway from: the subnet the transit gateway delivered into, or the last inspection endpoint's subnet. */
interface NatApproach {
  subnet: Subnet;
  /** The transit gateway delivered into `subnet` (its outbound NACL is not checked yet). */
  fromGateway: boolean;
  /** The middlebox endpoints the packet went through on its way; the reply must go back through them. */
  inspected: InspectionHop[];
}

/** The egress VPC's NAT gateway: SNAT, out through the internet gateway, the reply back to the spoke through the transit gateway. */
function throughEgressNat(w: WalkContext, src: PlacementSide, ss: Subnet, approach: NatApproach, via: RouteChoice, first: Packet, initiatorPorts: string): void {
  const nat = natGatewayFor(w, via.id!, via.rt, 'forward', first);
  if (!nat) return;
  const ns = natSubnet(w, nat, 'forward', first);
  const natIp = natAddr(w, nat);
  if (ns && approach.fromGateway) naclsOutOfGateway(w, approach.subnet, ns, first, 'forward', initiatorPorts);
  else if (ns && approach.subnet.id !== ns.id) naclCheck(w, ns, false, first, 'forward', initiatorPorts);
  const snat = natTranslate(w, nat, natIp, first);
  if (!ns) return;
  const leg = natSubnetToInternet(w, nat, ns, snat);

  const back = reply(leg.out);
  const atNat = leg.igw ? igwIngress(w, leg.igw, 'return', back, natIp, { kind: 'nat-gateway', id: nat.id }) : { ...back, dst: natIp };
  naclCheck(w, ns, false, atNat, 'return', NAT_PORTS_NOTE);
  const restored = natRestore(w, nat, natIp, atNat, first);
  naclCheck(w, ns, true, restored, 'return', initiatorPorts);
  const spoke = spokeRange(w, ss);
  const rr = route(w, ns, restored, 'return', {
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: (noRoute) => `${noRoute}: the reply to ${formatAddr(restored.dst)} must go back to the transit gateway, so NAT gateway ${nat.id}'s subnet needs a route for ${spoke} to it`,
  });
  // Back through the same inspection endpoints (a stateful firewall drops a reply it did not see).
  const after = rr ? replyThroughInspection(w, ns, rr, restored, approach.inspected, { note: initiatorPorts }) : { subnet: ns, t: null };
  const last = after.t;
  // The request reached the egress VPC in one crossing; a reply sent through an inspection VPC on its way back meets endpoints the request never did.
  if (last?.kind === 'transit-gateway') checkCrossingSymmetry(w, undefined, crossGateway(w, last, after.subnet ?? ns, ss, restored, 'return', initiatorPorts), restored);
  else if (last && rr && !isInspectionTarget(w, last)) {
    const to = last.id ? `${last.kind} ${last.id}` : last.kind;
    const igwNote = last.kind === 'internet-gateway' ? ', which drops a private destination' : '';
    const where = after.subnet && after.subnet.id !== ns.id ? `subnet ${after.subnet.id} (after ${approach.inspected.map((e) => e.name).join(', ') || 'the inspection endpoints'})` : `NAT gateway ${nat.id}'s subnet ${ns.id}`;
    wrongRoute(w, last.rt, 'return', restored, 'NO_ROUTE_TO_DESTINATION', `${where} routes the reply to ${formatAddr(restored.dst)} to ${to}${igwNote}: it needs a route for ${spoke} back to the transit gateway`);
  }
  sgStateful(w, src, 'ingress', restored);
}
