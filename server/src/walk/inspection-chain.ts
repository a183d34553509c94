// Following routes through middlebox endpoints: each endpoint sends the packet on by its own subnet's
// route table, which may name another endpoint (a chain), and an internet gateway's edge-associated route
// table (ingress routing) may send what enters through the gateway to an endpoint before it reaches its
// subnet (VPC User Guide, "Gateway route tables"). A chain that comes back to an endpoint it went through,
// or grows past MAX_MIDDLEBOX_HOPS, is a routing loop.
import { isUnknown, type InternetGateway, type RouteTable, type Subnet } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import { hopAt } from './hop-recorder';
import { checkSymmetry, inspect, inspectionFor, isInspectionTarget, type InspectionHop } from './inspection-endpoint';
import { igwAt } from './internet-gateway';
import type { Packet } from './packet';
import { route, routeIn, routeTableName, unsupportedTarget, wrongRoute, type RouteChoice } from './route-table';
import { naclCheck } from './subnet-boundary';
import type { WalkContext } from './walk-context';

/** More middlebox hops than this in one direction is taken as a loop. */
export const MAX_MIDDLEBOX_HOPS = 8;

/** Where the packet is after the endpoints: the subnet whose route table chose `t` (null: it never entered one). */
export interface AfterInspection {
  subnet: Subnet | null;
  t: RouteChoice | null;
}

/** The subnet a route target sits in, when the walk knows it (`dst`: the subnet a local route delivers to). */
function subnetOfTarget(w: WalkContext, t: RouteChoice, dst: string | undefined): string | undefined {
  if (t.kind === 'local') return dst;
  if (!t.id) return undefined;
  if (t.kind === 'nat-gateway') {
    const s = w.model.index.natGateway.get(t.id)?.subnet;
    return typeof s === 'string' ? s : undefined;
  }
  const e = w.model.index.endpoint.get(t.id);
  if (!e || e.placements.length !== 1) return undefined;
  const s = e.placements[0].subnet;
  return typeof s === 'string' ? s : undefined;
}

/**
 * The route of `from` chose `t` (`from`'s outbound NACL already checked, or null for a packet coming in
 * through a gateway). While the target is a middlebox endpoint: into its subnet (its NACL inbound),
 * inspected, and on by that subnet's route table (its NACL outbound when the next hop is elsewhere).
 * Every endpoint gone through is appended to `via`. `note` names the reply's ports for NACL messages.
 */
export function throughInspection(w: WalkContext, from: Subnet | null, t: RouteChoice, p: Packet, direction: Direction, via: InspectionHop[], opts: { dstSubnet?: string; note?: string } = {}): AfterInspection {
  let cur = from;
  let choice: RouteChoice | null = t;
  const seen = new Set<string>();
  for (let n = 0; choice && isInspectionTarget(w, choice); n++) {
    const loopAt = hopAt(choice.rt.origin, 'AWS::EC2::RouteTable');
    if (n >= MAX_MIDDLEBOX_HOPS) {
      w.rec.record({ at: loopAt, direction, in: p, decision: 'drop', code: 'MIDDLEBOX_ROUTING_LOOP', reason: `the ${direction === 'return' ? 'reply' : 'packet'} has gone through ${n} middlebox endpoints and ${routeTableName(choice.rt)} sends it to yet another: more than ${MAX_MIDDLEBOX_HOPS} is taken as a routing loop` });
      return { subnet: cur, t: null };
    }
    const ep = inspectionFor(w, choice, direction, p);
    if (!ep) return { subnet: cur, t: null };
    if (seen.has(ep.key)) {
      w.rec.record({ at: loopAt, direction, in: p, decision: 'drop', code: 'MIDDLEBOX_ROUTING_LOOP', reason: `${routeTableName(choice.rt)} sends ${formatAddr(p.dst)} back to ${ep.name}, which it has already gone through: the routes form a loop and the packet never arrives` });
      return { subnet: cur, t: null };
    }
    seen.add(ep.key);
    if (!cur || ep.subnet.id !== cur.id) naclCheck(w, ep.subnet, false, p, direction, opts.note);
    inspect(w, ep, p, direction);
    via.push(ep);
    const next = route(w, ep.subnet, p, direction);
    if (next && subnetOfTarget(w, next, opts.dstSubnet) !== ep.subnet.id) naclCheck(w, ep.subnet, true, p, direction, opts.note);
    cur = ep.subnet;
    choice = next;
  }
  return { subnet: cur, t: choice };
}

