// Flows that name addresses (an address or CIDR as From/To, a SourceIp pin), kept on the incremental path.
// The walk resolves an address (walk/endpoints: resolveAddress, pinSourceIp) against three kinds of
// elements, in this order: the interfaces whose fixed private address is exactly it, else the subnets
// whose block holds or overlaps it, else the VPCs whose blocks overlap it; the first element of the first
// kind that matches decides, and an address no element matches (outside every VPC) is decided by the
// address alone (the internet, or a private address outside every VPC). So a unit holding the flow and
// every element the address matches at that first kind (all of them: the first in the template's order is
// then the first in the unit's too, a unit's elements being the template's in the same order) answers
// for the address as the whole template does; an address that matches nothing matches nothing in any
// unit either. Which elements match is read from the units' own models (an element's blocks are the same
// in its unit as in the whole template): the address facts below, one small list per unit, merged into
// one index. An edit that changes a block changes its unit's facts, and the grouping follows.
import { cidrContains, formatCidr, hostCidr, lastOf, parseCidr, parseIp, type Cidr } from '../../net/ip';
import { isAddressText } from '../../walk/endpoints';
import { TEMPLATE_METADATA } from '../../model/flows';
import { isUnknown, type DeclaredFlow, type NetworkModel } from '../../model/types';
import type { LNode } from '../../template/located';

/** An element an address can match: its block, and the chunk (resource id) that holds it, null when no chunk has its id. */
export interface AddressFact {
  cidr: Cidr;
  anchor: string | null;
}

/** The elements of one model (a unit's, or the whole template's) that addresses are resolved against. */
export interface AddressFacts {
  hosts: AddressFact[];
  subnets: AddressFact[];
  vpcs: AddressFact[];
  /** Identifies the facts (to tell when the merged index must be rebuilt). */
  key: string;
}

/** A flow that names addresses: who holds it (`f:<flow item index>` or `c:<resource id>`) and the blocks it names. */
export interface AddressFlow {
  holder: string;
  addresses: Cidr[];
}

/** The address facts of `model`; `anchorOf` maps an element's id to the chunk holding it (null: none). */
export function addressFacts(model: NetworkModel, anchorOf: (id: string) => string | null): AddressFacts {
  const hosts: AddressFact[] = [];
  const subnets: AddressFact[] = [];
  const vpcs: AddressFact[] = [];
  for (const ep of model.endpoints) {
    for (const pl of ep.placements) if (pl.privateIp && !isUnknown(pl.privateIp)) hosts.push({ cidr: hostCidr(pl.privateIp), anchor: anchorOf(ep.id) });
  }
  for (const s of model.subnets) if (!isUnknown(s.cidr)) subnets.push({ cidr: s.cidr, anchor: anchorOf(s.id) });
  for (const v of model.vpcs) for (const c of v.cidrs) if (!isUnknown(c.cidr)) vpcs.push({ cidr: c.cidr, anchor: anchorOf(v.id) });
  return factsOf(hosts, subnets, vpcs);
}

export function factsOf(hosts: AddressFact[], subnets: AddressFact[], vpcs: AddressFact[]): AddressFacts {
  const text = (xs: AddressFact[]) => xs.map((f) => `${formatCidr(f.cidr)}@${f.anchor ?? ''}`).join(',');
  return { hosts, subnets, vpcs, key: `${text(hosts)};${text(subnets)};${text(vpcs)}` };
}

export const NO_FACTS: AddressFacts = { hosts: [], subnets: [], vpcs: [], key: ';;' };

/**
 * The flows of `flows` that name addresses, with their holders; null when one cannot be placed (declared
 * in a resource that is no chunk, say one a Fn::ForEach makes).
 */
export function addressFlows(flows: DeclaredFlow[], flowItems: LNode[], chunkIds: Set<string>): AddressFlow[] | null {
  const out: AddressFlow[] = [];
  for (const f of flows) {
    const addresses: Cidr[] = [];
    for (const name of [f.from, f.to]) {
      if (!isAddressText(name)) continue;
      const c = parseCidr(name.trim());
      if (c.ok) addresses.push(c.cidr);
    }
    const pin = f.sourceIp === undefined ? null : parseIp(f.sourceIp.trim());
    if (pin) addresses.push(hostCidr(pin));
    if (addresses.length === 0) continue;
    const holder = holderOf(f, flowItems, chunkIds);
    if (holder === null) return null;
    out.push({ holder, addresses });
  }
  return out;
}

