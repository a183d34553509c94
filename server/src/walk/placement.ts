// An end of the flow as the walk finds it: its subnet, whether it exists, and whether it has an address
// of the family the other end speaks.
import { isUnknown, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { addrCidr, addrFamily, formatAddr, isHost } from './addresses';
import type { Packet } from './packet';
import type { Addr } from './types';
import { endpointAt, type PlacementSide, type WalkContext } from './walk-context';

/** The subnet a placement sits in, or null with the unknown recorded. */
export function subnetOf(w: WalkContext, side: PlacementSide, direction: Direction, p: Packet): Subnet | null {
  const id = side.placement.subnet;
  if (isUnknown(id)) {
    w.rec.recordUnknown({ at: { resource: side.endpoint, type: side.endpointType, range: id.range }, direction, packet: p, reason: `the subnet of ${side.endpoint} is unknown: ${id.reason}` });
    return null;
  }
  const s = w.model.index.subnet.get(id);
  if (!s) {
    w.rec.recordUnknown({ at: endpointAt(side), direction, packet: p, reason: `subnet ${id} of ${side.endpoint} is not in the model` });
    return null;
  }
  if (s.exists === 'unknown') w.rec.assume(`subnet ${s.id} is assumed to exist (its Condition is not decided by the template)`);
  return s;
}

/** An endpoint under an undecided Condition is walked as if it exists, and the trace says so. */
export function noteExistence(w: WalkContext, ...sides: PlacementSide[]): void {
  for (const side of sides) {
    if (side.probe) continue;
    const ep = w.model.index.endpoint.get(side.endpoint);
    if (ep && ep.exists === 'unknown') w.rec.assume(`${side.endpoint} is assumed to exist (its Condition is not decided by the template)`);
  }
}

/**
 * Whether the placement has an address of the flow's family. An IPv4-only ENI (a subnet without an IPv6
 * block, no Ipv6AddressCount/Ipv6Addresses) cannot send or receive IPv6 packets, and an ENI in an IPv6-only
 * subnet has no IPv4 address (VPC User Guide, "IP addressing for your VPCs and subnets"). Returns false when
 * the walk must stop (the drop or the unknown is recorded).
 */
export function hasAddressOfFamily(w: WalkContext, side: PlacementSide, subnet: Subnet, peer: Addr, p: Packet, egress: boolean): boolean {
  const at = endpointAt(side);
  if (side.addressUnknown) {
    w.rec.recordUnknown({ at, direction: 'forward', packet: p, code: side.addressUnknown.code, range: side.addressUnknown.range, reason: side.addressUnknown.reason });
    return false;
  }
  let missing = side.noAddress;
  if (!missing && side.addr.kind !== 'unknown' && addrCidr(peer) !== undefined && addrFamily(peer) !== addrFamily(side.addr)) {
    // The ENI's known address is of the other family (kept for callers that pass a peer of their own).
    missing = {
      family: addrFamily(peer),
      reason:
        addrFamily(peer) === 6
          ? `subnet ${subnet.id} has no IPv6 CIDR block, so ${side.endpoint} has only ${side.addr.kind === 'cidr' && isHost(side.addr.cidr) ? 'the IPv4 address' : 'an IPv4 address in'} ${formatAddr(side.addr)}`
          : `${side.endpoint}'s address is ${formatAddr(side.addr)}`,
    };
  }
  if (!missing) return true;
  const family = `IPv${missing.family}`;
  // The missing piece is an address of the flow's family on the interface, not a public address.
  const code = missing.family === 6 ? 'ENI_NO_IPV6_ADDRESS' : 'ENI_NO_IPV4_ADDRESS';
  const other = formatAddr(peer);
  w.rec.record({ at, direction: 'forward', in: p, decision: 'drop', code, reason: `${side.endpoint} has no ${family} address (${missing.reason}): it cannot ${egress ? 'send packets to' : 'receive packets from'} ${other === 'internet (IPv6)' ? 'the IPv6 internet' : `the ${family} address ${other}`}` });
  return false;
}
