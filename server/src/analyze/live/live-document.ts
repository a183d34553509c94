// One open document's analysis across edits. update(text) answers exactly what analyzeText(text) would
// (the same findings, the same flow results), but after the first analysis an edit inside the resources
// costs what its own part of the template costs:
//   1. the edited stretch of resources is read again on its own (chunks.ts), the rest of the tree is kept;
//   2. resources are grouped into units by the names they mention (units.ts);
//   3. only units whose content changed are analysed again (each as a template of its own); the others'
//      findings and flow results are reused, their offsets mapped to where they sit now (coordinates.ts).
// Whatever this path cannot answer with certainty (an edit in the global sections, a YAML error, JSON, an
// address as a flow endpoint, …) takes the whole-template path, so results never depend on the path.
import { analyzeText, analyzeParsed } from '../analyze';
import { parseTemplate } from '../../template/parse';
import type { Analysis, AnalyzeOptions, Finding, FlowResult } from '../types';
import { BlockAllocator, VirtualSpace, mapRanges } from './coordinates';
import type { LEntry, LMap, ParseResult } from '../../template/located';
import { isCloudFormationTemplate } from '../../template/detect';
import { layoutOf, readJsonStretch, readStretch, shiftEntry, shiftFrom, type Chunk } from './chunks';
import { namesIn } from './names';
import { groupUnits, readGlobals, unitKey, unitTree, type Globals, type Unit } from './units';
import { parseHasSyntaxError, resourceSpans, sortFindings } from './spans';
import { brokenStretchProblems, type BrokenStretch } from './broken-stretch';
import type { FlowOutline, LiveResult, ResourceSpan } from './types';

/** Problem codes that mean a stage gave up: their findings are only trusted from a whole-template analysis. */
const INTERNAL = new Set(['ANALYSIS_FAILED', 'RESOLVE_INTERNAL_ERROR', 'MODEL_INTERNAL_ERROR', 'TOO_MANY_PROBLEMS', 'TOO_MANY_NODES']);
/** "Did you mean" hints are rationed per template; past this many undefined names per template, go whole. */
const MAX_UNDEFINED = 50;

interface State {
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
}

/** What is kept of a unit's analysis: its answer, not its resolved template or model (memory). */
interface UnitResult {
  findings: Finding[];
  flows: FlowResult[];
  /** Names of every flow the unit declares (traced or not), to find a name used in two units. */
  flowNames: string[];
  /** The unit can be answered on its own (see `standalone`). */
  ok: boolean;
  /** Findings in the globals' coordinates (the same in every unit when they come from the global sections). */
  globalKeys: Map<string, number>;
  undefinedNames: number;
  /** The resource ids the "did you mean" hints were drawn from, when the unit has any. */
  idsKey?: string;
}

export class LiveDocument {
  private state: State | null = null;
  private units = new Map<string, UnitResult>();
  /** A clean text answered whole, not cut into units yet (see prepare()). */
  private pending: { text: string; parse: ParseResult } | null = null;
  /** Why the last prepare() could not cut its text into units. */
  private prepareFailure: string | undefined;
  private readonly blocks = new BlockAllocator();
  /** How the last update was answered (for tests and the benchmark). */
  lastPath: 'incremental' | 'local-error' | 'whole' = 'whole';
  /** Why the last update took the whole path (for tests and the benchmark). */
  lastReason = '';

  constructor(private readonly options: AnalyzeOptions = {}) {}

  update(text: string): LiveResult {
    if (this.pending && this.pending.text !== text) this.prepare();
    if (this.state) {
      const result = this.incremental(this.state, text);
      if (result) {
        this.lastPath = result.syntaxError ? 'local-error' : 'incremental';
        return result;
      }
    }
    if (!this.state) this.lastReason = this.prepareFailure ?? 'no clean earlier version of the text to start from';
    this.lastPath = 'whole';
    const parse = parseTemplate(text);
    const result = fullResult(text, analyzeParsed(parse, this.options));
    // A text that does not parse keeps the last good state: the repair is diffed against it. A clean
    // one is cut into units by prepare() (when the editor is idle, or first thing on the next edit).
    if (!result.syntaxError) {
      this.state = null;
      this.units.clear();
      // (A byte-order mark would put the parse's offsets one off the text the next edit is diffed with.)
      this.pending = text.charCodeAt(0) === 0xfeff ? null : { text, parse };
    }
    return result;
  }

