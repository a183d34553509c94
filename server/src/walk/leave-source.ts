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
