// The transit gateway: a packet enters it through the attachment of its VPC (only from an Availability
// Zone where the attachment has a subnet: TGW_ROUTE_AZ_RESTRICTION), is routed by the route table that
// attachment is associated with (static routes win over propagated ones for the same prefix; a blackhole
// drops), and leaves through the attachment of the VPC that route names (Transit Gateway guide,
// tgw-route-tables.html, tgw-vpc-attachments.html; Reachability Analyzer TGW_* codes).
import { isUnknown, type Subnet } from '../model/types';
import type { TgwAttachment, TgwRoute, TgwRouteTable, TransitGateway } from '../model/transit-gateways';
import type { Direction } from '../../../shared/protocol';
import { formatCidr } from '../net/ip';
import { addrFamily, formatAddr, matchAddr } from './addresses';
import { hopAt, type HopAt } from './hop-recorder';
import type { Packet } from './packet';
import type { RouteChoice } from './route-table';
import type { WalkContext } from './walk-context';

/** The prefix of a VPC's Amazon-provided IPv6 block (VPC User Guide: a /56). */
const V6_BLOCK = 56;

function attachmentAt(a: TgwAttachment): HopAt {
  return hopAt(a.origin, a.type);
}

/** A default route table is named by its transit gateway, with `element` saying which. */
function tableAt(t: TgwRouteTable): HopAt {
  if (t.implicit) return { resource: t.origin.resource, type: 'AWS::EC2::TransitGateway', element: t.implicit, range: t.origin.range };
  return hopAt(t.origin, 'AWS::EC2::TransitGatewayRouteTable');
}

function tableName(t: TgwRouteTable): string {
  return t.implicit ? `the default route table of transit gateway ${t.origin.resource}` : `transit gateway route table ${t.id}`;
}

/** Where the packet is inside the transit gateway: which gateway, and the attachment it came in by. */
export interface TgwEntry {
  tgw: TransitGateway;
  attachment: TgwAttachment;
  /** The attachment's subnet in the Availability Zone the packet came from. */
  subnet: Subnet;
}

/**
 * The packet leaves `from` (a subnet of the VPC) by a route to a transit gateway. Returns where it is in
 * the gateway, or null with the drop or unknown recorded.
 */
export function enterTransitGateway(w: WalkContext, via: RouteChoice, from: Subnet, p: Packet, direction: Direction): TgwEntry | null {
  const tgw = w.model.index.transitGateway?.get(via.id!);
  const routeAt = hopAt(via.rt.origin, 'AWS::EC2::RouteTable');
  if (!tgw) {
    w.rec.record({ at: routeAt, direction, in: p, decision: 'drop', code: 'BAD_STATE_ROUTE', reason: `the route targets ${via.id}, which is not a transit gateway of this template` });
    return null;
  }
  const vpc = isUnknown(from.vpc) ? null : from.vpc;
  const attachments = (w.model.tgwAttachments ?? []).filter((a) => a.kind === 'vpc' && a.tgw === tgw.id);
  const attachment = attachments.find((a) => a.vpc === vpc);
  if (!attachment) {
    const undecided = attachments.find((a) => isUnknown(a.vpc));
    if (undecided && isUnknown(undecided.vpc)) {
      w.rec.recordUnknown({ at: attachmentAt(undecided), direction, packet: p, reason: `whether transit gateway ${tgw.id} is attached to ${vpc ?? 'this VPC'} is unknown: ${undecided.vpc.reason}`, range: undecided.vpc.range });
      return null;
    }
    w.rec.record({ at: hopAt(tgw.origin, 'AWS::EC2::TransitGateway'), direction, in: p, decision: 'drop', code: 'BAD_STATE_ATTACHMENT', reason: `transit gateway ${tgw.id} has no attachment in VPC ${vpc ?? '?'} (no AWS::EC2::TransitGatewayAttachment for it), so the route to it leads nowhere` });
    return null;
  }
  if (attachment.exists === 'unknown' || tgw.exists === 'unknown') w.rec.recordUnknown({ at: attachmentAt(attachment), direction, packet: p, reason: `attachment ${attachment.id} or transit gateway ${tgw.id} is created only under a Condition the template does not decide` });
  const sub = attachmentSubnetInZone(w, attachment, from, p, direction, 'enter');
  if (!sub) return null;
  w.rec.record({ at: attachmentAt(attachment), direction, in: p, decision: 'pass', rule: `${attachment.id} (${sub.id})`, reason: `the packet enters transit gateway ${tgw.id} through attachment ${attachment.id}, whose subnet ${sub.id} is in the same Availability Zone as subnet ${from.id}` });
  return { tgw, attachment, subnet: sub };
}

