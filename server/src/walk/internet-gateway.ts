// The internet gateway: forwards between a VPC it is attached to and the internet, and performs the
// 1:1 NAT between an ENI's private address and its public address (VPC User Guide, VPC_Internet_Gateway.md).
// It never forwards to private addresses.
import { parseCidr } from '../net/ip';
import { isUnknown, type InternetGateway, type NetworkModel, type RouteTable } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { addressInProse, formatAddr, isPublicSet } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { Addr } from './types';
import type { PlacementSide, WalkContext } from './walk-context';

/**
 * The first internet gateway (in model order) with a known attachment to each VPC, built once per model:
 * every walk from the internet asks, and a scan of every gateway's attachments per walk (with a closure
 * per gateway) was the largest source of garbage in the walk. Keyed by the gateway list, which the model
 * never changes once built; its length is checked all the same.
 */
const igwByVpc = new WeakMap<InternetGateway[], { length: number; byVpc: Map<string, InternetGateway> }>();

export function attachedInternetGateway(model: NetworkModel, vpc: string): InternetGateway | undefined {
  const list = model.internetGateways;
  let cached = igwByVpc.get(list);
  if (!cached || cached.length !== list.length) {
    const byVpc = new Map<string, InternetGateway>();
    for (const g of list) {
      for (const a of g.attachments) if (!isUnknown(a.vpc) && !byVpc.has(a.vpc)) byVpc.set(a.vpc, g);
    }
    cached = { length: list.length, byVpc };
    igwByVpc.set(list, cached);
  }
  return cached.byVpc.get(vpc);
}

export function igwAt(igw: InternetGateway): HopAt {
  return hopAt(igw.origin, 'AWS::EC2::InternetGateway');
}

