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
 * An ENI's address the walk knows is IPv4 (its subnet's block or a fixed PrivateIpAddress). Talking to
 * an IPv6 address on the internet needs an IPv6 address on the ENI, which exists only in a subnet with
 * an IPv6 block (VPC User Guide, "IPv6 support for your VPC"): without one the flow is impossible; with
 * one, the walk does not model ENI IPv6 addresses yet, so the outcome is unknown. Returns false when the
 * walk must stop (the drop or the unknown is recorded).
 */
export function hasAddressOfFamily(w: WalkContext, side: PlacementSide, subnet: Subnet, peer: Addr, p: Packet, egress: boolean): boolean {
  if (side.addr.kind === 'unknown' || addrFamily(peer) === addrFamily(side.addr) || addrCidr(peer) === undefined) return true;
  const family = `IPv${addrFamily(peer)}`;
  const at = endpointAt(side);
  if (subnet.ipv6Cidr !== undefined && addrFamily(peer) === 6) {
    w.rec.recordUnknown({
      at,
      direction: 'forward',
      packet: p,
      code: 'UNSUPPORTED_COMPONENT',
      reason: `subnet ${subnet.id} has an IPv6 block, but packetwalk does not model the IPv6 addresses of network interfaces yet, so whether ${side.endpoint} can exchange IPv6 packets with ${formatAddr(peer)} is unknown`,
    });
    return false;
  }
  const why =
    addrFamily(peer) === 6
      ? `subnet ${subnet.id} has no IPv6 CIDR block, so ${side.endpoint} has only ${side.addr.kind === 'cidr' && isHost(side.addr.cidr) ? 'the IPv4 address' : 'an IPv4 address in'} ${formatAddr(side.addr)}`
      : `${side.endpoint}'s address is ${formatAddr(side.addr)}`;
  // The missing piece is an address of the peer's family on the interface, not a public address.
  const code = addrFamily(peer) === 6 ? 'ENI_NO_IPV6_ADDRESS' : 'ENI_NO_IPV4_ADDRESS';
  w.rec.record({ at, direction: 'forward', in: p, decision: 'drop', code, reason: `${side.endpoint} has no ${family} address (${why}): it cannot ${egress ? 'send packets to' : 'receive packets from'} the ${family} address ${formatAddr(peer)}` });
  return false;
}