/**
 * The attachment's subnet in the zone of `subnet`. A VPC's traffic reaches the gateway only in a zone
 * where the attachment has a subnet (TGW_ROUTE_AZ_RESTRICTION); the gateway delivers into a VPC through
 * the attachment's subnet in the zone of the destination when it has one.
 */
function attachmentSubnetInZone(w: WalkContext, a: TgwAttachment, subnet: Subnet, p: Packet, direction: Direction, how: 'enter' | 'leave'): Subnet | null {
  const at = attachmentAt(a);
  if (isUnknown(subnet.az)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the Availability Zone of subnet ${subnet.id} is unknown (${subnet.az.reason}), so whether attachment ${a.id} has a subnet there is unknown`, range: subnet.az.range });
    return null;
  }
  const subnets: Subnet[] = [];
  for (const id of a.subnets) {
    if (isUnknown(id)) {
      w.rec.recordUnknown({ at, direction, packet: p, reason: `a subnet of attachment ${a.id} is unknown: ${id.reason}`, range: id.range });
      return null;
    }
    const s = w.model.index.subnet.get(id);
    if (s) subnets.push(s);
  }
  const same = subnets.find((s) => s.az === subnet.az);
  if (same) return same;
  const undecided = subnets.find((s) => isUnknown(s.az));
  if (undecided && isUnknown(undecided.az)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the Availability Zone of subnet ${undecided.id} of attachment ${a.id} is unknown: ${undecided.az.reason}`, range: undecided.az.range });
    return null;
  }
  const zones = subnets.map((s) => `${s.id} in ${String(s.az)}`).join(', ') || 'none';
  if (how === 'enter') {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'TGW_ROUTE_AZ_RESTRICTION', reason: `subnet ${subnet.id} is in ${subnet.az}, but attachment ${a.id} has no subnet in that Availability Zone (its subnets: ${zones}), so the transit gateway takes no traffic from it: the attachment needs a subnet in every zone that routes to it` });
    return subnets[0] ?? null;
  }
  if (subnets.length === 0) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'BAD_STATE_ATTACHMENT', reason: `attachment ${a.id} has no subnet, so the transit gateway cannot deliver into its VPC` });
    return null;
  }
  w.rec.assume(`attachment ${a.id} has no subnet in ${subnet.az} (the zone of ${subnet.id}); the transit gateway delivers through ${subnets[0].id} in ${String(subnets[0].az)}`);
  return subnets[0];
}

