// The quick fix of FLOW_UNKNOWN_ENDPOINT: a flow's `From`/`To` names nothing the template defines, so
// each of the closest names (edit distance, case-insensitive: the names the diagnostic's message lists)
// is offered as a replacement of the written name, quotes kept.
import type { Range } from '../../template/located';
import { closestAmong, isAddressText } from '../../walk/endpoints';
import type { EndpointCatalogue } from '../../usecases/endpoint-catalogue';
import type { AuthoringPlaces } from './flow-places';

export interface NameFix {
  title: string;
  /** The misspelt name (its text, without quotes). */
  range: Range;
  newText: string;
  /** The one suggestion there is: editors may apply it at once. */
  preferred: boolean;
}

/**
 * Fixes for the endpoint names written in `range` (a FLOW_UNKNOWN_ENDPOINT diagnostic's range) that name
 * nothing: not a name of the catalogue's pool (every logical id, endpoint and subnet) or entries, not
 * `internet`, an `aws:` service, an address or a construct path of this template. A name with a `/` (a
 * construct path, another stack's resource) is matched against such names only.
 */
export function endpointNameFixes(places: AuthoringPlaces, catalogue: Pick<EndpointCatalogue, 'pool' | 'entries'>, range: Range): NameFix[] {
  const known = new Set([...catalogue.pool, ...catalogue.entries.map((e) => e.name)]);
  const pathLike = [...known].filter((n) => n.includes('/'));
  const out: NameFix[] = [];
  for (const flow of places.flows) {
    if (flow.declaredBy !== 'metadata' || flow.range.end < range.start || flow.range.start > range.end) continue;
    for (const v of flow.endpoints) {
      const name = v.text?.trim();
      if (!name || v.editRange.end < range.start || v.editRange.start > range.end) continue;
      if (known.has(name) || usableWithoutLookup(places, name)) continue;
      const closest = closestAmong(name.includes('/') ? pathLike : catalogue.pool, name);
      closest.forEach((c) => out.push({ title: `Change ${v.key} to "${c}"`, range: v.editRange, newText: c, preferred: closest.length === 1 }));
    }
  }
  return out;
}

function usableWithoutLookup(places: AuthoringPlaces, name: string): boolean {
  return name.toLowerCase() === 'internet' || /^aws:/i.test(name) || isAddressText(name) || places.byConstructPath.has(name);
}
