// A transit gateway that delivers a packet into a VPC other than the destination's: an inspection (or
// shared services) VPC, whose attachment subnet sends it to an appliance (an instance, an interface, a
// Gateway Load Balancer or Network Firewall endpoint) that hands it back to the gateway. That second
// crossing is not walked: the rest of the path is unknown, never a drop. Anything else there (no route, a
// local route, a gateway) means the packet never reaches the destination: a drop.
//
// Appliance mode (`Options: ApplianceModeSupport` of the attachment) decides which appliance each
// direction meets. Without it, the gateway keeps a flow in the Availability Zone it entered by, so when the
// two ends are in different zones the request and the reply reach the appliances of two zones, and a
// stateful appliance drops the reply it never saw; with it, the gateway picks one zone's interface for
// both directions of the flow (Transit Gateway guide, how-transit-gateways-work.md "Availability Zones" and
// transit-gateway-appliance-scenario.md "Appliance in a shared services VPC").
import { isUnknown, type Subnet } from '../model/types';
import type { TgwAttachment } from '../model/transit-gateways';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { hopAt } from './hop-recorder';
import type { Packet } from './packet';
import { route, wrongRoute } from './route-table';
import { leaveIntoVpc, type TgwEntry } from './transit-gateway';
import type { WalkContext } from './walk-context';

const APPLIANCES = new Set(['instance', 'network-interface', 'vpc-endpoint']);

/** What appliance mode on `out` means for a flow between subnets `from` and `to`. */
export function applianceModeNote(out: TgwAttachment, from: Subnet, to: Subnet): string {
  if (out.applianceMode === true) return `appliance mode is on for attachment ${out.id}: the transit gateway sends both directions of the flow through the same zone's interface in ${String(out.vpc)}, so one appliance sees the request and the reply`;
  if (isUnknown(out.applianceMode)) return `whether appliance mode is on for attachment ${out.id} is unknown (${out.applianceMode.reason}), so whether both directions meet the same appliance is unknown`;
  const zones = !isUnknown(from.az) && !isUnknown(to.az) ? { a: from.az, b: to.az } : null;
  if (zones && zones.a !== zones.b) return `appliance mode is off for attachment ${out.id}: the transit gateway keeps each direction in the Availability Zone it entered by, so the request (from ${zones.a}) and the reply (from ${zones.b}) go through the appliances of different zones, and a stateful appliance drops a reply it has not seen; turn ApplianceModeSupport on for the attachment`;
  if (zones) return `appliance mode is off for attachment ${out.id}: both ends are in ${zones.a}, so the transit gateway keeps both directions in that zone and they meet the same zone's appliance`;
  return `appliance mode is off for attachment ${out.id}: the transit gateway keeps each direction in the zone it entered by, so with the two ends in different zones the request and the reply would meet different appliances`;
}

/**
 * The gateway's route for `p` leads through attachment `out` into `out.vpc`, not into the VPC of `to`.
 * Records what happens there; the walk of this crossing ends (returns nothing to continue with).
 */
export function intoOtherVpc(w: WalkContext, entry: TgwEntry, out: TgwAttachment, from: Subnet, to: Subnet, p: Packet, direction: Direction): void {
  const sub = leaveIntoVpc(w, entry, out, entry.subnet, p, direction);
  if (!sub) return;
  const toVpc = isUnknown(to.vpc) ? '?' : to.vpc;
  const t = route(w, sub, p, direction, {
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: (noRoute) => `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} through attachment ${out.id} into ${String(out.vpc)}, but the destination is in ${toVpc}, and ${noRoute}`,
  });
  if (!t) return;
  if (APPLIANCES.has(t.kind)) {
    const note = applianceModeNote(out, from, to);
    w.rec.recordUnknown({
      at: hopAt(t.route.origin, 'AWS::EC2::Route'),
      direction,
      packet: p,
      code: 'UNSUPPORTED_COMPONENT',
      reason: `transit gateway ${entry.tgw.id} delivers ${formatAddr(p.dst)} into ${String(out.vpc)} (an inspection VPC), whose subnet ${sub.id} sends it to ${t.kind} ${t.id}; packetwalk does not walk an appliance between two crossings of the gateway, so whether it reaches ${toVpc} is unknown (${note})`,
    });
    return;
  }
  if (t.kind === 'transit-gateway') {
    w.rec.recordUnknown({ at: hopAt(t.route.origin, 'AWS::EC2::Route'), direction, packet: p, code: 'UNSUPPORTED_COMPONENT', reason: `transit gateway ${entry.tgw.id} delivers ${formatAddr(p.dst)} into ${String(out.vpc)}, whose subnet ${sub.id} sends it back to transit gateway ${t.id}; a second crossing is not walked, so whether it reaches ${toVpc} is unknown` });
    return;
  }
  wrongRoute(w, t.rt, direction, p, 'NO_ROUTE_TO_DESTINATION', `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} through attachment ${out.id} into ${String(out.vpc)}, but the destination is in ${toVpc}, and subnet ${sub.id} there routes it to ${t.id ? `${t.kind} ${t.id}` : t.kind} rather than on towards it`);
}