/** The route the gateway takes for the packet, from the table the entry attachment is associated with. Returns the attachment it leaves by. */
export function routeInTransitGateway(w: WalkContext, entry: TgwEntry, p: Packet, direction: Direction): TgwAttachment | null {
  const a = entry.attachment;
  const assoc = w.model.tgwAssociations?.get(a.id);
  if (!assoc) {
    w.rec.record({ at: attachmentAt(a), direction, in: p, decision: 'drop', code: 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION', reason: `attachment ${a.id} is associated with no transit gateway route table (no AWS::EC2::TransitGatewayRouteTableAssociation, and default association is off on ${entry.tgw.id}), so the gateway routes nothing that comes in through it` });
    return null;
  }
  if (isUnknown(assoc.table)) {
    w.rec.recordUnknown({ at: attachmentAt(a), direction, packet: p, reason: `the route table attachment ${a.id} is associated with is unknown: ${assoc.table.reason}`, range: assoc.table.range });
    return null;
  }
  const table = w.model.index.tgwRouteTable?.get(assoc.table);
  if (!table) {
    w.rec.recordUnknown({ at: attachmentAt(a), direction, packet: p, reason: `transit gateway route table ${assoc.table} is not in the model`, code: 'UNSUPPORTED_COMPONENT' });
    return null;
  }
  const at = tableAt(table);
  let best: TgwRoute | undefined;
  let bestPrefix = -1;
  let maybe: { reason: string; range: TgwRoute['origin']['range']; prefix: number } | undefined;
  // Routes whose prefixes the template cannot show (learned over a VPN connection): they decide only
  // where no known route covers the destination, and the trace says what is assumed otherwise.
  const learned: TgwRoute[] = [];
  for (const r of table.routes) {
    const d = r.destination;
    if (isUnknown(d) && r.ipv6Vpc !== undefined) {
      // A VPC's IPv6 block assigned at deploy: never an IPv4 packet's route; it holds exactly that VPC's addresses.
      if (addrFamily(p.dst) === 4) continue;
      const inVpc = p.dst.kind === 'unknown' ? p.dst.inVpc : undefined;
      if (inVpc !== undefined && inVpc !== r.ipv6Vpc) continue;
      if (inVpc !== undefined && r.exists !== 'unknown') {
        if (V6_BLOCK > bestPrefix || (V6_BLOCK === bestPrefix && best?.source === 'propagated' && r.source === 'static')) {
          best = r;
          bestPrefix = V6_BLOCK;
        }
        continue;
      }
    }
    if (isUnknown(d)) {
      if (r.source === 'propagated' && r.ipv6Vpc === undefined) learned.push(r);
      else if (r.source === 'propagated') {
        if (!maybe) maybe = { reason: `whether ${formatAddr(p.dst)} is in ${r.ipv6Vpc}'s IPv6 block is unknown: ${d.reason}`, range: d.range, prefix: V6_BLOCK };
      }
      else if (!maybe) maybe = { reason: d.reason, range: d.range, prefix: 129 };
      continue;
    }
    const m = matchAddr(d, p.dst);
    if (m === 'no') continue;
    if (m !== 'yes' || r.exists === 'unknown') {
      const reason = typeof m === 'object' ? m.unknown.reason : m === 'partial' ? `route ${formatCidr(d)} covers only part of ${formatAddr(p.dst)}` : `route ${r.id} exists only under a condition the template does not decide`;
      if (!maybe || d.prefix > maybe.prefix) maybe = { reason, range: r.origin.range, prefix: d.prefix };
      continue;
    }
    // Longest prefix; for the same prefix a static route wins over a propagated one.
    if (d.prefix > bestPrefix || (d.prefix === bestPrefix && best?.source === 'propagated' && r.source === 'static')) {
      best = r;
      bestPrefix = d.prefix;
    }
  }
  if (maybe && maybe.prefix > bestPrefix) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the route ${tableName(table)} takes for ${formatAddr(p.dst)} is unknown: ${maybe.reason}`, range: maybe.range });
    return null;
  }
  const firstLearned = learned[0]?.destination;
  if (!best && firstLearned && isUnknown(firstLearned)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `no route of ${tableName(table)} the template shows covers ${formatAddr(p.dst)}, and ${firstLearned.reason}: whether one of them does is unknown`, range: firstLearned.range, code: 'UNSUPPORTED_COMPONENT' });
    return null;
  }
  if (!best && table.implicit && entry.tgw.defaultPropagation !== false) {
    // Every attachment of the gateway propagates into its default table while default propagation is on,
    // also those made outside this template (another stack, a shared gateway's other accounts, a VPN).
    w.rec.recordUnknown({ at, direction, packet: p, reason: `no route of ${tableName(table)} the template shows covers ${formatAddr(p.dst)}, but attachments made outside this template (another stack or account, a VPN connection) propagate into it automatically while default propagation is on, so whether it has one is unknown` });
    return null;
  }
  if (best && learned.length > 0) w.rec.assume(`the routes propagated into ${tableName(table)} from ${learned.map((r) => r.attachment).join(', ')} are not in the template; they are assumed not to be more specific than the route it takes for ${formatAddr(p.dst)}`);
  if (!best) {
    w.rec.record({ at, direction, in: p, decision: 'drop', code: 'NO_ROUTE_TO_DESTINATION', reason: `${tableName(table)} (associated with attachment ${a.id}) has no route to ${formatAddr(p.dst)}: no static route and no propagation covers it` });
    return null;
  }
  const dest = isUnknown(best.destination) ? `IPv6 block of ${best.ipv6Vpc ?? '?'}` : formatCidr(best.destination);
  const rule = `${dest} → ${best.blackhole ? 'blackhole' : String(best.attachment)}${best.source === 'propagated' ? ' (propagated)' : ''}`;
  if (best.blackhole) {
    w.rec.record({ at: { ...at, range: best.origin.range }, direction, in: p, decision: 'drop', rule, code: 'TGW_RTB_BAD_STATE_ROUTE', reason: `${tableName(table)} has a blackhole route for ${formatAddr(p.dst)}: the transit gateway drops the packet` });
    return null;
  }
  if (best.attachment === undefined || isUnknown(best.attachment)) {
    w.rec.recordUnknown({ at, direction, packet: p, reason: `the attachment of route ${best.id} is unknown${best.attachment ? `: ${best.attachment.reason}` : ''}`, range: best.origin.range });
    return null;
  }
  const out = (w.model.tgwAttachments ?? []).find((x) => x.id === best!.attachment);
  if (!out) {
    w.rec.record({ at, direction, in: p, decision: 'drop', rule, code: 'TGW_RTB_BAD_STATE_ROUTE', reason: `${tableName(table)} sends ${formatAddr(p.dst)} to ${best.attachment}, which is not an attachment of this template` });
    return null;
  }
  w.rec.record({ at: { ...at, range: best.origin.range }, direction, in: p, decision: 'pass', rule, reason: `${tableName(table)} (associated with attachment ${a.id}): ${rule} is the most specific route to ${formatAddr(p.dst)}` });
  if (out.kind !== 'vpc') {
    const what = out.kind === 'peering' ? `peering attachment ${out.id}, to another transit gateway whose routes and attachments` : `VPN connection ${out.id}, to a network outside AWS whose routes and hosts`;
    w.rec.recordUnknown({ at: attachmentAt(out), direction, packet: p, reason: `the route leads to ${what} the template does not show, so the rest of the path is unknown`, code: 'UNSUPPORTED_COMPONENT' });
    return null;
  }
  return out;
}

/** The packet leaves the gateway through `out` into its VPC, towards `to`: returns the attachment's subnet it comes out of. */
export function leaveTransitGateway(w: WalkContext, entry: TgwEntry, out: TgwAttachment, to: Subnet, p: Packet, direction: Direction): Subnet | null {
  const toVpc = isUnknown(to.vpc) ? null : to.vpc;
  if (!isUnknown(out.vpc) && toVpc !== null && out.vpc !== toVpc) {
    w.rec.record({ at: attachmentAt(out), direction, in: p, decision: 'drop', code: 'NO_ROUTE_TO_DESTINATION', reason: `transit gateway ${entry.tgw.id} sends ${formatAddr(p.dst)} through attachment ${out.id} into ${out.vpc}, but the destination is in ${toVpc}` });
    return null;
  }
  // Availability Zone affinity: the gateway leaves by the attachment's interface in the zone it was entered by.
  return leaveIntoVpc(w, entry, out, entry.subnet, p, direction);
}

/**
 * The packet leaves the gateway through `out` into its VPC, in the Availability Zone of `zoneOf` (the
 * subnet it came from or goes to): returns the attachment's subnet it comes out of.
 */
export function leaveIntoVpc(w: WalkContext, entry: TgwEntry, out: TgwAttachment, zoneOf: Subnet, p: Packet, direction: Direction): Subnet | null {
  const sub = attachmentSubnetInZone(w, out, zoneOf, p, direction, 'leave');
  if (!sub) return null;
  if (out.applianceMode === true) w.rec.assume(`attachment ${out.id} has appliance mode on: the transit gateway keeps both directions of a flow in one Availability Zone of ${String(out.vpc)}`);
  w.rec.record({ at: attachmentAt(out), direction, in: p, decision: 'pass', rule: `${out.id} (${sub.id})`, reason: `transit gateway ${entry.tgw.id} delivers the packet into ${String(out.vpc)} through attachment ${out.id} (subnet ${sub.id})` });
  return sub;
}

/** Whether security-group references match across the gateway: only when the gateway and both attachments turn the support on. */
export function referencesCrossGateway(entry: TgwEntry, out: TgwAttachment): boolean {
  return entry.tgw.sgReferencing === true && entry.attachment.sgReferencing === true && out.sgReferencing === true;
}