function holderOf(f: DeclaredFlow, flowItems: LNode[], chunkIds: Set<string>): string | null {
  const at = f.origin.range.start;
  if (f.declaredBy === 'metadata' && f.origin.resource === TEMPLATE_METADATA) {
    // Flow items are in document order: the last one starting at or before the flow.
    let lo = 0;
    let hi = flowItems.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (flowItems[mid].range.start <= at) lo = mid;
      else hi = mid - 1;
    }
    const item = flowItems[lo];
    if (item && item.range.start <= at && at < item.range.end) return `f:${lo}`;
  }
  return chunkIds.has(f.origin.resource) ? `c:${f.origin.resource}` : null;
}

/** One kind of element, sorted by first address, with the running maximum of last addresses (an interval search). */
interface Sorted {
  facts: AddressFact[];
  last: bigint[];
  maxLast: bigint[];
}

function sorted(facts: AddressFact[], family: 4 | 6): Sorted {
  const fs = facts.filter((f) => f.cidr.family === family).sort((a, b) => (a.cidr.base < b.cidr.base ? -1 : a.cidr.base > b.cidr.base ? 1 : 0));
  const last = fs.map((f) => lastOf(f.cidr));
  const maxLast: bigint[] = [];
  last.forEach((l, k) => maxLast.push(k === 0 || l > maxLast[k - 1] ? l : maxLast[k - 1]));
  return { facts: fs, last, maxLast };
}

/** The facts of `s` whose blocks overlap `c` (same family). */
function overlapping(s: Sorted, c: Cidr): AddressFact[] {
  const first = c.base;
  const end = lastOf(c);
  // The last block starting at or before the end of `c`; blocks before it overlap when they reach `first`.
  let lo = 0;
  let hi = s.facts.length - 1;
  if (hi < 0 || s.facts[0].cidr.base > end) return [];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.facts[mid].cidr.base <= end) lo = mid;
    else hi = mid - 1;
  }
  const out: AddressFact[] = [];
  for (let k = lo; k >= 0 && s.maxLast[k] >= first; k--) if (s.last[k] >= first) out.push(s.facts[k]);
  return out;
}

/**
 * Every unit's facts merged: for an address, the chunks a unit must hold to answer for it as the whole
 * template does ([] when it matches nothing; null when an element it matches is in no chunk).
 */
export class AddressIndex {
  private readonly hosts = new Map<string, AddressFact[]>();
  private readonly subnets: Record<4 | 6, Sorted>;
  private readonly vpcs: Record<4 | 6, Sorted>;
  private readonly memo = new Map<string, string[] | null>();

  constructor(
    all: AddressFacts[],
    readonly key: string,
  ) {
    const subnets = all.flatMap((f) => f.subnets);
    const vpcs = all.flatMap((f) => f.vpcs);
    for (const f of all) {
      for (const h of f.hosts) {
        const k = `${h.cidr.family}:${h.cidr.base}`;
        const list = this.hosts.get(k);
        if (list) list.push(h);
        else this.hosts.set(k, [h]);
      }
    }
    this.subnets = { 4: sorted(subnets, 4), 6: sorted(subnets, 6) };
    this.vpcs = { 4: sorted(vpcs, 4), 6: sorted(vpcs, 6) };
  }

  anchorsOf(c: Cidr): string[] | null {
    const k = `${c.family}:${c.base}/${c.prefix}`;
    let a = this.memo.get(k);
    if (a === undefined) this.memo.set(k, (a = this.compute(c)));
    return a;
  }

  private compute(c: Cidr): string[] | null {
    const host = c.prefix === (c.family === 4 ? 32 : 128);
    const exact = host ? (this.hosts.get(`${c.family}:${c.base}`) ?? []).filter((h) => cidrContains(c, h.cidr)) : [];
    const matched = exact.length > 0 ? exact : overlapping(this.subnets[c.family], c);
    const decided = matched.length > 0 ? matched : overlapping(this.vpcs[c.family], c);
    if (decided.some((f) => f.anchor === null)) return null;
    return [...new Set(decided.map((f) => f.anchor!))].sort();
  }
}

/**
 * The chunks each holder of an address flow must be grouped with (holder → anchors joined by newlines;
 * holders that need none are left out); null when an address meets an element in no chunk.
 */
export function joinsNeeded(flows: Iterable<AddressFlow>, index: AddressIndex): Map<string, string> | null {
  const need = new Map<string, Set<string>>();
  for (const f of flows) {
    for (const c of f.addresses) {
      const anchors = index.anchorsOf(c);
      if (anchors === null) return null;
      if (anchors.length === 0) continue;
      let set = need.get(f.holder);
      if (!set) need.set(f.holder, (set = new Set()));
      for (const a of anchors) set.add(a);
    }
  }
  const out = new Map<string, string>();
  for (const [holder, set] of need) out.set(holder, [...set].sort().join('\n'));
  return out;
}

export function sameJoins(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