/** What ingress routing did with a packet entering through an internet gateway. */
export interface Ingress {
  /** The endpoints it went through. */
  via: InspectionHop[];
  /** The gateway route table, when the gateway has one. */
  rt: RouteTable | null;
  /** False when the walk cannot say where the packet goes (recorded). */
  known: boolean;
}

/**
 * A packet entering the VPC through `igw` (its destination already translated to the private address)
 * toward subnet `dst`: without an edge-associated route table it goes straight to its subnet; with one,
 * that table decides: local delivers it, a middlebox endpoint inspects it first, and the endpoint's
 * subnet must then deliver it locally.
 */
export function ingressRouting(w: WalkContext, igw: InternetGateway, p: Packet, direction: Direction, dst: Subnet, note?: string): Ingress {
  const via: InspectionHop[] = [];
  const edge = igw.edgeRouteTable;
  if (!edge) return { via, rt: null, known: true };
  if (isUnknown(edge.table)) {
    w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, range: edge.table.range, reason: `the route table edge-associated with internet gateway ${igw.id} is unknown: ${edge.table.reason}` });
    return { via, rt: null, known: false };
  }
  const rt = w.model.index.routeTable.get(edge.table);
  if (!rt) {
    w.rec.recordUnknown({ at: igwAt(igw), direction, packet: p, range: edge.origin.range, reason: `route table ${edge.table}, edge-associated with internet gateway ${igw.id}, is not in the model` });
    return { via, rt: null, known: false };
  }
  const t = routeIn(w, rt, `edge-associated with internet gateway ${igw.id}: ingress routing`, p, direction);
  if (!t) return { via, rt, known: false };
  if (t.kind === 'local') return { via, rt, known: true };
  if (!isInspectionTarget(w, t)) {
    unsupportedTarget(w, t, rt, direction, p, `ingress routing of internet gateway ${igw.id} sends ${formatAddr(p.dst)} to ${t.kind} ${t.id ?? ''}: a middlebox on a network interface in the ingress path is not walked yet, so the rest of the path is unknown`);
    return { via, rt, known: false };
  }
  const after = throughInspection(w, null, t, p, direction, via, { dstSubnet: dst.id, note });
  if (!after.t) return { via, rt, known: false };
  if (after.t.kind !== 'local') {
    wrongRoute(w, after.t.rt, direction, p, 'NO_ROUTE_TO_DESTINATION', `after ${via.map((v) => v.name).join(' and ')}, subnet ${after.subnet?.id ?? '?'} routes ${formatAddr(p.dst)} to ${after.t.id ?? after.t.kind} instead of delivering it locally to subnet ${dst.id}`);
    return { via, rt, known: false };
  }
  return { via, rt, known: true };
}

/**
 * A reply entering through `igw` to the initiator in subnet `dst`, whose request went out through the
 * endpoints `fwd`: ingress routing, then both directions must have used the same endpoints.
 */
export function replyThroughIngress(w: WalkContext, igw: InternetGateway, inside: Packet, fwd: InspectionHop[], dst: Subnet, note: string): void {
  const ing = ingressRouting(w, igw, inside, 'return', dst, note);
  if (!ing.known && ing.via.length === 0) return;
  const hint = igw.edgeRouteTable ? '' : ` (internet gateway ${igw.id} has no edge-associated route table to send the reply through it)`;
  checkSymmetry(w, fwd, ing.via, inside, ing.rt, hint);
}

/**
 * The reply leaves subnet `from` (its outbound NACL already checked) by its route choice `t`: through the
 * endpoints it names, then checked against the request's endpoints `fwd`. Returns where it goes next.
 */
export function replyThroughInspection(w: WalkContext, from: Subnet, t: RouteChoice | null, back: Packet, fwd: InspectionHop[], opts: { dstSubnet?: string; note?: string }): AfterInspection {
  const bwd: InspectionHop[] = [];
  const after = t && isInspectionTarget(w, t) ? throughInspection(w, from, t, back, 'return', bwd, opts) : { subnet: from, t };
  if (t && (!isInspectionTarget(w, t) || after.t || bwd.length > 0)) checkSymmetry(w, fwd, bwd, back, t.rt);
  return after;
}
