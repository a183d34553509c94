// Customer-managed prefix lists (AWS::EC2::PrefixList): named sets of CIDR blocks that routes
// (DestinationPrefixListId) and security-group rules (SourcePrefixListId / DestinationPrefixListId) use
// in place of a CIDR. Each entry is a prefix of its own: a route to a list is, for longest-prefix match,
// one route per entry (VPC User Guide, VPC_Route_Tables.md "Route priority" and "Prefix lists").
import type { Maybe, PrefixList, RouteTable, SecurityGroup } from './types';
import { isUnknown } from './types';
import { at, bad, existsOf, field, originOf, prop, propRange, readCidr, readList, readString, resourcesOfType, unknown, type Ctx } from './read';
import type { Cidr } from '../net/ip';

export function buildPrefixLists(ctx: Ctx): PrefixList[] {
  const out: PrefixList[] = [];
  for (const r of resourcesOfType(ctx, 'AWS::EC2::PrefixList')) {
    const famV = readString(at(ctx, r.id, 'AddressFamily'), prop(r, 'AddressFamily'));
    let family: Maybe<4 | 6>;
    if (famV === undefined) family = bad(at(ctx, r.id, 'AddressFamily'), 'MODEL_BAD_VALUE', `${r.id}: a prefix list needs an AddressFamily (IPv4 or IPv6)`, r.idRange);
    else if (isUnknown(famV)) family = famV;
    else if (famV === 'IPv4' || famV === 'IPv6') family = famV === 'IPv4' ? 4 : 6;
    else family = bad(at(ctx, r.id, 'AddressFamily'), 'MODEL_BAD_VALUE', `${r.id}: AddressFamily must be IPv4 or IPv6, not "${famV}"`, propRange(r, 'AddressFamily'));
    const list = readList(at(ctx, r.id, 'Entries'), prop(r, 'Entries'));
    let entries: PrefixList['entries'];
    if (list === undefined) entries = [];
    else if (isUnknown(list)) entries = list;
    else {
      const items: Array<{ cidr: Maybe<Cidr>; range: typeof r.range }> = [];
      list.forEach((item, i) => {
        const property = `Entries[${i}].Cidr`;
        const cv = item.kind === 'map' ? field(item, 'Cidr') : item;
        const c = item.kind === 'unknown' ? unknown(ctx, r.id, `Entries[${i}]`, item.reason, item.range) : readCidr(at(ctx, r.id, property), cv);
        const cidr = c ?? bad(at(ctx, r.id, property), 'MODEL_BAD_VALUE', `${r.id}: entry ${i} has no Cidr`, item.range);
        if (!isUnknown(cidr) && typeof family === 'number' && cidr.family !== family) {
          items.push({ cidr: bad(at(ctx, r.id, property), 'PREFIX_LIST_FAMILY_MISMATCH', `${r.id}: entry ${i} is an IPv${cidr.family} block in an IPv${family} prefix list; EC2 rejects it`, cv?.range ?? item.range), range: item.range });
          return;
        }
        items.push({ cidr, range: cv?.range ?? item.range });
      });
      entries = items;
    }
    out.push({ id: r.id, family, entries, origin: originOf(r), exists: existsOf(r) });
  }
  return out;
}

/**
 * The AWS service a gateway endpoint's ServiceName stands for (`com.amazonaws.us-east-1.s3` → `s3`),
 * read even when the region part is unknown (`!Sub com.amazonaws.${AWS::Region}.s3`): the last dotted
 * part of the text, when the text ends with a service name.
 */
export function serviceOfName(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /\.([a-z0-9-]+)$/.exec(text.trim());
  return m ? m[1] : undefined;
}

/**
 * Links every route and security-group rule that names a prefix list of the template to its entries
 * (a list named by a pl-… id, or an AWS-managed list, keeps unknown contents).
 */
export function linkPrefixLists(lists: PrefixList[], tables: RouteTable[], groups: SecurityGroup[]): void {
  if (lists.length === 0) return;
  const byId = new Map(lists.map((l) => [l.id, l]));
  for (const t of tables) {
    for (const r of t.routes) {
      const d = r.destination;
      if (isUnknown(d) || !('prefixList' in d) || typeof d.prefixList !== 'string' || d.service) continue;
      const l = byId.get(d.prefixList);
      if (!l) continue;
      d.entries = l.entries;
      d.family = l.family;
    }
  }
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.peer.kind !== 'prefix-list' || typeof r.peer.id !== 'string') continue;
      const l = byId.get(r.peer.id);
      if (l) r.peer.entries = l.entries;
    }
  }
}
