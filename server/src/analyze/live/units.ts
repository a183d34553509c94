// Units: the parts of a template that are analysed together. Resources that mention each other (see
// names.ts) are in one unit, with the template-level flows and outputs that mention them; a unit is
// analysed as a template of its own (all the global sections, only its resources, flows and outputs).
// Why that gives the whole template's answer: every element a packet meets on a declared flow's path is
// reached from the flow's endpoints through references (subnet → VPC → route table → gateway, ENI →
// security groups …), so it sits in the flow's unit; what a unit cannot see (an address endpoint looked
// up among every subnet, a name that is no resource) is detected and sent to a whole-template analysis.
import type { LEntry, LMap, LNode, LSeq, ParseResult } from '../../template/located';
import type { Chunk } from './chunks';
import { namesIn } from './names';

/** The template-level sections around the resources, read once per version of the globals text. */
export interface Globals {
  parse: ParseResult;
  root: LMap;
  /** Items of Metadata.PacketWalk.Flows (each analysed with the unit of the resources it names). */
  flowItems: LNode[];
  flowNames: string[][];
  /** Entries of Outputs (each analysed with the unit of the resources it names). */
  outputs: LEntry[];
  outputNames: string[][];
}

export interface Unit {
  /** Identifies the unit's content: its chunks' virtual blocks, its flows and outputs. */
  key: string;
  chunks: Chunk[];
  flowItems: LNode[];
  outputs: LEntry[];
}

export function readGlobals(parse: ParseResult): Globals | null {
  const root = parse.root;
  if (!root || root.kind !== 'map' || parse.problems.length > 0) return null;
  const flowsSeq = flowList(root);
  const flowItems = flowsSeq ? flowsSeq.items : [];
  const outputsMap = lastValue(root, 'Outputs');
  const outputs = outputsMap && outputsMap.kind === 'map' ? outputsMap.entries : [];
  return {
    parse,
    root,
    flowItems,
    flowNames: flowItems.map((i) => [...namesOf(i)]),
    outputs,
    outputNames: outputs.map((e) => [...namesOf(e.value)]),
  };
}

function namesOf(n: LNode): Set<string> {
  return namesIn(n);
}

function lastValue(map: LMap, key: string): LNode | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i].value;
  return undefined;
}

/** Metadata.PacketWalk.Flows when it is a list. */
function flowList(root: LMap): LSeq | undefined {
  const meta = lastValue(root, 'Metadata');
  const pw = meta && meta.kind === 'map' ? lastValue(meta, 'PacketWalk') : undefined;
  const flows = pw && pw.kind === 'map' ? lastValue(pw, 'Flows') : undefined;
  return flows && flows.kind === 'seq' ? flows : undefined;
}

/**
 * Groups chunks, flows and outputs into units (union-find over the names they mention). `joins`: the
 * chunks a flow's addresses need besides (holder `f:<flow item index>` or `c:<resource id>` → resource ids
 * joined by newlines; see addresses.ts).
 */
export function groupUnits(chunks: Chunk[], g: Globals, joins: ReadonlyMap<string, string> = new Map()): Unit[] {
  const n = chunks.length;
  const f = g.flowItems.length;
  const parent = new Int32Array(n + f + g.outputs.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byId = new Map<string, number>();
  chunks.forEach((c, i) => byId.set(c.id, i));
  const link = (node: number, names: string[]): boolean => {
    let linked = false;
    for (const name of names) {
      const j = byId.get(name);
      if (j !== undefined && j !== node) {
        union(node, j);
        linked = true;
      }
    }
    return linked;
  };
  chunks.forEach((c, i) => link(i, c.names));
  const joined = new Set<number>();
  for (const [holder, anchors] of joins) {
    const node = holder.startsWith('f:') ? n + Number(holder.slice(2)) : byId.get(holder.slice(2));
    if (node === undefined || node >= n + f) continue;
    if (link(node, anchors.split('\n'))) joined.add(node);
  }
  // Flows and outputs that name no resource are analysed with every unit (their findings are then the
  // same in each, and merged as the globals' findings are).
  const sharedFlows: number[] = [];
  const sharedOutputs: number[] = [];
  g.flowNames.forEach((names, k) => (link(n + k, names) || joined.has(n + k) ? undefined : sharedFlows.push(k)));
  g.outputNames.forEach((names, k) => (link(n + f + k, names) ? undefined : sharedOutputs.push(k)));

  const units = new Map<number, { chunks: number[]; flows: number[]; outputs: number[] }>();
  const unitOf = (x: number) => {
    const r = find(x);
    let u = units.get(r);
    if (!u) units.set(r, (u = { chunks: [], flows: [], outputs: [] }));
    return u;
  };
  for (let i = 0; i < n; i++) unitOf(i).chunks.push(i);
  const shared = new Set(sharedFlows);
  const sharedOut = new Set(sharedOutputs);
  for (let k = 0; k < f; k++) if (!shared.has(k)) unitOf(n + k).flows.push(k);
  for (let k = 0; k < g.outputs.length; k++) if (!sharedOut.has(k)) unitOf(n + f + k).outputs.push(k);

  const out: Unit[] = [];
  for (const u of units.values()) {
    if (u.chunks.length === 0) continue; // cannot happen: a flow or output joins a unit only through a chunk
    const flows = [...u.flows, ...sharedFlows].sort((a, b) => a - b);
    const outputs = [...u.outputs, ...sharedOutputs].sort((a, b) => a - b);
    const members = u.chunks.map((i) => chunks[i]);
    out.push({
      key: unitKey(members, `|${flows.join(',')}|${outputs.join(',')}`),
      chunks: members,
      flowItems: flows.map((k) => g.flowItems[k]),
      outputs: outputs.map((k) => g.outputs[k]),
    });
  }
  return out;
}

/** A unit's key: its chunks' blocks, then what it holds of the globals (kept from `previous` when given a whole key). */
export function unitKey(chunks: Chunk[], previousOrTail: string): string {
  const tail = previousOrTail.slice(previousOrTail.indexOf('|'));
  return `${chunks.map((c) => c.base).join(',')}${tail}`;
}

/** The unit as a template: the global sections with only the unit's resources, flows and outputs. */
export function unitTree(unit: Unit, g: Globals): ParseResult {
  const entries = g.root.entries.map((e): LEntry => {
    if (e.key === 'Resources') return { ...e, value: resourcesMap(unit.chunks) };
    if (e.key === 'Outputs' && e.value.kind === 'map') return { ...e, value: { ...e.value, entries: unit.outputs } };
    if (e.key === 'Metadata' && g.flowItems.length > 0) return { ...e, value: withFlows(e.value as LMap, unit.flowItems) };
    return e;
  });
  return { root: { ...g.root, entries }, format: 'yaml', problems: [], text: '' };
}

function resourcesMap(chunks: Chunk[]): LMap {
  const first = chunks[0].entry;
  const last = chunks[chunks.length - 1].entry;
  return { kind: 'map', entries: chunks.map((c) => c.entry), range: { start: first.keyRange.start, end: last.value.range.end } };
}

/** Metadata with PacketWalk.Flows narrowed to `items` (the path exists: readGlobals found it). */
function withFlows(meta: LMap, items: LNode[]): LMap {
  return {
    ...meta,
    entries: meta.entries.map((e) => {
      if (e.key !== 'PacketWalk' || e.value.kind !== 'map') return e;
      const pw = e.value;
      return {
        ...e,
        value: { ...pw, entries: pw.entries.map((x) => (x.key === 'Flows' && x.value.kind === 'seq' ? { ...x, value: { ...x.value, items } } : x)) },
      };
    }),
  };
}
