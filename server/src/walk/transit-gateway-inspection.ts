// A transit gateway that delivers a packet into a VPC other than the destination's: an inspection (or
// shared services) VPC, whose attachment subnet sends it through Network Firewall or Gateway Load Balancer
// endpoints and back to the gateway, which crosses again towards the destination (the caller walks that
// second crossing). An instance or interface appliance there is not walked: the rest of the path is
// unknown, never a drop. Anything else there (no route, a local route, a gateway) means the packet never
// reaches the destination: a drop.
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
import { route, wrongRoute, type RouteChoice } from './route-table';
import { leaveIntoVpc, type TgwEntry } from './transit-gateway';
import { endpointOnlyIn, isInspectionTarget, type InspectionHop } from './inspection-endpoint';
import { throughInspection } from './inspection-chain';
import { naclCheck } from './subnet-boundary';
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

/** More crossings of the gateway than this in one direction is taken as a routing loop. */
const MAX_CROSSINGS = 3;

/** Where an inspection VPC hands the packet back to the gateway. */
export interface InspectionVpcPassage {
  /** The route back to the transit gateway, from `subnet`. */
  next: RouteChoice;
  subnet: Subnet;
  /** The firewall or Gateway Load Balancer endpoints the packet went through. */
  inspected: InspectionHop[];
  /** The attachment subnet the gateway delivered into. */
  attachmentSubnet: Subnet;
}

/**
 * The gateway's route for `p` leads through attachment `out` into `out.vpc`, not into the VPC of `to`: an
 * inspection VPC. The packet comes out of the attachment's interface (in the zone it entered by; with
 * appliance mode on, the reply in the zone of the request), follows that subnet's routes through any
 * Network Firewall or Gateway Load Balancer endpoints, and must come back to a transit gateway for a
 * second crossing, which the caller walks. An instance or interface appliance there is not walked
 * (unknown); any other route means the packet never reaches `to`: a drop.
 */
export function acrossInspectionVpc(w: WalkContext, entry: TgwEntry, out: TgwAttachment, from: Subnet, to: Subnet, p: Packet, direction: Direction, ports: string, opts: { request?: Subnet; depth: number }): InspectionVpcPassage | null {
  const toVpc = isUnknown(to.vpc) ? '?' : to.vpc;
  if (opts.depth + 1 >= MAX_CROSSINGS) {
    w.rec.record({ at: hopAt(entry.tgw.origin, 'AWS::EC2::TransitGateway'), direction, in: p, decision: 'drop', code: 'MIDDLEBOX_ROUTING_LOOP', reason: `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} into ${String(out.vpc)} again after ${opts.depth + 1} crossings without reaching ${toVpc}: the routes form a loop` });
    return null;
  }
  const sameZone = direction === 'return' && out.applianceMode === true && opts.request !== undefined;
  const sub = leaveIntoVpc(w, entry, out, sameZone ? opts.request! : entry.subnet, p, direction);
  if (!sub) return null;
  if (out.applianceMode === true && direction === 'forward') {
    w.rec.assume(`appliance mode is on for attachment ${out.id}: transit gateway ${entry.tgw.id} picks one Availability Zone's interface in ${String(out.vpc)} for the whole flow by a flow hash; the walk takes the zone the packet entered by (subnet ${sub.id}), and the reply comes back through the same one`);
  }
  const t = route(w, sub, p, direction, {
    code: 'NO_ROUTE_TO_DESTINATION',
    reason: (noRoute) => `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} through attachment ${out.id} into ${String(out.vpc)}, but the destination is in ${toVpc}, and ${noRoute}`,
  });
  if (!t) return null;
  const inspected: InspectionHop[] = [];
  let at = sub;
  let next: RouteChoice = t;
  if (isInspectionTarget(w, t)) {
    if (!endpointOnlyIn(w, t, sub)) naclCheck(w, sub, true, p, direction, ports);
    const after = throughInspection(w, sub, t, p, direction, inspected, { note: ports });
    if (!after.t || !after.subnet) return null;
    at = after.subnet;
    next = after.t;
  }
  if (next.kind === 'transit-gateway') return { next, subnet: at, inspected, attachmentSubnet: sub };
  if (APPLIANCES.has(next.kind)) {
    const note = applianceModeNote(out, from, to);
    w.rec.recordUnknown({
      at: hopAt(next.route.origin, 'AWS::EC2::Route'),
      direction,
      packet: p,
      code: 'UNSUPPORTED_COMPONENT',
      reason: `transit gateway ${entry.tgw.id} delivers ${formatAddr(p.dst)} into ${String(out.vpc)} (an inspection VPC), whose subnet ${at.id} sends it to ${next.kind} ${next.id}; packetwalk does not walk an instance or interface appliance between two crossings of the gateway, so whether it reaches ${toVpc} is unknown (${note})`,
    });
    return null;
  }
  wrongRoute(w, next.rt, direction, p, 'NO_ROUTE_TO_DESTINATION', `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} through attachment ${out.id} into ${String(out.vpc)}, but the destination is in ${toVpc}, and subnet ${at.id} there routes it to ${next.id ? `${next.kind} ${next.id}` : next.kind} rather than back to a transit gateway towards it`);
  return null;
}

/** Why the request and the reply met different inspection endpoints, when the gateway delivered them into different zones. */
export function inspectionHint(request: { inspectionSubnet?: Subnet }, reply: { inspectionSubnet?: Subnet }): string {
  const a = request.inspectionSubnet;
  const b = reply.inspectionSubnet;
  if (!a || !b || a.id === b.id) return '';
  const zone = (s: Subnet): string => (isUnknown(s.az) ? 'zone unknown' : s.az);
  return ` (the transit gateway delivered the request into subnet ${a.id}, ${zone(a)}, and the reply into subnet ${b.id}, ${zone(b)}: without appliance mode on the inspection VPC's attachment, the gateway keeps each direction in the zone it entered by; turn ApplianceModeSupport on for that attachment)`;
}
