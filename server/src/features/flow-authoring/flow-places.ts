// Where a template declares its flows and its resources, read from the located tree as written (the
// parser recovers from half-typed text, so a flow being typed is found too): every flow item of a
// `Metadata: PacketWalk: Flows` list (the template's own, or a resource's, whose `From` defaults to the
// resource), every AWS::EC2::NetworkInsightsPath (its Source/Destination name resources with Ref), and
// each resource's logical-ID key and construct path. Completion, navigation, symbols and the
// "did you mean" fix all work from this; nothing here resolves or walks anything.
import { get, type LMap, type LNode, type ParseResult, type Range } from '../../template/located';

/** The flow format's keys whose values name an endpoint. */
export const ENDPOINT_KEYS: readonly string[] = ['From', 'To'];
/** NetworkInsightsPath properties that name an endpoint (by Ref). */
const INSIGHTS_ENDPOINT_KEYS: readonly string[] = ['Source', 'Destination'];

export interface FlowValue {
  key: string;
  keyRange: Range;
  node: LNode;
  /** The scalar's text ('' for an empty value), undefined for anything else. */
  text: string | undefined;
  /** The characters a person edits: the scalar without its quotes. */
  editRange: Range;
}

export interface FlowPlace {
  /** The flow item, or the NetworkInsightsPath resource's definition. */
  range: Range;
  /** Where a symbol for the flow points: its `Name`'s value, else the item's first key (or the resource's key). */
  selectionRange: Range;
  declaredBy: 'metadata' | 'network-insights-path';
  /** The resource whose Metadata declares the flow (its From defaults to it), or the NetworkInsightsPath's id. */
  owner?: string;
  name?: string;
  /** Every scalar field of a metadata flow by key (From, To, Protocol, Port, Expect…). */
  fields: Map<string, FlowValue>;
  /** The values that name endpoints: From/To, or a NetworkInsightsPath's Source/Destination Ref targets. */
  endpoints: FlowValue[];
}

/** A `Flows` list: where it is (a flow being started right after it belongs to it). */
export interface FlowList {
  range: Range;
  owner?: string;
}

export interface ResourcePlace {
  id: string;
  type?: string;
  keyRange: Range;
  range: Range;
  /** `aws:cdk:path` of its Metadata (cdk synth output). */
  constructPath?: string;
}

export interface AuthoringPlaces {
  text: string;
  format: ParseResult['format'];
  flows: FlowPlace[];
  lists: FlowList[];
  resources: ResourcePlace[];
  /** Construct paths (full and without a trailing `/Resource` or `/Default`) → logical id. */
  byConstructPath: Map<string, string>;
}

export function readAuthoringPlaces(parse: ParseResult): AuthoringPlaces {
  const out: AuthoringPlaces = { text: parse.text, format: parse.format, flows: [], lists: [], resources: [], byConstructPath: new Map() };
  const root = parse.root;
  if (!root || root.kind !== 'map') return out;
  readFlowList(out, get(get(get(root, 'Metadata'), 'PacketWalk'), 'Flows'), undefined);
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return out;
  for (const e of resources.entries) {
    const type = scalarText(get(e.value, 'Type'));
    const metadata = get(e.value, 'Metadata');
    const path = scalarText(get(metadata, 'aws:cdk:path'));
    out.resources.push({ id: e.key, type, keyRange: e.keyRange, range: { start: e.keyRange.start, end: e.value.range.end }, ...(path ? { constructPath: path } : {}) });
    if (path) {
      out.byConstructPath.set(path, e.key);
      const short = path.replace(/\/(Resource|Default)$/, '');
      if (!out.byConstructPath.has(short)) out.byConstructPath.set(short, e.key);
    }
    readFlowList(out, get(get(metadata, 'PacketWalk'), 'Flows'), e.key);
    if (type === 'AWS::EC2::NetworkInsightsPath') out.flows.push(insightsPath(out.text, e.key, e.keyRange, e.value));
  }
  out.flows.sort((a, b) => a.range.start - b.range.start);
  return out;
}

