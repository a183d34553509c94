// Route lookup: the longest prefix that contains the destination wins; each VPC CIDR has a local
// route (VPC User Guide, VPC_Route_Tables.md). A route to a prefix list is, for longest-prefix match,
// one route per entry of the list; on equal prefixes a route to a CIDR beats a route to a prefix list
// (VPC_Route_Tables.md "Route priority"). A prefix list whose entries the template cannot know (a pl-…
// id, an AWS-managed list) makes the lookup unknown whenever it might hold the destination and no
// route that it cannot beat decides first. When the destination is an address set and a more specific
// route covers only part of it, the outcome depends on the address: unknown.
import { formatCidr, type Cidr } from '../net/ip';
import { isUnknown, type PrefixListDestination, type Route, type RouteTable, type RouteTarget } from '../model/types';
import { addrFamily, formatAddr, isPublicSet, matchAddr } from './addresses';
import type { Addr, UnknownNote } from './types';

export interface RouteVerdict {
  decision: 'pass' | 'drop' | 'unknown';
  route?: Route;
  unknown?: UnknownNote;
  detail: string;
  /** What the lookup took for granted, for the trace (e.g. what an AWS-managed prefix list holds). */
  assumptions: string[];
  /** The entry of a prefix list that matched, when the chosen route is a prefix-list route. */
  viaEntry?: Cidr;
}

export function targetText(t: RouteTarget): string {
  if (t.kind === 'local') return 'local';
  if (t.kind === 'missing') return `${t.id} (not created)`;
  if (t.kind === 'vpc-endpoint' && t.firewall && !isUnknown(t.id)) return `${t.id} endpoint ${t.firewall.index ?? '?'}`;
  return isUnknown(t.id) ? `${t.kind} ?` : t.id;
}

export function prefixListText(d: PrefixListDestination): string {
  const name = isUnknown(d.prefixList) ? '?' : d.prefixList;
  return d.service ? `the AWS-managed ${d.service} prefix list` : `prefix list ${name}`;
}

/** Route texts, kept per route: every lookup names the route it chose (model routes are never changed once built). */
const routeTexts = new WeakMap<Route, string>();

export function routeText(r: Route): string {
  let text = routeTexts.get(r);
  if (text === undefined) {
    text = routeTextUncached(r);
    routeTexts.set(r, text);
  }
  return text;
}

function routeTextUncached(r: Route): string {
  const d = r.destination;
  let dest: string;
  if ('prefixList' in d) dest = prefixListText(d);
  else dest = isUnknown(d) ? (r.ipv6BlockOf ? `IPv6 block of ${r.ipv6BlockOf}` : '?') : formatCidr(d);
  return `${dest} → ${targetText(r.target)}`;
}

/**
 * "route 10.0.0.0/16 → local" or "entry … of route …": only the undecided cases of a lookup name the route,
 * so the text is made for them alone (the lookup considers every route of the table).
 */
function routeOrEntry(r: Route, c: Cidr, fromList: boolean): string {
  return fromList ? `entry ${formatCidr(c)} of ${routeText(r)}` : `route ${routeText(r)}`;
}

interface Maybe {
  prefix: number;
  note: UnknownNote;
  local?: boolean;
  fromList?: boolean;
  /** A propagated route: it never takes the VPC's own range from the local route, nor beats a host route. */
  propagated?: boolean;
}

/**
 * `isIpv6Unknown` tells whether an unknown destination is an IPv6 block (an Amazon-provided /56, an
 * IPv6 CIDR parameter…), so that it cannot decide an IPv4 lookup and vice versa.
 */
