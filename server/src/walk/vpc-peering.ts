// The VPC peering connection: joins two VPCs, and carries only packets between addresses of those two
// VPCs. It is not transitive and has no edge-to-edge routing: a packet for the internet, a third VPC,
// an on-premises network or a gateway endpoint's service is not carried, even when the peer VPC has a
// gateway that would forward it (VPC Peering guide, vpc-peering-basics.md; Reachability Analyzer
// PCX_REQUIRES_ADDRESS_IN_VPC_CIDR).
import { isUnknown } from '../model/types';
import type { VpcPeering } from '../model/peerings';
import type { Direction } from '../../../shared/protocol';
import { formatCidr } from '../net/ip';
import { addrFamily, formatAddr, matchAddr } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { RouteChoice } from './route-table';
import type { WalkContext } from './walk-context';

export function peeringAt(pcx: VpcPeering): HopAt {
  return hopAt(pcx.origin, 'AWS::EC2::VPCPeeringConnection');
}

/**
 * The packet reaches the peering connection a route of `fromVpc` names. Returns the VPC on the other
 * side when the connection carries the packet there (a drop is recorded and the walk goes on), or null
 * when nothing further can be walked (the drop or unknown is recorded).
 */
export function crossPeering(w: WalkContext, via: RouteChoice, fromVpc: string | null, p: Packet, direction: Direction): string | null {
  const pcx = w.model.index.peering?.get(via.id!);
  if (!pcx) {
    w.rec.record({ at: hopAt(via.rt.origin, 'AWS::EC2::RouteTable'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${via.id}, which is not a VPC peering connection of this template` });
    return null;
  }
  const at = peeringAt(pcx);
  if (pcx.exists === 'unknown') w.rec.recordUnknown({ at, direction, packet: p, reason: `VPC peering ${pcx.id} is created only under a Condition the template does not decide` });
  const sides = [pcx.requester, pcx.accepter];
  const known = sides.filter((s): s is string => !isUnknown(s));
  if (fromVpc !== null && known.length === 2 && !known.includes(fromVpc)) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `VPC peering ${pcx.id} joins ${known[0]} and ${known[1]}, not ${fromVpc}, so a route of ${fromVpc} cannot use it` });
    return null;
  }
  const other = fromVpc === null ? undefined : fromVpc === pcx.requester ? pcx.accepter : fromVpc === pcx.accepter ? pcx.requester : undefined;
  if (other === undefined || isUnknown(other)) {
    const u = other ?? sides.find((s) => isUnknown(s));
    const why = u && isUnknown(u) ? u.reason : `which VPC of ${pcx.id} the packet comes from is unknown`;
    const outside = pcx.peerOwner !== undefined || pcx.peerRegion !== undefined ? ' (the peering names another account or Region)' : '';
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the VPC on the other side of peering ${pcx.id} is outside the template${outside}: ${why}; what it does with the packet is unknown`, range: u && isUnknown(u) ? u.range : pcx.origin.range, code: 'UNSUPPORTED_COMPONENT' });
    return null;
  }
  if (pcx.refused) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'PCX_OVERLAPPING_CIDRS', reason: `VPC peering ${pcx.id} never becomes active: ${pcx.refused}` });
    return other;
  }
  const peer = w.model.index.vpc.get(other);
  if (!peer) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `VPC ${other} on the other side of peering ${pcx.id} is not in the model`, code: 'UNSUPPORTED_COMPONENT' });
    return null;
  }
  // The destination must be an address of the peer VPC: anything else would need the peer to forward it.
  let inside: 'yes' | 'no' | 'maybe' = 'no';
  let maybeReason = '';
  let maybeRange = pcx.origin.range;
  const dstInVpc = p.dst.kind === 'unknown' ? p.dst.inVpc : undefined;
  const v6 = addrFamily(p.dst) === 6;
  for (const c of peer.cidrs) {
    // IPv4 and IPv6 blocks never hold the other family's addresses; an IPv6 address assigned at deploy in
    // one of the template's VPCs is in that VPC's block and in no other's.
    if (c.ipv6 === true ? !v6 : v6 && isUnknown(c.cidr) && c.ipv6 !== true) continue;
    if (isUnknown(c.cidr) && c.ipv6 === true && dstInVpc !== undefined) {
      if (dstInVpc === other && c.exists !== 'unknown') inside = 'yes';
      continue;
    }
    if (isUnknown(c.cidr)) {
      inside = inside === 'yes' ? inside : 'maybe';
      maybeReason = `a CIDR block of ${peer.id} is unknown: ${c.cidr.reason}`;
      maybeRange = c.cidr.range;
      continue;
    }
    const m = matchAddr(c.cidr, p.dst);
    if (m === 'yes') inside = 'yes';
    else if (m !== 'no' && inside === 'no') {
      inside = 'maybe';
      maybeReason = typeof m === 'object' ? m.unknown.reason : `${formatAddr(p.dst)} lies only partly in ${formatCidr(c.cidr)}`;
      maybeRange = typeof m === 'object' ? m.unknown.range : c.origin.range;
    }
  }
  const cidrs = peer.cidrs.filter((c) => !isUnknown(c.cidr)).map((c) => formatCidr(c.cidr as Exclude<typeof c.cidr, { unknown: true }>));
  if (inside === 'no') {
    w.rec.record({
      at,
      direction,
      in: p,
      decision: 'drop',
      code: 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
      reason: `VPC peering ${pcx.id} carries only packets to addresses of ${other} (${cidrs.join(', ') || 'CIDR unknown'}), and ${formatAddr(p.dst)} is not one: a peering is not transitive and has no edge-to-edge routing, so ${other}'s gateways, endpoints and other peerings are not reachable through it`,
    });
    return null;
  }
  if (inside === 'maybe') {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `whether ${formatAddr(p.dst)} is an address of ${other}, the only destination peering ${pcx.id} carries, is unknown: ${maybeReason}`, range: maybeRange });
    return other;
  }
  w.rec.record({ at, direction, in: p, decision: 'pass', rule: `${fromVpc} ⇄ ${other}`, reason: `VPC peering ${pcx.id} carries the packet from ${fromVpc} to ${other}, which holds ${formatAddr(p.dst)}` });
  return other;
}