/** The internet gateway a route names: it must exist and be attached to the VPC. */
export function igwFor(w: WalkContext, id: string, vpc: string | null, rt: RouteTable, direction: Direction, p: Packet): InternetGateway | null {
  const igw = w.model.index.internetGateway.get(id);
  if (!igw) {
    w.rec.record({ at: hopAt(rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${id}, which is not an internet gateway of this template` });
    return null;
  }
  const att = igw.attachments.find((a) => !isUnknown(a.vpc) && a.vpc === vpc);
  const unknownAtt = igw.attachments.find((a) => isUnknown(a.vpc) || a.exists === 'unknown');
  if (!att) {
    if (unknownAtt && isUnknown(unknownAtt.vpc)) {
      w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, reason: `whether internet gateway ${igw.id} is attached to ${vpc} is unknown: ${unknownAtt.vpc.reason}`, range: unknownAtt.vpc.range });
      return igw;
    }
    // Say what is actually wrong: attached elsewhere is not the same mistake as attached nowhere.
    const elsewhere = igw.attachments.filter((a) => !isUnknown(a.vpc)).map((a) => a.vpc as string);
    const why = elsewhere.length > 0 ? `it is attached to ${elsewhere.join(', ')}, and a gateway serves only the VPC it is attached to` : 'no AWS::EC2::VPCGatewayAttachment attaches it';
    w.rec.record({ at: igwAt(igw), direction, in: p, decision: 'drop', code: 'IGW_NOT_ATTACHED', reason: `internet gateway ${igw.id} is not attached to VPC ${vpc ?? '?'} (${why}), so it forwards nothing from it` });
  } else if (att.exists === 'unknown') {
    w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, reason: `internet gateway ${igw.id} is attached to ${vpc} only under a Condition the template does not decide`, range: att.origin.range });
  }
  return igw;
}

/** The public address a placement shows on the internet (IGW 1:1 NAT), or null with the drop/unknown recorded. */
export function publicAddrOf(w: WalkContext, side: PlacementSide, at: HopAt, direction: Direction, p: Packet, code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS' | 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'): Addr | null {
  const pub = side.placement.publicIp;
  if (isUnknown(pub)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `whether ${side.endpoint} has a public IPv4 address is unknown: ${pub.reason}`, range: pub.range });
    return null;
  }
  if (pub.kind === 'none') {
    const consequence = code === 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS' ? 'the internet gateway cannot translate its private address and drops the packet' : 'nothing on the internet can address it through the internet gateway';
    w.rec.record({ at, direction, in: p, decision: 'drop', code, reason: `${side.endpoint} has no public IPv4 address (${pub.reason}), so ${consequence}`, blame: { resource: side.endpoint, range: side.placement.origin.range } });
    return null;
  }
  if (pub.kind === 'auto') return { kind: 'public', label: `public IP of ${side.endpoint}` };
  return eipAddr(w, pub.eip);
}

/** An Elastic IP's address: allocated at deploy, so symbolic unless the user gave it as a setting. */
export function eipAddr(w: WalkContext, eip: string): Addr {
  const given = w.settings.publicIps?.[eip];
  if (given) {
    const c = parseCidr(given);
    if (c.ok) {
      w.rec.assume(`EIP ${eip} has address ${given} (given as an assumption: an EIP's address is allocated at deploy)`);
      return { kind: 'public', label: `EIP ${eip}`, cidr: c.cidr };
    }
  }
  w.rec.assume(`EIP ${eip}'s address is allocated at deploy; it is shown as "EIP ${eip}"`);
  return { kind: 'public', label: `EIP ${eip}` };
}

/** IGW egress: destination must be public, the source gets its 1:1 public address. */
export function igwEgress(w: WalkContext, igw: InternetGateway, p: Packet, pub: Addr | null, direction: Direction): Packet {
  const at = igwAt(igw);
  const out: Packet = pub ? { ...p, src: pub } : p;
  if (!isPublicSet(p.dst)) {
    w.rec.record({ at, direction, in: p, out, decision: 'drop', code: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS', reason: `internet gateway ${igw.id} does not forward packets to private addresses such as ${formatAddr(p.dst)}` });
    return out;
  }
  if (pub) w.rec.record({ at, direction, in: p, out, decision: 'pass', rule: `1:1 NAT ${formatAddr(p.src)} → ${formatAddr(pub)}`, reason: `internet gateway ${igw.id} translates the source (${addressInProse(p.src)}) to its public address ${formatAddr(pub)} and sends the packet to the internet` });
  return out;
}

/**
 * A packet from the internet to a public address: the IGW translates the destination to the private
 * address behind it. `holder` says whose private address it is, as the reason names it.
 */
export function igwIngress(w: WalkContext, igw: InternetGateway, direction: Direction, p: Packet, privateAddr: Addr, holder: IngressHolder, ingressWalked = false): Packet {
  const inside: Packet = { ...p, dst: privateAddr };
  // `ingressWalked`: the caller follows the gateway's edge-associated route table (walk/inspection-chain.ts).
  if (igw.edgeRouteTable && !ingressWalked) {
    // Ingress routing sends what enters through the gateway to the table's targets (an appliance) first.
    const t = igw.edgeRouteTable.table;
    w.rec.recordUnknown({
      at: igwAt(igw),
      direction,
      packet: p,
      code: 'UNSUPPORTED_COMPONENT',
      range: igw.edgeRouteTable.origin.range,
      reason: `route table ${typeof t === 'string' ? t : '?'} is edge-associated with internet gateway ${igw.id} (${igw.edgeRouteTable.origin.resource}): traffic entering through it follows that table first (ingress routing), which packetwalk does not walk yet`,
    });
    return inside;
  }
  const reason =
    holder.kind === 'endpoint'
      ? `internet gateway ${igw.id} translates the destination ${formatAddr(p.dst)} to ${holder.id}'s private address (${addressInProse(privateAddr)})`
      : holder.kind === 'nat-gateway'
        ? `internet gateway ${igw.id} translates the destination back to NAT gateway ${holder.id}'s private address`
        : `internet gateway ${igw.id} translates the destination back to ${addressInProse(privateAddr)} and delivers the reply inside the VPC`;
  w.rec.record({ at: igwAt(igw), direction, in: p, out: inside, decision: 'pass', rule: `1:1 NAT ${formatAddr(p.dst)} → ${formatAddr(privateAddr)}`, reason });
  return inside;
}

/** Whose private address the IGW translates to: a new connection to an endpoint, or a reply to a connection from inside. */
export type IngressHolder = { kind: 'endpoint'; id: string } | { kind: 'nat-gateway'; id: string } | { kind: 'reply' };

/** The reply of a connection from the internet leaves with the public address the client called. */
export function igwReplyToInternet(w: WalkContext, igw: InternetGateway, back: Packet, pub: Addr): void {
  const out: Packet = { ...back, src: pub };
  w.rec.record({ at: igwAt(igw), direction: 'return', in: back, out, decision: 'pass', rule: `1:1 NAT ${formatAddr(back.src)} → ${formatAddr(pub)}`, reason: `internet gateway ${igw.id} translates the source back to ${formatAddr(pub)} and sends the reply to the internet` });
}

/**
 * IPv6 through the internet gateway: no translation, an IPv6 address is global and the ENI uses it on the
 * internet (VPC User Guide, VPC_Internet_Gateway.md: "IPv6 addresses are globally unique, and therefore
 * public by default"). The gateway still forwards only to and from global addresses.
 */
export function igwEgress6(w: WalkContext, igw: InternetGateway, p: Packet, direction: Direction): void {
  const at = igwAt(igw);
  if (!isPublicSet(p.dst)) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'IGW_IPV6_DESTINATION_NOT_GLOBAL', reason: `internet gateway ${igw.id} forwards IPv6 only to global addresses, and ${formatAddr(p.dst)} is not one (unique-local space)` });
    return;
  }
  if (p.src.kind === 'unknown' && !p.src.global) {
    w.rec.recordUnknown({ at, direction, packet: p, range: p.src.unknown.range, reason: `whether ${formatAddr(p.src)} is a global IPv6 address (which internet gateway ${igw.id} forwards) is unknown: ${p.src.unknown.reason}` });
    return;
  }
  if (!isPublicSet(p.src)) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'IGW_IPV6_DESTINATION_NOT_GLOBAL', reason: `${formatAddr(p.src)} is a unique-local IPv6 address, which internet gateway ${igw.id} does not send to the internet` });
    return;
  }
  w.rec.record({ at, direction, in: p, decision: 'pass', rule: 'IPv6: no address translation', reason: `internet gateway ${igw.id} sends the IPv6 packet from ${formatAddr(p.src)} to the internet unchanged (an IPv6 address is global)` });
}

