// Completion inside a flow declaration: endpoint names for `From`/`To` (from the endpoint catalogue),
// the protocols for `Protocol`, the expectations for `Expect`, 4 or 6 for `IpVersion`. Works on the text as it is being typed:
// in the middle of a name (the whole name is replaced), on an empty value, in YAML block or flow style
// and in JSON, from the recovering parse, and from the line itself when the parse has not seen the key yet.
import type { Range } from '../../template/located';
import type { CatalogueCategory, EndpointCatalogue } from '../../usecases/endpoint-catalogue';
import { ENDPOINT_KEYS, valueAt, type AuthoringPlaces } from './flow-places';

export type CompletionCategory = CatalogueCategory | 'value';

export interface FlowCompletionItem {
  label: string;
  category: CompletionCategory;
  /** The resource type, or what the value means. */
  detail: string;
  /** Markdown. */
  documentation: string;
  /** What replaces `replace` (quoted in JSON when the value has no quotes yet). */
  insertText: string;
  sortText: string;
}

export interface FlowCompletion {
  /** The flow key whose value is completed. */
  key: string;
  /** The characters the chosen item replaces (the name under the cursor, or the empty spot). */
  replace: Range;
  items: FlowCompletionItem[];
  /** The list was cut to the names matching what is typed: ask again as typing goes on. */
  incomplete: boolean;
}

const VALUE_KEYS = ['Protocol', 'Expect', 'IpVersion'];
/** Keys whose values are numbers (JSON writes them without quotes). */
const NUMERIC_KEYS = ['IpVersion'];
const KEYS = [...ENDPOINT_KEYS, ...VALUE_KEYS];

const VALUES: Record<string, Array<{ value: string; doc: string }>> = {
  Protocol: [
    { value: 'tcp', doc: 'TCP (the default). `Port` is required: a number or `"from-to"`.' },
    { value: 'udp', doc: 'UDP. `Port` is required: a number or `"from-to"`.' },
    { value: 'icmp', doc: 'ICMP. `Port`, optional, is an ICMP type (0-255).' },
    { value: 'all', doc: 'Every protocol. `Port` is ignored.' },
  ],
  Expect: [
    { value: 'reachable', doc: 'The flow must get through, both ways (the default).' },
    { value: 'blocked', doc: 'Nothing of the flow may get through.' },
  ],
  IpVersion: [
    { value: '4', doc: 'IPv4 (the default, unless an end is an IPv6 address).' },
    { value: '6', doc: 'IPv6 addresses, routes and rules only; `internet` means the IPv6 internet.' },
  ],
};

/** Construct paths first (CDK stacks), then logical ids, …; a logical id a construct path names comes last. */
const ORDER: Record<CompletionCategory, number> = { construct: 0, endpoint: 1, subnet: 2, internet: 3, service: 4, value: 0 };
const NAMED_BY_PATH = 5;

/** Past this many names, only those containing what is typed are sent (and the list is marked incomplete). */
const MAX_ITEMS = 500;

export function flowCompletions(places: AuthoringPlaces, catalogue: EndpointCatalogue | undefined, offset: number): FlowCompletion | null {
  const spot = completionSpot(places, offset);
  if (!spot) return null;
  // YAML needs a space after the colon (`To:Web` would be one plain scalar).
  const space = places.format === 'yaml' && spot.replace.start === offset && places.text[offset - 1] === ':' ? ' ' : '';
  const quote = (s: string) => space + (spot.needsQuotes && !NUMERIC_KEYS.includes(spot.key) ? JSON.stringify(s) : s);
  if (VALUE_KEYS.includes(spot.key)) {
    const items = VALUES[spot.key].map((v, k) => ({
      label: v.value,
      category: 'value' as const,
      detail: `${spot.key}: ${v.value}`,
      documentation: v.doc,
      insertText: quote(v.value),
      sortText: String(k),
    }));
    return { key: spot.key, replace: spot.replace, items, incomplete: false };
  }
  let entries = catalogue?.entries ?? [];
  let incomplete = false;
  if (entries.length > MAX_ITEMS) {
    const typed = spot.typed.toLowerCase();
    entries = entries.filter((e) => e.name.toLowerCase().includes(typed)).slice(0, MAX_ITEMS);
    incomplete = true;
  }
  const items = entries.map((e) => ({
    label: e.name,
    category: e.category,
    detail: e.type,
    documentation: e.documentation,
    insertText: quote(e.name),
    sortText: `${e.namedBy ? NAMED_BY_PATH : ORDER[e.category]}${e.name.toLowerCase()}`,
  }));
  return { key: spot.key, replace: spot.replace, items, incomplete };
}