  /**
   * Cuts the last text answered whole into units and analyses each, so that the next edit is answered
   * from them. The editor calls it while the user is idle; otherwise the next update does it first.
   * About the cost of a whole analysis.
   */
  prepare(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const state = cut(p.parse);
    this.prepareFailure = state ? undefined : 'the text does not have the shape the live analysis cuts (see live/README.md)';
    if (!state) return;
    this.units.clear();
    if (this.answer(state, p.text)) this.state = state;
    else {
      this.units.clear();
      this.prepareFailure = this.lastReason;
    }
  }

  private fail(reason: string): null {
    this.lastReason = reason;
    return null;
  }

  private incremental(s: State, text: string): LiveResult | null {
    const old = s.text;
    const { a, oldEnd } = changedRegion(old, text);
    const delta = text.length - old.length;
    if (a === old.length && a === text.length) return this.answer(s, text);

    const chunks = s.chunks;
    const regionStart = chunks[0].start;
    const last = chunks[chunks.length - 1];
    const regionEnd = last.start + last.text.length;
    if (a < regionStart || oldEnd > regionEnd) return this.fail('the edit touches the global sections');

    let i = chunkIndexAt(chunks, a);
    if (i > 0 && chunks[i].start === a) i--;
    let j = Math.max(i, chunkIndexAt(chunks, Math.max(a, oldEnd - 1)));
    // The stretch must end on a line start of the new text too: an inserted indent at the start of the
    // next resource's line is a change to that resource, not trailing space of this one.
    const endOf = (k: number) => chunks[k].start + chunks[k].text.length + delta;
    if (s.format === 'yaml') {
      while (j + 1 < chunks.length && text.charCodeAt(endOf(j) - 1) !== 0x0a) j++;
      if (endOf(j) < text.length && text.charCodeAt(endOf(j) - 1) !== 0x0a) return this.fail('the edit ends inside a line of the next resource at the end of the resources');
    }
    // Edits far apart (coalesced keystrokes, a replace-all) leave unchanged resources between them: find
    // those again and re-read only the stretches around them.
    const replaced =
      (j - i >= 2 ? this.tile(s, text, i, j, delta) : null) ??
      this.reread(s, text, i, j, delta) ??
      (i > 0 ? this.reread(s, text, i - 1, j, delta) : null);
    if (!replaced && s.format === 'json') return this.fail('the edited resources cannot be read on their own');
    if (!replaced) {
      const around = { ...s.space.globals, resourcesLine: s.resourcesLine, hasVersion: s.hasVersion };
      const broken =
        brokenStretchProblems(text, chunks, i, j, delta, s.indent, around) ??
        (i > 0 ? brokenStretchProblems(text, chunks, i - 1, j, delta, s.indent, around) : null);
      return broken ? brokenResult(text, broken, this.options) : null;
    }
    const { from, to, fresh } = replaced;

    const next = [...chunks.slice(0, from), ...fresh, ...chunks.slice(to + 1).map((c) => ({ ...c, start: c.start + delta }))];
    if (next.length === 0) return this.fail('no resource left');
    const replacedChunks = chunks.slice(from, to + 1);
    const sameIds = fresh.length === replacedChunks.length && fresh.every((c, k) => c.id === replacedChunks[k].id);
    if (!sameIds && !uniqueIds(next)) return this.fail('two resources with one id');
    const ids = sameIds ? s.ids : resourceIds(next);
    // Same ids and the same references: the units are the same, with the new chunks in place of the old.
    const units = sameIds && s.units && fresh.every((c, k) => sameLinks(c, replacedChunks[k], ids.set)) ? substitute(s.units, replacedChunks, fresh) : null;
    const { prefixLength, originSuffixStart, suffixStart } = s.space.globals;
    const space = new VirtualSpace({ prefixLength, originSuffixStart, suffixStart: suffixStart + delta }, next);
    const candidate: State = { ...s, text, chunks: next, space, ids, units };
    const result = this.answer(candidate, text);
    if (result) this.state = candidate;
    return result;
  }

