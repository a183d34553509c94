// The path through a middlebox a route names (a NAT instance, an appliance): into its subnet and its
// security groups, forwarded (source/destination check off, masquerade assumed), then on from its own
// subnet, to the internet through the internet gateway (its public address) or to a placement of the
// VPC; the reply comes back to the middlebox's address, which undoes the masquerade.
import type { InternetGateway, Subnet } from '../model/types';
import { formatAddr } from './addresses';
import { hopAt } from './hop-recorder';
import { arriveAtDestination } from './destination';
import { igwAt, igwEgress, igwFor, igwIngress, publicAddrOf } from './internet-gateway';
import { forwardThrough, middleboxFor, restoreThrough } from './middlebox';
import { reply, type Packet } from './packet';
import { subnetOf } from './placement';
import { localToOtherVpc, route, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { sgCheck, sgStateful } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { crossPeering } from './vpc-peering';
import { vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

/** Where the packet goes after the middlebox. */
export type BeyondMiddlebox = { kind: 'internet' } | { kind: 'placement'; dst: PlacementSide; ds: Subnet };

export function walkThroughMiddlebox(w: WalkContext, src: PlacementSide, ss: Subnet, via: RouteChoice, first: Packet, initiatorPorts: string, beyond: BeyondMiddlebox): void {
  const mb = middleboxFor(w, via, 'forward', first);
  if (!mb) return;
  const ms = subnetOf(w, mb, 'forward', first);
  if (!ms) return;
  const crossing = ms.id !== ss.id;
  if (crossing) naclCheck(w, ms, false, first, 'forward');
  sgCheck(w, mb, 'ingress', first, src.placement);
  const out = forwardThrough(w, mb, first);
  sgCheck(w, mb, 'egress', out, beyond.kind === 'placement' ? beyond.dst.placement : null);

  let atMb: Packet;
  if (beyond.kind === 'internet') {
    naclCheck(w, ms, true, out, 'forward');
    const leg = middleboxToInternet(w, mb, ms, out);
    const back = reply(leg.out);
    atMb = leg.igw ? igwIngress(w, leg.igw, 'return', back, mb.addr, { kind: 'reply' }) : { ...back, dst: mb.addr };
    naclCheck(w, ms, false, atMb, 'return', initiatorPorts);
  } else {
    const { dst, ds } = beyond;
    const leaves = ds.id !== ms.id;
    if (leaves) naclCheck(w, ms, true, out, 'forward');
    const t = route(w, ms, out, 'forward');
    if (t && t.kind !== 'local' && isSameInstance(w, mb, t)) {
      // The instance's own subnet sends the packet straight back to the instance: what it then does with
      // it (a VPN tunnel it terminates, routing out of another interface) is its software, not the template.
      w.rec.recordUnknown({ at: hopAt(t.rt.origin, 'AWS::EC2::RouteTable'), direction: 'forward', packet: out, reason: `the subnet ${ms.id} of ${mb.endpoint} routes ${formatAddr(out.dst)} back to ${mb.endpoint} itself (${t.kind} ${t.id}): how the instance forwards it then (a tunnel it terminates, its own routing) is decided by its software, which the template does not describe` });
      return;
    } else if (t && t.kind !== 'local') {
      unsupportedTarget(w, t, t.rt, 'forward', out, `the middlebox's subnet ${ms.id} routes ${formatAddr(out.dst)} on to ${t.kind} ${t.id}: a chain of middleboxes is not walked yet, so the rest of the path is unknown`);
      return;
    }
    if (t) localToOtherVpc(w, ms, ds, t.rt, 'forward', out, dst.endpoint);
    // The destination sees the middlebox's address: its security groups must admit that address, not the initiator's group.
    arriveAtDestination(w, mb.placement, dst, ds, out, leaves);
    const back = reply(out);
    sgStateful(w, dst, 'egress', back);
    if (leaves) naclCheck(w, ds, true, back, 'return', initiatorPorts);
    const rt = route(w, ds, back, 'return');
    if (rt && rt.kind !== 'local') wrongRoute(w, rt.rt, 'return', back, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(back.dst)}, the middlebox's own address, is routed to ${rt.id} instead of locally`);
    if (leaves) naclCheck(w, ms, false, back, 'return', initiatorPorts);
    atMb = back;
  }
  sgStateful(w, mb, 'ingress', atMb);
  const restored = restoreThrough(w, mb, atMb, first);
  const rr = route(w, ms, restored, 'return');
  if (rr && rr.kind !== 'local') wrongRoute(w, rr.rt, 'return', restored, 'NO_ROUTE_TO_DESTINATION', `the reply to ${formatAddr(restored.dst)} is routed to ${rr.id} instead of locally`);
  if (crossing) {
    naclCheck(w, ms, true, restored, 'return', initiatorPorts);
    naclCheck(w, ss, false, restored, 'return', initiatorPorts);
  }
  sgStateful(w, src, 'ingress', restored);
}

/** From the middlebox's subnet to the internet: its route to an attached internet gateway and its public address. */
function middleboxToInternet(w: WalkContext, mb: PlacementSide, ms: Subnet, out: Packet): { out: Packet; igw: InternetGateway | null } {
  const t = route(w, ms, out, 'forward');
  if (!t) return { out, igw: null };
  if (t.kind === 'internet-gateway') {
    const igw = igwFor(w, t.id!, vpcOfSubnet(ms), t.rt, 'forward', out);
    if (!igw) return { out, igw: null };
    const pub = publicAddrOf(w, mb, igwAt(igw), 'forward', out, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    return { out: igwEgress(w, igw, out, pub, 'forward'), igw };
  }
  if (t.kind === 'vpc-peering') crossPeering(w, t, vpcOfSubnet(ms), out, 'forward');
  else if (t.kind === 'local') wrongRoute(w, t.rt, 'forward', out, 'NO_ROUTE_TO_DESTINATION', `the route to ${formatAddr(out.dst)} from the middlebox's subnet ${ms.id} is local, but no modelled subnet holds that address`);
  else unsupportedTarget(w, t, t.rt, 'forward', out, `the middlebox's subnet ${ms.id} routes ${formatAddr(out.dst)} on to ${t.kind} ${t.id}: a chain of middleboxes and gateways is not walked yet, so the rest of the path is unknown`);
  return { out, igw: null };
}

/** Whether a route target is the middlebox instance itself: the instance, or one of its network interfaces. */
function isSameInstance(w: WalkContext, mb: PlacementSide, t: RouteChoice): boolean {
  if (!t.id || (t.kind !== 'instance' && t.kind !== 'network-interface')) return false;
  if (t.id === mb.endpoint) return true;
  const instance = w.model.index.endpoint.get(mb.endpoint);
  return !!instance && instance.placements.some((pl) => pl.networkInterface === t.id);
}