interface Spot {
  key: string;
  replace: Range;
  /** What is typed before the cursor. */
  typed: string;
  /** JSON value not started yet: the insertion brings its quotes. */
  needsQuotes: boolean;
}

/** Where a completion inside a flow goes, or undefined when the offset is not on a completable flow value. */
export function completionSpot(places: AuthoringPlaces, offset: number): Spot | undefined {
  const { text } = places;
  // 1. On a value the parse read (a name, half a name, an empty string between quotes).
  const at = valueAt(places, offset, KEYS);
  if (at && at.flow.declaredBy === 'metadata') {
    const r = at.value.editRange;
    // A YAML empty value sits where the parser put it: only the line after the key counts.
    if (r.start !== r.end || offset === r.start || lineBetweenIsKeyColon(text, at.value.keyRange.end, offset)) {
      const needsQuotes = places.format === 'json' && r.start === r.end && text[r.start - 1] !== '"';
      return { key: at.value.key, replace: r.start === r.end ? { start: offset, end: offset } : r, typed: text.slice(r.start, offset), needsQuotes };
    }
  }
  // 2. An empty value: the cursor after `To:` on the key's line.
  for (const flow of places.flows) {
    if (flow.declaredBy !== 'metadata' || offset < flow.range.start || offset > lineEnd(text, flow.range.end)) continue;
    for (const v of flow.fields.values()) {
      if (!KEYS.includes(v.key) || v.text !== '' || !lineBetweenIsKeyColon(text, v.keyRange.end, offset)) continue;
      return { key: v.key, replace: { start: offset, end: offset }, typed: '', needsQuotes: places.format === 'json' };
    }
  }
  // 3. The line itself, when the parse has not read the key (yet) but the cursor is in a Flows list.
  return fromLine(places, offset);
}

function fromLine(places: AuthoringPlaces, offset: number): Spot | undefined {
  const { text } = places;
  if (!places.lists.some((l) => l.range.start <= offset && offset <= lineEnd(text, l.range.end))) return undefined;
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const keys = KEYS.join('|');
  const m =
    places.format === 'json'
      ? new RegExp(`"(${keys})"\\s*:\\s*(")?([^"]*)$`).exec(line)
      : new RegExp(`(?:^|[\\s{,-])(${keys})[ \\t]*:[ \\t]+(["']?)([^\\s,{}\\[\\]"']*)$`).exec(line) ?? new RegExp(`(?:^|[\\s{,-])(${keys})[ \\t]*:()()$`).exec(line);
  if (!m) return undefined;
  const typed = m[3] ?? '';
  // The rest of the name after the cursor is replaced too.
  let end = offset;
  while (end < text.length && /[^\s,{}[\]"':]/.test(text[end])) end++;
  return { key: m[1], replace: { start: offset - typed.length, end }, typed, needsQuotes: places.format === 'json' && !m[2] };
}

/** Only `"? :` and spaces between the key's end and the offset, on one line. */
function lineBetweenIsKeyColon(text: string, from: number, to: number): boolean {
  if (to < from) return false;
  return /^["']?[ \t]*:[ \t]*$/.test(text.slice(from, to));
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}