  /**
   * Chunks i..j of the old text, laid over the new text: each old chunk whose text is found again (from
   * the start of a line, after the previous one) is kept as it is, and only the stretches between kept
   * chunks are read again. Any such tiling is a valid reading of the new text, since a chunk reads the
   * same wherever it starts a line among other chunks (see chunks.ts); null when a stretch does not read.
   */
  private tile(s: State, text: string, i: number, j: number, delta: number): { from: number; to: number; fresh: Chunk[] } | null {
    const chunks = s.chunks;
    const end = chunks[j].start + chunks[j].text.length + delta;
    const fresh: Chunk[] = [];
    let cursor = chunks[i].start;
    let kept = 0;
    const readGap = (gapEnd: number, last: boolean): boolean => {
      if (gapEnd === cursor) return true;
      // A YAML stretch starts a line (a chunk that ended a text without a line break may not anymore).
      if (s.format === 'yaml' && text.charCodeAt(cursor - 1) !== 0x0a) return false;
      const stretch = text.slice(cursor, gapEnd);
      const read = s.format === 'json' ? readJsonStretch(stretch, last) : readStretch(stretch, s.indent);
      if (!read || read.length === 0) return false;
      for (const r of read) fresh.push(this.chunkOf(stretch.slice(r.from, r.to), cursor + r.from, r.entry, r.from));
      return true;
    };
    for (let k = i; k <= j; k++) {
      const c = chunks[k];
      const at = findChunk(text, c.text, cursor, end, s.format);
      if (at < 0) continue;
      if (!readGap(at, false)) return null;
      fresh.push({ ...c, start: at });
      kept++;
      cursor = at + c.text.length;
    }
    if (kept === 0 || !readGap(end, j === chunks.length - 1)) return null;
    // JSON: a kept member still needs its comma exactly when a member follows it.
    if (s.format === 'json') {
      for (let k = 0; k < fresh.length; k++) {
        const followed = k + 1 < fresh.length || j + 1 < chunks.length;
        if (/,\s*$/.test(fresh[k].text) !== followed) return null;
      }
    }
    return { from: i, to: j, fresh };
  }

  /** A chunk read from `chunkText` at document offset `start`; `entry` has offsets relative to a stretch where the chunk begins at `from`. */
  private chunkOf(chunkText: string, start: number, entry: LEntry, from: number): Chunk {
    const base = this.blocks.allocate(chunkText.length);
    const moved = shiftEntry(entry, base - from);
    return { id: moved.key, text: chunkText, base, start, entry: moved, names: [...namesIn(moved.value)] };
  }

  /** Reads chunks i..j again from the new text; null when that stretch cannot be read on its own. */
  private reread(s: State, text: string, i: number, j: number, delta: number): { from: number; to: number; fresh: Chunk[] } | null {
    const start = s.chunks[i].start;
    const end = s.chunks[j].start + s.chunks[j].text.length + delta;
    if (end < start) return this.fail('the stretch vanished');
    const stretch = text.slice(start, end);
    const read = s.format === 'json' ? readJsonStretch(stretch, j === s.chunks.length - 1) : readStretch(stretch, s.indent);
    if (!read || (read.length === 0 && stretch.length > 0)) return this.fail('the edited resources cannot be read on their own');
    const fresh = read.map((r): Chunk => this.chunkOf(stretch.slice(r.from, r.to), start + r.from, r.entry, r.from));
    return { from: i, to: j, fresh };
  }