export function lookupRoute(rt: RouteTable, dst: Addr, isIpv6Unknown: (u: UnknownNote) => boolean = () => false): RouteVerdict {
  let best: Route | undefined;
  let bestPrefix = -1;
  let bestFromList = false;
  let bestEntry: Cidr | undefined;
  let tie: UnknownNote | undefined;
  const maybes: Maybe[] = [];
  const opaque: Route[] = [];
  const assumptions: string[] = [];
  const family = addrFamily(dst);
  const genericInternet = dst.kind === 'internet' && !dst.cidr;

  // An IPv6 address of one of the template's subnets whose block is assigned at deploy: the local route
  // of its own VPC holds it (EC2 takes a subnet's IPv6 block from the VPC's), whatever the prefix.
  const inVpc = dst.kind === 'unknown' && dst.family === 6 ? dst.inVpc : undefined;
  const ownLocal = (r: Route): boolean => inVpc !== undefined && r.target.kind === 'local' && r.target.vpc === inVpc;
  // The local route is preferred over propagated routes even when they are more specific (Site-to-Site VPN
  // guide, vpn-route-priority), and a static route over a propagated one of the same prefix.
  const localHolds =
    inVpc !== undefined ||
    rt.routes.some((r) => r.target.kind === 'local' && r.exists === 'yes' && !('prefixList' in r.destination) && !isUnknown(r.destination) && matchAddr(r.destination, dst) === 'yes');
  const consider = (r: Route, c: Cidr, fromList: boolean): void => {
    if (c.family !== family) return;
    if (r.propagated && localHolds) return;
    const m = (ownLocal(r) || (r.ipv6BlockOf !== undefined && r.ipv6BlockOf === inVpc)) && !fromList ? 'yes' : matchAddr(c, dst);
    if (m === 'no') return;
    if (typeof m === 'object') {
      maybes.push({ prefix: c.prefix, note: m.unknown, fromList, propagated: r.propagated === true });
      return;
    }
    if (m === 'partial') {
      // "Some address on the internet" is not split by public routes: the walk follows the
      // route that covers the whole internet and says so.
      if (genericInternet) return;
      maybes.push({ prefix: c.prefix, fromList, note: { reason: `${routeOrEntry(r, c, fromList)} covers only part of ${formatAddr(dst)}: the path depends on the address assigned`, range: r.origin.range } });
      return;
    }
    if (r.rejected) {
      maybes.push({ prefix: c.prefix, fromList, note: { reason: `${routeOrEntry(r, c, fromList)} would take ${formatAddr(dst)}, but ${r.rejected}, so the stack does not deploy as written`, range: r.origin.range } });
      return;
    }
    if (r.exists === 'unknown') {
      maybes.push({ prefix: c.prefix, fromList, note: { reason: `route ${r.id} exists only under a condition the template does not decide`, range: r.origin.range } });
      return;
    }
    if (c.prefix === bestPrefix && r.propagated && !best?.propagated) return;
    if (c.prefix > bestPrefix || (c.prefix === bestPrefix && ((bestFromList && !fromList) || (best?.propagated && !r.propagated)))) {
      best = r;
      bestPrefix = c.prefix;
      bestFromList = fromList;
      bestEntry = fromList ? c : undefined;
      tie = undefined;
    } else if (c.prefix === bestPrefix && fromList && bestFromList && best && best !== r && targetText(best.target) !== targetText(r.target)) {
      // Overlapping prefix lists with different targets: AWS picks one of them (VPC_Route_Tables.md).
      tie = { reason: `${formatAddr(dst)} is in ${routeText(best)} and in ${routeText(r)} with the same prefix length; AWS picks one of two overlapping prefix-list routes, so which target is used is unknown`, range: r.origin.range };
    }
  };

  // Indexed: every lookup of every walk goes through each route of the table, mostly while cold.
  for (let k = 0; k < rt.routes.length; k++) {
    const r = rt.routes[k];
    const d = r.destination;
    if ('prefixList' in d) {
      const entries = d.entries;
      if (entries === undefined || isUnknown(entries)) {
        opaque.push(r);
        continue;
      }
      for (const e of entries) {
        if (isUnknown(e.cidr)) {
          maybes.push({ prefix: 129, fromList: true, note: { reason: `an entry of ${routeText(r)} is unknown: ${e.cidr.reason}`, range: e.cidr.range } });
          continue;
        }
        consider(r, e.cidr, true);
      }
      continue;
    }
    if (isUnknown(d)) {
      const note = { reason: d.reason, range: d.range };
      if (family === 4 && isIpv6Unknown(note)) continue;
      if (r.propagated && localHolds) continue;
      if (family === 6) {
        // An IPv4 block (by its property) never takes an IPv6 packet; some address on the internet is
        // outside the VPC's own IPv6 block; the VPC's own block holds its subnets' addresses.
        if (!isIpv6Unknown(note)) continue;
        if (genericInternet && r.target.kind === 'local') continue;
        if (ownLocal(r) && r.exists !== 'unknown') {
          consider(r, { family: 6, base: 0n, prefix: 56 }, false);
          continue;
        }
        if (inVpc !== undefined && r.target.kind === 'local' && r.target.vpc !== inVpc) continue;
        // A route to another VPC's whole IPv6 block holds exactly that VPC's addresses; two VPCs' blocks
        // assigned from Amazon's pool never overlap.
        if (r.ipv6BlockOf !== undefined && inVpc !== undefined) {
          if (r.ipv6BlockOf === inVpc) consider(r, { family: 6, base: 0n, prefix: 56 }, false);
          continue;
        }
      }
      maybes.push({ prefix: 129, note, local: r.target.kind === 'local', propagated: r.propagated === true });
      continue;
    }
    consider(r, d, false);
  }

  // The CIDR blocks of one VPC never overlap, so when a known local route holds the destination, a
  // local route whose block is unknown cannot hold it too.
  const bestIsLocal = best?.target.kind === 'local';
  // Nothing is more specific than a host route, and a CIDR route beats a prefix-list route of the same length.
  const hostRouteDecides = !!best && !bestFromList && bestPrefix === (family === 4 ? 32 : 128);
  for (const r of opaque) {
    const d = r.destination as PrefixListDestination;
    const name = prefixListText(d);
    if (typeof d.family === 'number' && d.family !== family) continue;
    // A route cannot take addresses of the VPC's own range away from its local route.
    if (bestIsLocal || hostRouteDecides) continue;
    if (d.service) {
      // An AWS-managed list is taken to hold public addresses of its service in the region (stated in
      // the trace): a private destination cannot be in it.
      if (!isPublicSet(dst)) continue;
      if (genericInternet) {
        assumptions.push(`"internet" is taken as an address outside ${name} (route ${r.id}), whose addresses the template cannot list`);
        continue;
      }
      assumptions.push(`${name} is assumed to hold only public addresses of that service in the region`);
    } else if (genericInternet) {
      assumptions.push(`"internet" is taken as an address outside ${name} (route ${r.id}), whose entries the template does not define`);
      continue;
    }
    const why = d.service ? 'an AWS-managed list whose addresses a template cannot know' : isUnknown(d.prefixList) ? `its id is unknown: ${d.prefixList.reason}` : 'a list the template does not define, so its entries are unknown';
    maybes.push({ prefix: 129, fromList: true, note: { reason: `route ${routeText(r)} may take ${formatAddr(dst)} (${name} is ${why}); which route is used is unknown`, range: r.origin.range } });
  }

  const beating = maybes.find(
    (m) => (m.prefix > bestPrefix || (m.prefix === bestPrefix && bestFromList && !m.fromList)) && !(bestIsLocal && m.local) && !(m.propagated && hostRouteDecides),
  );
  if (beating) return { decision: 'unknown', unknown: beating.note, detail: beating.note.reason, route: best, assumptions };
  if (tie) return { decision: 'unknown', unknown: tie, detail: tie.reason, route: best, assumptions };
  if (!best) {
    return { decision: 'drop', detail: `route table ${rt.id} has no route to ${formatAddr(dst)}`, assumptions };
  }
  const chosen: Route = best;
  const via = bestEntry ? ` (its entry ${formatCidr(bestEntry)})` : '';
  const v: RouteVerdict = { decision: 'pass', route: chosen, detail: `${routeText(chosen)}${via} is the most specific route to ${formatAddr(dst)}`, assumptions };
  if (bestEntry) v.viaEntry = bestEntry;
  return v;
}
