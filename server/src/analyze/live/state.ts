// The live analysis's memory of the last clean text: the template cut into global sections and
// resource chunks (see chunks.ts), the resource ids, the units when known, and where everything sits.
import { SUPPRESSION_UNUSED } from '../suppressions';
import { parseTemplate } from '../../template/parse';
import { isCloudFormationTemplate } from '../../template/detect';
import type { LMap, ParseResult } from '../../template/located';
import type { Analysis } from '../types';
import type { DeclaredFlow } from '../../model/types';
import { VirtualSpace } from './coordinates';
import { layoutOf, shiftFrom, type Chunk } from './chunks';
import { namesIn } from './names';
import { readGlobals, unitKey, type Globals, type Unit } from './units';

/** Problem codes that mean a stage gave up: their findings are only trusted from a whole-template analysis. */
export const INTERNAL = new Set(['ANALYSIS_FAILED', 'RESOLVE_INTERNAL_ERROR', 'MODEL_INTERNAL_ERROR', 'TOO_MANY_PROBLEMS', 'TOO_MANY_NODES']);
export interface State {
  text: string;
  format: 'yaml' | 'json';
  indent: number;
  /** Offset of the `Resources:` line, and whether the template declares AWSTemplateFormatVersion. */
  resourcesLine: number;
  hasVersion: boolean;
  chunks: Chunk[];
  globals: Globals;
  space: VirtualSpace;
  /** The resource ids, in order, and as a set (changes only when resources are added, removed or renamed). */
  ids: ResourceIds;
  /** The units of `chunks`, when known (an edit that keeps every reference as it was keeps them too). */
  units: Unit[] | null;
  /** The chunks flows naming addresses were grouped with (see addresses.ts); `units` were grouped with them. */
  joins: Map<string, string>;
}

/** Every resource id of the template, in order (what "did you mean" hints are drawn from). */
export interface ResourceIds {
  list: string[];
  /** The ids the model knows (resources defined by a map: what a whole analysis's model lists). */
  logical: string[];
  set: Set<string>;
  key(): string;
}

export function resourceIds(chunks: Chunk[]): ResourceIds {
  const list = chunks.map((c) => c.id).filter((id) => !id.startsWith('Fn::ForEach::'));
  let key: string | undefined;
  const logical = chunks.filter((c) => c.entry.value.kind === 'map' && !c.id.startsWith('Fn::ForEach::')).map((c) => c.id);
  return { list, logical, set: new Set(chunks.map((c) => c.id)), key: () => (key ??= `${list.join('\n')}|${logical.join('\n')}`) };
}

/** The other resources a chunk mentions (by the names it contains). */
function links(c: Chunk, ids: Set<string>): string {
  return c.names.filter((n) => n !== c.id && ids.has(n)).sort().join('\n');
}

export function sameLinks(a: Chunk, b: Chunk, ids: Set<string>): boolean {
  return links(a, ids) === links(b, ids);
}

/** The units with `fresh[k]` in place of `old[k]` (same ids, same references); untouched units are kept as they are. */
export function substitute(units: Unit[], old: Chunk[], fresh: Chunk[]): Unit[] {
  const swap = new Map(old.map((c, k) => [c.base, fresh[k]]));
  return units.map((u) => {
    if (!u.chunks.some((c) => swap.has(c.base))) return u;
    const chunks = u.chunks.map((c) => swap.get(c.base) ?? c);
    return { ...u, chunks, key: unitKey(chunks, u.key) };
  });
}

/**
 * Whether a unit's analysis is the whole template's answer for its part, as far as the unit itself can
 * tell: no stage gave up, and every flow endpoint it names is in the unit or no resource at all. (Flows
 * that name addresses are checked against every unit's address facts: see addresses.ts.)
 */
export function standalone(analysis: Analysis, unit: Unit, allIds: Set<string>): boolean {
  if (!analysis.isTemplate || !analysis.model) return false;
  if (analysis.problems.some((p) => INTERNAL.has(p.code))) return false;
  // A suppression may be used by a finding of another unit (a flow elsewhere blocked at this resource):
  // only the whole template can say that it silences nothing.
  if (analysis.findings.some((f) => f.code === SUPPRESSION_UNUSED)) return false;
  const ids = new Set(unit.chunks.map((c) => c.id));
  return analysis.model.flows.every((f) => flowStandsAlone(f, ids, allIds));
}

/**
 * A flow whose endpoints a unit holding resources `ids` can resolve by name: each is a resource of the
 * unit, or no resource of the template (then every unit gives the same answer: it is given every name),
 * or an address (resolved with the help of the address facts). A name reaches a flow through a parameter
 * too, so the resolved names are checked, not only the text.
 */
export function flowStandsAlone(flow: DeclaredFlow, ids: Set<string>, allIds: Set<string>): boolean {
  const local = (name: string) => {
    const n = name.trim();
    return ids.has(n) || !allIds.has(n);
  };
  return local(flow.from) && local(flow.to);
}

/** Cuts a cleanly parsed text into globals and chunks; null when it does not have the shape for it. */
export function cut(parse: ParseResult): State | null {
  const text = parse.text;
  if (text.length === 0 || !isCloudFormationTemplate(parse.root)) return null;
  const layout = layoutOf(parse);
  if (!layout) return null;
  // The global sections are read without the resources, then what follows the resources is moved to
  // its place in the document: their offsets are the document's, and the resource trees of the whole
  // parse are kept as they are.
  const root = parse.root as LMap;
  const resourcesKey = root.entries.find((e) => e.key === 'Resources')!.keyRange;
  // (YAML: up to the end of the `Resources:` line, so comment lines before the first resource are left out too.)
  const cutAt = layout.format === 'json' ? layout.start : text.indexOf('\n', resourcesKey.end) + 1 || layout.start;
  if (cutAt > layout.start) return null;
  const globalsParse = parseTemplate(text.slice(0, cutAt) + text.slice(layout.end));
  if (globalsParse.root) globalsParse.root = shiftFrom(globalsParse.root, cutAt, layout.end - cutAt);
  const globals = readGlobals(globalsParse);
  if (!globals || !globals.root.entries.some((e) => e.key === 'Resources')) return null;
  const chunks = layout.spans.map((span): Chunk => {
    const chunkText = text.slice(span.from, span.to);
    return { id: span.entry.key, text: chunkText, base: span.from, start: span.from, entry: span.entry, names: [...namesIn(span.entry.value)] };
  });
  if (!uniqueIds(chunks)) return null;
  // Fn::ForEach loops make resources whose names the chunks do not show: such a template is analysed whole.
  if (chunks.some((c) => c.id.startsWith('Fn::ForEach::'))) return null;
  const space = new VirtualSpace({ prefixLength: layout.start, originSuffixStart: layout.end, suffixStart: layout.end }, chunks);
  const resourcesLine = resourcesKey.start;
  const hasVersion = globals.root.entries.some((e) => e.key === 'AWSTemplateFormatVersion');
  return { text, format: layout.format, indent: layout.indent, resourcesLine, hasVersion, chunks, globals, space, ids: resourceIds(chunks), units: null, joins: new Map() };
}

export function uniqueIds(chunks: Chunk[]): boolean {
  return new Set(chunks.map((c) => c.id)).size === chunks.length;
}