  /** The result for the state's text from its units (analysing those not seen before); null: go whole. */
  private answer(s: State, text: string): LiveResult | null {
    const units = (s.units ??= groupUnits(s.chunks, s.globals));
    const ids = s.ids;
    const results: UnitResult[] = [];
    let undefinedNames = 0;
    const flowNames = new Set<string>();
    for (const unit of units) {
      const r = this.unitResult(unit, s, ids);
      if (!r.ok) return this.fail('a unit needs the whole template (an address endpoint or a stage that gave up)');
      undefinedNames += r.undefinedNames;
      for (const name of r.flowNames) {
        // The whole template decides which of two flows with one name is reported.
        if (flowNames.has(name)) return this.fail('two flows with one name');
        flowNames.add(name);
      }
      results.push(r);
    }
    if (undefinedNames > MAX_UNDEFINED) return this.fail('too many undefined names');
    // Forget units that no longer exist (a unit comes back only with new chunks, hence a new key).
    const live = new Set(units.map((u) => u.key));
    for (const key of this.units.keys()) if (!live.has(key)) this.units.delete(key);
    return merged(text, s, results, this.options);
  }

  private unitResult(unit: Unit, s: State, ids: ResourceIds): UnitResult {
    const cached = this.units.get(unit.key);
    if (cached && (cached.idsKey === undefined || cached.idsKey === ids.key())) return cached;
    const analysis = analyzeParsed(unitTree(unit, s.globals), this.options, { resourceIds: ids.list, logicalIds: ids.logical });
    const globalKeys = new Map<string, number>();
    let undefinedNames = 0;
    for (const f of analysis.findings) {
      if (f.code === 'UNDEFINED_REFERENCE' || f.code === 'FLOW_UNKNOWN_ENDPOINT') undefinedNames++;
      if (s.space.isGlobal(f.range.start)) {
        const k = JSON.stringify(f);
        globalKeys.set(k, (globalKeys.get(k) ?? 0) + 1);
      }
    }
    const result: UnitResult = {
      findings: analysis.findings,
      flows: analysis.flows,
      flowNames: (analysis.model?.flows ?? []).map((f) => f.name),
      ok: standalone(analysis, unit),
      globalKeys,
      undefinedNames,
      idsKey: undefinedNames > 0 ? ids.key() : undefined,
    };
    this.units.set(unit.key, result);
    return result;
  }
}

/** Every resource id of the template, in order (what "did you mean" hints are drawn from). */
interface ResourceIds {
  list: string[];
  /** The ids the model knows (resources defined by a map: what a whole analysis's model lists). */
  logical: string[];
  set: Set<string>;
  key(): string;
}

function resourceIds(chunks: Chunk[]): ResourceIds {
  const list = chunks.map((c) => c.id).filter((id) => !id.startsWith('Fn::ForEach::'));
  let key: string | undefined;
  const logical = chunks.filter((c) => c.entry.value.kind === 'map' && !c.id.startsWith('Fn::ForEach::')).map((c) => c.id);
  return { list, logical, set: new Set(chunks.map((c) => c.id)), key: () => (key ??= `${list.join('\n')}|${logical.join('\n')}`) };
}

/** The other resources a chunk mentions (by the names it contains). */
function links(c: Chunk, ids: Set<string>): string {
  return c.names.filter((n) => n !== c.id && ids.has(n)).sort().join('\n');
}

function sameLinks(a: Chunk, b: Chunk, ids: Set<string>): boolean {
  return links(a, ids) === links(b, ids);
}

/** The units with `fresh[k]` in place of `old[k]` (same ids, same references); untouched units are kept as they are. */
function substitute(units: Unit[], old: Chunk[], fresh: Chunk[]): Unit[] {
  const swap = new Map(old.map((c, k) => [c.base, fresh[k]]));
  return units.map((u) => {
    if (!u.chunks.some((c) => swap.has(c.base))) return u;
    const chunks = u.chunks.map((c) => swap.get(c.base) ?? c);
    return { ...u, chunks, key: unitKey(chunks, u.key) };
  });
}