/** An IPv6 packet from the internet enters through the gateway unchanged, to the ENI's own IPv6 address. */
export function igwIngress6(w: WalkContext, igw: InternetGateway, direction: Direction, p: Packet, ingressWalked = false): void {
  if (igw.edgeRouteTable && !ingressWalked) {
    const t = igw.edgeRouteTable.table;
    w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, code: 'UNSUPPORTED_COMPONENT', range: igw.edgeRouteTable.origin.range, reason: `route table ${typeof t === 'string' ? t : '?'} is edge-associated with internet gateway ${igw.id} (${igw.edgeRouteTable.origin.resource}): traffic entering through it follows that table first (ingress routing), which packetwalk does not walk yet` });
    return;
  }
  if (p.dst.kind === 'unknown' && !p.dst.global) {
    w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, range: p.dst.unknown.range, reason: `whether ${formatAddr(p.dst)} is a global IPv6 address (which the internet can reach through internet gateway ${igw.id}) is unknown: ${p.dst.unknown.reason}` });
    return;
  }
  if (!isPublicSet(p.dst)) {
    w.rec.record({ at: igwAt(igw), direction, in: p, decision: 'drop', code: 'IGW_IPV6_DESTINATION_NOT_GLOBAL', reason: `${formatAddr(p.dst)} is a unique-local IPv6 address: the internet cannot address it through internet gateway ${igw.id}` });
    return;
  }
  const what = direction === 'return' ? 'the reply' : 'the IPv6 packet';
  w.rec.record({ at: igwAt(igw), direction, in: p, decision: 'pass', rule: 'IPv6: no address translation', reason: `internet gateway ${igw.id} delivers ${what} to ${formatAddr(p.dst)} inside the VPC unchanged (an IPv6 address is global)` });
}
