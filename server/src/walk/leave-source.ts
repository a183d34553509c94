// The first leg of every path from a placement to something outside its VPC's local range (the internet,
// IPv4 or IPv6, or a private address outside every VPC): the source may initiate, has an address of the
// flow's family, its security groups let the packet out, its subnet's NACL lets it out, and its route
// table names where it goes next. Each check records its hop; the walk stops at the first that cannot go on.
import type { Subnet } from '../model/types';
import type { Packet } from './packet';
import { hasAddressOfFamily, noteExistence, subnetOf } from './placement';
import { route, type RouteChoice } from './route-table';
import { sgCheck } from './security-group-check';
import { naclCheck } from './subnet-boundary';
import { endpointMayInitiate } from './vpc-endpoint';
import { isInspectionTarget, type InspectionHop } from './inspection-endpoint';
import { throughInspection } from './inspection-chain';
import type { PlacementSide, WalkContext } from './walk-context';

/** The source's subnet and the route its table chooses, or null when the walk goes no further. */
export function leaveSource(w: WalkContext, src: PlacementSide, first: Packet): { ss: Subnet; t: RouteChoice } | null {
  noteExistence(w, src);
  if (!endpointMayInitiate(w, src, first)) return null;
  const ss = subnetOf(w, src, 'forward', first);
  if (ss && !hasAddressOfFamily(w, src, ss, first.dst, first, true)) return null;
  sgCheck(w, src, 'egress', first, null);
  if (!ss) return null;
  naclCheck(w, ss, true, first, 'forward');
  const t = route(w, ss, first, 'forward');
  return t ? { ss, t } : null;
}

/**
 * The first leg, then any Network Firewall or Gateway Load Balancer endpoints the source's route names
 * (recorded in `fwd`, which the reply must go back through): the subnet the packet goes on from, and that
 * subnet's route. Null when the walk goes no further.
 */
export function leaveThroughInspection(w: WalkContext, src: PlacementSide, first: Packet): { ss: Subnet; from: Subnet; t: RouteChoice; fwd: InspectionHop[] } | null {
  const left = leaveSource(w, src, first);
  if (!left) return null;
  const fwd: InspectionHop[] = [];
  if (!isInspectionTarget(w, left.t)) return { ss: left.ss, from: left.ss, t: left.t, fwd };
  const a = throughInspection(w, left.ss, left.t, first, 'forward', fwd);
  if (!a.t || !a.subnet) return null;
  return { ss: left.ss, from: a.subnet, t: a.t, fwd };
}