/**
 * Whether a unit's analysis is the whole template's answer for its part: no stage gave up, and no flow
 * endpoint is an address (or pins a source address).
 */
function standalone(analysis: Analysis, unit: Unit): boolean {
  if (!analysis.isTemplate || !analysis.model) return false;
  if (analysis.problems.some((p) => INTERNAL.has(p.code))) return false;
  const ids = new Set(unit.chunks.map((c) => c.id));
  // An address is looked up among every subnet and interface of the template: that needs the whole.
  // (A name that is no resource only needs every name, which each unit is given.)
  const local = (name: string) => ids.has(name.trim()) || !isAddress(name);
  return analysis.model.flows.every((f) => f.sourceIp === undefined && local(f.from) && local(f.to));
}

/** The walk's own test for an endpoint written as an address (walk/endpoints.ts resolveEndpoint). */
function isAddress(name: string): boolean {
  const n = name.trim();
  return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(n) && /[.:]/.test(n);
}

/** Cuts a cleanly parsed text into globals and chunks; null when it does not have the shape for it. */
function cut(parse: ParseResult): State | null {
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
  // A flow to or from an address needs the whole template (see `standalone`): do not even start.
  if (globals.flowNames.some((names) => names.some(isAddress))) return null;
  const chunks = layout.spans.map((span): Chunk => {
    const chunkText = text.slice(span.from, span.to);
    return { id: span.entry.key, text: chunkText, base: span.from, start: span.from, entry: span.entry, names: [...namesIn(span.entry.value)] };
  });
  if (!uniqueIds(chunks)) return null;
  const space = new VirtualSpace({ prefixLength: layout.start, originSuffixStart: layout.end, suffixStart: layout.end }, chunks);
  const resourcesLine = resourcesKey.start;
  const hasVersion = globals.root.entries.some((e) => e.key === 'AWSTemplateFormatVersion');
  return { text, format: layout.format, indent: layout.indent, resourcesLine, hasVersion, chunks, globals, space, ids: resourceIds(chunks), units: null };
}

/**
 * The changed stretch between two texts: the common prefix length `a` and where the common suffix starts
 * in the old text. Compared in blocks first (string equality of slices runs at memory speed), then
 * character by character inside the first differing block: a 1 MB text costs well under a millisecond.
 */
export function changedRegion(old: string, text: string): { a: number; oldEnd: number } {
  const max = Math.min(old.length, text.length);
  let a = 0;
  for (let block = 65536; block >= 1; block >>= 4) {
    while (a + block <= max && old.slice(a, a + block) === text.slice(a, a + block)) a += block;
  }
  let b = 0;
  const room = max - a;
  for (let block = 65536; block >= 1; block >>= 4) {
    while (b + block <= room && old.slice(old.length - b - block, old.length - b) === text.slice(text.length - b - block, text.length - b)) b += block;
  }
  return { a, oldEnd: old.length - b };
}

/** Where a chunk's text starts again in `text` within [from, end), at the start of a line (YAML) or of a key (JSON); -1 if nowhere. */
function findChunk(text: string, chunkText: string, from: number, end: number, format: 'yaml' | 'json'): number {
  const nl = chunkText.indexOf('\n');
  const head = nl >= 0 ? chunkText.slice(0, nl + 1) : chunkText;
  let at = text.indexOf(head, from);
  while (at >= 0 && at + chunkText.length <= end) {
    const boundary = format === 'json' || at === 0 || text.charCodeAt(at - 1) === 0x0a;
    if (boundary && text.startsWith(chunkText, at)) return at;
    at = text.indexOf(head, at + 1);
  }
  return -1;
}

