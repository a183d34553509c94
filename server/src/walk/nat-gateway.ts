// The NAT gateway: source NAT for connections from inside its VPC (its private address and a new source
// port in 1024-65535), undone for the replies it has in its table; it must sit in a public subnet to
// reach the internet, accepts no connection started from outside, and carries tcp, udp and icmp only
// (VPC User Guide, vpc-nat-gateway.md).
import type { PortRange } from '../net/ports';
import { formatPorts } from '../net/ports';
import { isUnknown, type NatGateway, type Route, type RouteTable, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { addressInProse, formatAddr } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import { routeText } from './routes';
import type { Addr } from './types';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/** The ports a NAT gateway picks as the new source port (REMAP_EPHEMERAL_PORT). */
export const NAT_PORTS: PortRange = { from: 1024, to: 65535 };

export function natAt(nat: NatGateway): HopAt {
  return hopAt(nat.origin, 'AWS::EC2::NatGateway');
}

/** The NAT gateway a route names, or null with the blackhole recorded. */
export function natGatewayFor(w: WalkContext, id: string, rt: RouteTable, direction: Direction, p: Packet): NatGateway | null {
  const nat = w.model.index.natGateway.get(id);
  if (!nat) {
    w.rec.record({ at: hopAt(rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${id}, which is not a NAT gateway of this template` });
    return null;
  }
  if (nat.exists === 'unknown') {
    w.rec.recordUnknown({ at: natAt(nat), direction, packet: p, reason: `NAT gateway ${nat.id} is created only under a Condition the template does not decide` });
  }
  return nat;
}

/** The NAT gateway's private address: fixed by the template, or some address of its subnet. */
export function natAddr(w: WalkContext, nat: NatGateway): Addr {
  if (nat.privateIp && !isUnknown(nat.privateIp)) return { kind: 'cidr', cidr: { family: nat.privateIp.family, base: nat.privateIp.value, prefix: nat.privateIp.family === 4 ? 32 : 128 } };
  const s = !isUnknown(nat.subnet) ? w.model.index.subnet.get(nat.subnet) : undefined;
  if (s && !isUnknown(s.cidr)) {
    w.rec.assume(`NAT gateway ${nat.id}'s private address is some address in ${formatAddr({ kind: 'cidr', cidr: s.cidr })} (assigned at deploy)`);
    return { kind: 'cidr', cidr: s.cidr };
  }
  return { kind: 'public', label: `private IP of ${nat.id}` };
}

export function natSubnet(w: WalkContext, nat: NatGateway, direction: Direction, p: Packet): Subnet | null {
  if (isUnknown(nat.subnet)) {
    w.rec.recordUnknown({ at: natAt(nat), direction, packet: p, reason: `the subnet of NAT gateway ${nat.id} is unknown: ${nat.subnet.reason}`, range: nat.subnet.range });
    return null;
  }
  const s = w.model.index.subnet.get(nat.subnet);
  if (!s) w.rec.recordUnknown({ at: natAt(nat), direction, packet: p, reason: `subnet ${nat.subnet} of NAT gateway ${nat.id} is not in the model` });
  return s ?? null;
}

/** SNAT on the forward path: returns the translated packet (also when the protocol is dropped). */
export function natTranslate(w: WalkContext, nat: NatGateway, natIp: Addr, first: Packet): Packet {
  const snat: Packet = { ...first, src: natIp, srcPorts: first.srcPorts ? NAT_PORTS : null };
  if (first.protocol !== 6 && first.protocol !== 17 && first.protocol !== 1) {
    w.rec.record({ at: natAt(nat), direction: 'forward', in: first, out: snat, decision: 'drop', code: 'PROTOCOL_RESTRICTION', reason: `NAT gateway ${nat.id} forwards only tcp, udp and icmp; a flow of all protocols cannot pass entirely` });
    return snat;
  }
  const ports = first.srcPorts ? `, source port ${formatPorts(first.srcPorts)} → 1024-65535` : '';
  w.rec.record({
    at: natAt(nat),
    direction: 'forward',
    in: first,
    out: snat,
    decision: 'pass',
    rule: `SNAT ${formatAddr(first.src)} → ${formatAddr(natIp)}${ports}`,
    code: first.srcPorts ? 'REMAP_EPHEMERAL_PORT' : '',
    reason: `NAT gateway ${nat.id} replaces the source with its private address (${addressInProse(natIp)})${first.srcPorts ? ' and picks a new source port in 1024-65535' : ''}, and remembers the mapping for the reply`,
  });
  return snat;
}

/** The reply reaches the NAT gateway, which restores the initiator's address and port from its table. */
export function natRestore(w: WalkContext, nat: NatGateway, natIp: Addr, atNat: Packet, first: Packet): Packet {
  const restored: Packet = { ...atNat, dst: first.src, dstPorts: first.srcPorts };
  w.rec.record({
    at: natAt(nat),
    direction: 'return',
    in: atNat,
    out: restored,
    decision: 'pass',
    rule: `un-SNAT ${formatAddr(natIp)} → ${formatAddr(first.src)}`,
    reason: `NAT gateway ${nat.id} finds the connection in its table and restores the original destination (${addressInProse(first.src)})${first.srcPorts ? ` port ${formatPorts(first.srcPorts)}` : ''}`,
  });
  return restored;
}

/** The NAT gateway's subnet must send the internet to an internet gateway: how "no route" is named there. */
export function natNoRouteCause(nat: NatGateway, ns: Subnet): { code: string; reason: (noRoute: string) => string } {
  return { code: 'NAT_SUBNET_NOT_PUBLIC', reason: (noRoute) => `NAT gateway ${nat.id} sits in subnet ${ns.id}, which has no route to an internet gateway: ${noRoute}` };
}

/** The NAT gateway's subnet routes the internet somewhere other than an internet gateway. */
export function natSubnetNotPublic(w: WalkContext, nat: NatGateway, ns: Subnet, snat: Packet, target: { kind: string; id?: string; rt: RouteTable; route: Route }): void {
  const loop = target.kind === 'nat-gateway' && target.id === nat.id;
  const to = target.kind === 'local' ? 'local' : target.id;
  w.rec.record({
    at: { resource: nat.origin.resource, type: 'AWS::EC2::NatGateway', range: nat.origin.range },
    direction: 'forward',
    in: snat,
    decision: 'drop',
    code: 'NAT_SUBNET_NOT_PUBLIC',
    reason: loop
      ? `NAT gateway ${nat.id} sits in subnet ${ns.id}, whose route ${routeText(target.route)} sends ${formatAddr(snat.dst)} back to ${nat.id} itself (a loop): the NAT gateway must be in a public subnet, whose route table sends it to an internet gateway`
      : `NAT gateway ${nat.id} sits in subnet ${ns.id}, whose route table sends ${formatAddr(snat.dst)} to ${to} rather than to an internet gateway: the NAT gateway must be in a public subnet`,
    blame: { resource: target.rt.origin.resource, element: target.rt.origin.element, range: target.rt.origin.range },
  });
}

/** A private NAT gateway has no public address: the internet gateway drops what it sends. */
export function privateNatAtIgw(w: WalkContext, nat: NatGateway, igw: HopAt, snat: Packet): void {
  w.rec.record({ at: igw, direction: 'forward', in: snat, decision: 'drop', code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', reason: `NAT gateway ${nat.id} is a private NAT gateway: it has no public address, so the internet gateway drops its traffic`, blame: { resource: nat.origin.resource, range: nat.origin.range } });
}

/** A NAT gateway as the destination of a connection: it runs no service and takes no connection from outside. */
export function natRefusesInbound(w: WalkContext, dst: PlacementSide, p: Packet, fromInternet: boolean): void {
  w.rec.record({
    at: endpointAt(dst),
    direction: 'forward',
    in: p,
    decision: 'drop',
    code: 'NGW_NO_UNSOLICITED_INBOUND',
    reason: fromInternet
      ? `NAT gateway ${dst.endpoint} accepts no connection started from outside; it only carries replies to connections its VPC opened`
      : `NAT gateway ${dst.endpoint} accepts no connection addressed to itself: it only translates traffic that routes send through it`,
  });
}

/**
 * An IPv6 packet routed to a NAT gateway. A NAT gateway translates IPv6 only by NAT64 (destinations in
 * 64:ff9b::/96, with DNS64, to IPv4 on the other side: VPC User Guide, nat-gateway-nat64-dns64.md), which
 * packetwalk does not walk: the rest of the path is unknown, never a guess.
 */
export function natIpv6Unsupported(w: WalkContext, natId: string, p: Packet, direction: Direction): void {
  const nat = w.model.index.natGateway.get(natId);
  const at = nat ? natAt(nat) : { resource: natId, type: 'AWS::EC2::NatGateway', range: { start: 0, end: 0 } };
  w.rec.recordUnknown({
    at,
    direction,
    packet: p,
    code: 'UNSUPPORTED_COMPONENT',
    reason: `an IPv6 packet to ${formatAddr(p.dst)} is routed to NAT gateway ${natId}; a NAT gateway handles IPv6 only as NAT64 (64:ff9b::/96 to IPv4, with DNS64), which packetwalk does not walk, so the rest of the path is unknown (an egress-only internet gateway is the IPv6 way out of a private subnet)`,
  });
}