function readFlowList(out: AuthoringPlaces, list: LNode | undefined, owner: string | undefined): void {
  if (!list) return;
  out.lists.push({ range: list.range, ...(owner ? { owner } : {}) });
  if (list.kind !== 'seq') return;
  for (const item of list.items) {
    if (item.kind === 'map') out.flows.push(metadataFlow(out.text, item, owner));
  }
}

function metadataFlow(text: string, item: LMap, owner: string | undefined): FlowPlace {
  const fields = new Map<string, FlowValue>();
  for (const e of item.entries) fields.set(e.key, valueOf(text, e.key, e.keyRange, e.value));
  const name = fields.get('Name')?.text || undefined;
  const first = item.entries[0];
  const selectionRange = fields.get('Name')?.node.range ?? first?.keyRange ?? item.range;
  const endpoints = ENDPOINT_KEYS.map((k) => fields.get(k)).filter((v): v is FlowValue => v !== undefined);
  return { range: item.range, selectionRange, declaredBy: 'metadata', ...(owner ? { owner } : {}), ...(name ? { name } : {}), fields, endpoints };
}

function insightsPath(text: string, id: string, keyRange: Range, body: LNode): FlowPlace {
  const fields = new Map<string, FlowValue>();
  const endpoints: FlowValue[] = [];
  const props = get(body, 'Properties');
  if (props?.kind === 'map') {
    for (const e of props.entries) {
      if (!INSIGHTS_ENDPOINT_KEYS.includes(e.key)) continue;
      // `!Ref Web` / `{"Ref": "Web"}`: the name is the Ref's value.
      const ref = get(e.value, 'Ref');
      const v = valueOf(text, e.key, e.keyRange, ref ?? e.value);
      fields.set(e.key, v);
      if (ref) endpoints.push(v);
    }
  }
  return { range: { start: keyRange.start, end: body.range.end }, selectionRange: keyRange, declaredBy: 'network-insights-path', owner: id, name: id, fields, endpoints };
}

function valueOf(text: string, key: string, keyRange: Range, node: LNode): FlowValue {
  const t = node.kind === 'scalar' ? (node.value === null ? '' : String(node.value)) : undefined;
  return { key, keyRange, node, text: t, editRange: node.kind === 'scalar' ? unquoted(text, node.range) : node.range };
}

function scalarText(n: LNode | undefined): string | undefined {
  return n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined;
}

/** A scalar's range without its quotes (an unclosed quote, as while typing, keeps the text after it). */
export function unquoted(text: string, r: Range): Range {
  const q = text[r.start];
  if (r.end > r.start && (q === '"' || q === "'")) {
    const closed = r.end - r.start >= 2 && text[r.end - 1] === q;
    return { start: r.start + 1, end: closed ? r.end - 1 : r.end };
  }
  return r;
}

/** The flow value whose text `offset` is in (ends included: the cursor right after a name is on it). */
export function valueAt(places: AuthoringPlaces, offset: number, keys?: readonly string[]): { flow: FlowPlace; value: FlowValue } | undefined {
  for (const flow of places.flows) {
    if (offset < flow.range.start - 1 || offset > flow.range.end + 1) continue;
    for (const value of flow.fields.values()) {
      if (keys && !keys.includes(value.key)) continue;
      if (value.node.kind === 'scalar' && value.editRange.start <= offset && offset <= value.editRange.end) return { flow, value };
    }
  }
  return undefined;
}

/** The logical id a flow endpoint name stands for in this template: the id itself, or a construct path's resource. */
export function resourceNamed(places: AuthoringPlaces, name: string): ResourcePlace | undefined {
  const n = name.trim();
  const id = places.byConstructPath.get(n) ?? n;
  return places.resources.find((r) => r.id === id);
}