function chunkIndexAt(chunks: Chunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function uniqueIds(chunks: Chunk[]): boolean {
  return new Set(chunks.map((c) => c.id)).size === chunks.length;
}

/** The whole template's result from its units' results. */
function merged(text: string, s: State, results: UnitResult[], options: AnalyzeOptions): LiveResult {
  // A finding from the global sections (a parameter's problem, say) comes out of every unit alike:
  // keep it once. Findings there that only some units give (a flow or output they own) are kept as given.
  const common = new Map(results[0].globalKeys);
  for (const r of results.slice(1)) {
    for (const [k, n] of common) {
      const m = r.globalKeys.get(k) ?? 0;
      if (m === 0) common.delete(k);
      else if (m < n) common.set(k, m);
    }
  }
  const space = s.space;
  const virtual: Finding[] = [];
  results.forEach((r, index) => {
    const skip = new Map(index === 0 ? [] : common);
    for (const f of r.findings) {
      if (skip.size > 0 && space.isGlobal(f.range.start)) {
        const k = JSON.stringify(f);
        const n = skip.get(k) ?? 0;
        if (n > 0) {
          skip.set(k, n - 1);
          continue;
        }
      }
      virtual.push(f);
    }
  });
  const findings = sortFindings(virtual.map((f) => mapRanges(f, space)));
  const outline: FlowOutline[] = [];
  for (const r of results) for (const result of r.flows) outline.push({ result, range: space.range(result.flow.origin.range) });
  outline.sort((x, y) => x.range.start - y.range.start || (x.result.flow.name < y.result.flow.name ? -1 : 1));
  let flows: ReturnType<LiveResult['flows']> | undefined;
  let full: Analysis | undefined;
  let resources: ResourceSpan[] | undefined;
  const chunks = s.chunks;
  return {
    text,
    isTemplate: true,
    syntaxError: false,
    parseProblems: [],
    findings,
    outline,
    get resources() {
      return (resources ??= chunks.map((c): ResourceSpan => resourceSpan(c, space)));
    },
    flows: () => (flows ??= outline.map((o) => mapRanges(o.result, space))),
    full: () => (full ??= analyzeText(text, options)),
  };
}

function resourceSpan(c: Chunk, space: VirtualSpace): ResourceSpan {
  const e = c.entry;
  const type = e.value.kind === 'map' ? [...e.value.entries].reverse().find((x) => x.key === 'Type')?.value : undefined;
  return {
    id: c.id,
    type: type && type.kind === 'scalar' && typeof type.value === 'string' ? type.value : '',
    keyRange: space.range(e.keyRange),
    range: space.range({ start: e.keyRange.start, end: Math.max(e.keyRange.end, e.value.range.end) }),
  };
}

/** A text with a YAML error in one stretch: its parse problems now, the rest of the whole analysis on demand. */
function brokenResult(text: string, broken: BrokenStretch, options: AnalyzeOptions): LiveResult {
  let whole: LiveResult | undefined;
  const get = () => (whole ??= fullResult(text, analyzeText(text, options)));
  return {
    text,
    isTemplate: broken.isTemplate,
    syntaxError: true,
    parseProblems: broken.problems,
    get findings() {
      return get().findings;
    },
    get outline() {
      return get().outline;
    },
    get resources() {
      return get().resources;
    },
    flows: () => get().flows(),
    full: () => get().full(),
  };
}

/** A LiveResult from a whole analysis (every range is already a document offset). */
export function fullResult(text: string, analysis: Analysis): LiveResult {
  const flows = [...analysis.flows].sort((a, b) => a.flow.origin.range.start - b.flow.origin.range.start || (a.flow.name < b.flow.name ? -1 : 1));
  return {
    text,
    isTemplate: analysis.isTemplate,
    syntaxError: parseHasSyntaxError(analysis.parse),
    parseProblems: analysis.parse.problems,
    findings: sortFindings(analysis.findings),
    outline: flows.map((result) => ({ result, range: result.flow.origin.range })),
    resources: resourceSpans(analysis.parse.root),
    flows: () => flows,
    full: () => analysis,
  };
}
