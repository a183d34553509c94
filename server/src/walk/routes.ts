// Route lookup: the longest prefix that contains the destination wins; each VPC CIDR has a local
// route (VPC User Guide, VPC_Route_Tables.md). When the destination is an address set and a more
// specific route covers only part of it, the outcome depends on the address: unknown.
import { formatCidr } from '../net/ip';
import { isUnknown, type Route, type RouteTable, type RouteTarget } from '../model/types';
import { addrFamily, formatAddr, matchAddr } from './addresses';
import type { Addr, UnknownNote } from './types';

export interface RouteVerdict {
  decision: 'pass' | 'drop' | 'unknown';
  route?: Route;
  unknown?: UnknownNote;
  detail: string;
  /** Prefix-list routes that were not considered (their CIDRs are unknown in a template). */
  skippedPrefixLists: Route[];
}

export function targetText(t: RouteTarget): string {
  if (t.kind === 'local') return 'local';
  if (t.kind === 'missing') return `${t.id} (not created)`;
  return isUnknown(t.id) ? `${t.kind} ?` : t.id;
}

export function routeText(r: Route): string {
  const d = r.destination;
  let dest: string;
  if ('prefixList' in d) dest = `prefix list ${isUnknown(d.prefixList) ? '?' : d.prefixList}`;
  else dest = isUnknown(d) ? '?' : formatCidr(d);
  return `${dest} → ${targetText(r.target)}`;
}

/**
 * `isIpv6Unknown` tells whether an unknown destination is an IPv6 block (an Amazon-provided /56, an
 * IPv6 CIDR parameter…), so that it cannot decide an IPv4 lookup and vice versa.
 */
export function lookupRoute(rt: RouteTable, dst: Addr, isIpv6Unknown: (u: UnknownNote) => boolean = () => false): RouteVerdict {
  const skipped: Route[] = [];
  let best: Route | undefined;
  let bestPrefix = -1;
  const maybes: Array<{ prefix: number; note: UnknownNote; local?: boolean }> = [];
  const family = addrFamily(dst);
  for (const r of rt.routes) {
    const d = r.destination;
    if ('prefixList' in d) {
      skipped.push(r);
      continue;
    }
    if (isUnknown(d)) {
      const note = { reason: d.reason, range: d.range };
      if (family === 4 && isIpv6Unknown(note)) continue;
      maybes.push({ prefix: 129, note, local: r.target.kind === 'local' });
      continue;
    }
    if (d.family !== family) continue;
    const m = matchAddr(d, dst);
    if (m === 'no') continue;
    if (typeof m === 'object') {
      maybes.push({ prefix: d.prefix, note: m.unknown });
      continue;
    }
    if (m === 'partial') {
      // "Some address on the internet" is not split by public routes: the walk follows the
      // route that covers the whole internet and says so.
      if (dst.kind === 'internet' && !dst.cidr) continue;
      maybes.push({ prefix: d.prefix, note: { reason: `route ${routeText(r)} covers only part of ${formatAddr(dst)}: the path depends on the address assigned`, range: r.origin.range } });
      continue;
    }
    if (r.exists === 'unknown') {
      maybes.push({ prefix: d.prefix, note: { reason: `route ${r.id} exists only under a condition the template does not decide`, range: r.origin.range } });
      continue;
    }
    if (d.prefix > bestPrefix) {
      best = r;
      bestPrefix = d.prefix;
    }
  }
  // The CIDR blocks of one VPC never overlap, so when a known local route holds the destination, a
  // local route whose block is unknown cannot hold it too.
  const bestIsLocal = best?.target.kind === 'local';
  const beating = maybes.find((m) => m.prefix > bestPrefix && !(bestIsLocal && m.local));
  if (beating) return { decision: 'unknown', unknown: beating.note, detail: beating.note.reason, skippedPrefixLists: skipped, route: best };
  if (!best) {
    return { decision: 'drop', detail: `route table ${rt.id} has no route to ${formatAddr(dst)}`, skippedPrefixLists: skipped };
  }
  return { decision: 'pass', route: best, detail: `${routeText(best)} is the most specific route to ${formatAddr(dst)}`, skippedPrefixLists: skipped };
}
