// The egress-only internet gateway (AWS::EC2::EgressOnlyInternetGateway): IPv6 only, stateful, outbound
// only. It sends IPv6 packets from the VPC to the internet and lets their replies back in, and it drops
// every connection initiated from the internet (VPC User Guide, egress-only-internet-gateway.md: "prevents
// the internet from initiating an IPv6 connection with your instances"). It translates nothing: IPv6
// addresses are global.
import type { Direction } from '../../../shared/protocol';
import type { OtherGateway, RouteTable } from '../model/types';
import { isUnknown } from '../model/types';
import { formatAddr, isPublicSet } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { WalkContext } from './walk-context';

export function eigwAt(g: OtherGateway): HopAt {
  return hopAt(g.origin, 'AWS::EC2::EgressOnlyInternetGateway');
}

/** The egress-only gateway a route names: it must exist and belong to the subnet's VPC. */
export function eigwFor(w: WalkContext, id: string, vpc: string | null, rt: RouteTable, direction: Direction, p: Packet): OtherGateway | null {
  const g = w.model.index.otherGateway?.get(id);
  if (!g || g.kind !== 'egress-only-internet-gateway') {
    w.rec.record({ at: hopAt(rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${id}, which is not an egress-only internet gateway of this template` });
    return null;
  }
  const own = g.vpcs.find((v) => !isUnknown(v) && v === vpc);
  const undecided = g.vpcs.find((v) => isUnknown(v));
  if (!own && undecided && isUnknown(undecided)) {
    w.rec.recordUnknown({ at: eigwAt(g), direction, packet: p, reason: `the VPC of egress-only internet gateway ${g.id} is unknown: ${undecided.reason}`, range: undecided.range });
  } else if (!own) {
    const where = g.vpcs.filter((v) => !isUnknown(v)).join(', ') || 'no VPC';
    w.rec.record({ at: eigwAt(g), direction, in: p, decision: 'drop', code: 'IGW_NOT_ATTACHED', reason: `egress-only internet gateway ${g.id} belongs to ${where}, not to VPC ${vpc ?? '?'}, and a gateway serves only its own VPC` });
  }
  if (g.exists === 'unknown') w.rec.assume(`egress-only internet gateway ${g.id} is assumed to exist (its Condition is not decided by the template)`);
  return g;
}

/** Outbound: the packet leaves for the internet unchanged, and the gateway keeps the connection's state. */
export function eigwEgress(w: WalkContext, g: OtherGateway, p: Packet, direction: Direction): void {
  const at = eigwAt(g);
  if (!isPublicSet(p.dst)) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'IGW_IPV6_DESTINATION_NOT_GLOBAL', reason: `egress-only internet gateway ${g.id} sends packets only to global IPv6 addresses, and ${formatAddr(p.dst)} is not one (unique-local space)` });
    return;
  }
  w.rec.record({ at, direction, in: p, decision: 'pass', rule: 'egress-only: outbound IPv6, no address translation', reason: `egress-only internet gateway ${g.id} sends the IPv6 packet from ${formatAddr(p.src)} to the internet unchanged and keeps the connection's state` });
}

/** The reply of a connection started inside comes back in through the same gateway. */
export function eigwReplyIn(w: WalkContext, g: OtherGateway, back: Packet): void {
  w.rec.record({ at: eigwAt(g), direction: 'return', in: back, decision: 'pass', rule: 'egress-only: replies to outbound connections', reason: `egress-only internet gateway ${g.id} lets the reply of a connection started inside the VPC back in` });
}

/**
 * A connection initiated from the internet: dropped. `direction` 'forward' when the packet would enter
 * through it, 'return' when the reply of a connection that came in elsewhere would leave through it
 * (the gateway has no state for that connection and treats the reply as a new outbound flow it cannot
 * match: the client never gets an answer from the address it called).
 */
export function eigwRefusesInbound(w: WalkContext, g: OtherGateway, p: Packet, direction: Direction): void {
  const reason =
    direction === 'forward'
      ? `egress-only internet gateway ${g.id} is the only IPv6 way into the VPC, and it never admits a connection initiated from the internet`
      : `the reply to ${formatAddr(p.dst)} is routed to egress-only internet gateway ${g.id}, which carries only connections initiated inside the VPC: a connection initiated from the internet gets no reply this way (route ::/0 to an internet gateway to accept inbound IPv6 connections)`;
  w.rec.record({ at: eigwAt(g), direction, in: p, decision: 'drop', code: 'EGRESS_ONLY_IGW_NO_INBOUND', reason });
}

/** The first egress-only internet gateway of a VPC, if any. */
export function eigwOfVpc(w: WalkContext, vpc: string): OtherGateway | undefined {
  return (w.model.otherGateways ?? []).find((g) => g.kind === 'egress-only-internet-gateway' && g.vpcs.some((v) => !isUnknown(v) && v === vpc));
}
