// One open document's analysis across edits. update(text) answers exactly what analyzeText(text) would
// (the same findings, the same flow results), but after the first analysis an edit inside the resources
// costs what its own part of the template costs:
//   1. the edited stretch of resources is read again on its own (chunks.ts), the rest of the tree is kept;
//   2. resources are grouped into units by the names they mention (units.ts);
//   3. only units whose content changed are analysed again (each as a template of its own); the others'
//      findings and flow results are reused, their offsets mapped to where they sit now (coordinates.ts).
// A YAML error inside one resource is answered from a short text of the same shape (broken-stretch.ts).
// Whatever these paths cannot answer with certainty (an edit in the global sections, a JSON syntax error,
// an address as a flow endpoint, …) takes the whole-template path, so results never depend on the path.
import { parseTemplate } from '../../template/parse';
import type { LEntry } from '../../template/located';
import type { Analysis, AnalyzeOptions } from '../types';
import { seedUnits } from './seed-units';
import { BlockAllocator, VirtualSpace } from './coordinates';
import { detached, readJsonStretch, readStretch, shiftEntry, type Chunk } from './chunks';
import { namesIn } from './names';
import { groupUnits, unitTree, type Unit } from './units';
import { brokenStretchProblems } from './broken-stretch';
import { brokenResult, fullResult, merged, sameAnswer, unitResultOf, type UnitResult } from './results';
import { cut, resourceIds, sameLinks, standalone, substitute, uniqueIds, type ResourceIds, type State } from './state';
import { chunkIndexAt, changedRegion, findChunk } from './text-diff';
import type { LiveResult } from './types';
import { AddressIndex, NO_FACTS, addressFacts, addressFlows, joinsNeeded, sameJoins } from './addresses';
import { singleTemplateEngine, type LiveEngine } from './engine';

/** "Did you mean" hints are rationed per template; past this many undefined names per template, go whole. */
const MAX_UNDEFINED = 50;

export class LiveDocument {
  private state: State | null = null;
  private units = new Map<string, UnitResult>();
  /** A clean text answered whole, not cut into units yet (see prepare()). */
  private pending: Analysis | null = null;
  /** Why the last prepare() could not cut its text into units. */
  private prepareFailure: string | undefined;
  private readonly blocks = new BlockAllocator();
  /** Every unit's address facts merged, kept while they stay the same (see addresses.ts). */
  private addressIndex: AddressIndex | null = null;
  /** How the last update was answered (for tests and the benchmark). */
  lastPath: 'incremental' | 'local-error' | 'whole' = 'whole';
  /** How the last prepare() got its units' results (for tests and the benchmark). */
  preparedBy: 'sharing out the whole analysis' | 'analysing each unit' | '' = '';
  /** Why the last update took the whole path (for tests and the benchmark). */
  lastReason = '';

  private readonly engine: LiveEngine;
  private readonly wholeOf = (text: string): Analysis => this.engine.whole(parseTemplate(text));

  /** `engine`: how the whole text and its units are analysed (default: the template on its own). */
  constructor(options: AnalyzeOptions = {}, engine?: LiveEngine) {
    this.engine = engine ?? singleTemplateEngine(options);
  }

  update(text: string): LiveResult {
    if (this.pending && this.pending.parse.text !== text) this.prepare();
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
    const result = fullResult(text, this.engine.whole(parse, true));
    // A text that does not parse keeps the last good state: the repair is diffed against it. A clean
    // one is cut into units by prepare() (when the editor is idle, or first thing on the next edit).
    if (!result.syntaxError) {
      this.state = null;
      this.units.clear();
      // (A byte-order mark would put the parse's offsets one off the text the next edit is diffed with.)
      this.pending = text.charCodeAt(0) === 0xfeff ? null : result.full();
    }
    return result;
  }

  /**
   * Cuts the last text answered whole into units, each with its share of that whole analysis (or, when
   * it cannot be shared out with certainty, analysed again), so that the next edit is answered from them.
   * The editor calls it while the user is idle; otherwise the next update does it first.
   */
  prepare(): void {
    const whole = this.pending;
    if (!whole) return;
    this.pending = null;
    const text = whole.parse.text;
    const state = cut(whole.parse);
    this.prepareFailure = state ? undefined : 'the text does not have the shape the live analysis cuts (see live/README.md)';
    if (!state) return;
    this.units.clear();
    // Flows that name addresses join the chunks their addresses need (from the whole model's facts).
    if (whole.model && this.engine.shares) {
      const flows = addressFlows(whole.model.flows, state.globals.flowItems, state.ids.set);
      if (flows && flows.length > 0) {
        const facts = addressFacts(whole.model, (id) => (state.ids.set.has(id) ? id : null));
        state.joins = joinsNeeded(flows, new AddressIndex([facts], facts.key)) ?? new Map();
      }
    }
    const units = (state.units = groupUnits(state.chunks, state.globals, state.joins));
    const seeded = this.engine.shares ? seedUnits(state, units, whole) : null;
    if (seeded) {
      units.forEach((u, k) => this.units.set(u.key, seeded[k]));
      // The shares must add up to the whole answer they came from; if not, analyse the units instead.
      const from = this.answer(state, text);
      if (from && sameAnswer(from, fullResult(text, whole))) {
        this.preparedBy = 'sharing out the whole analysis';
        this.state = state;
        return;
      }
      this.units.clear();
    }
    this.preparedBy = 'analysing each unit';
    if (this.answer(state, text)) this.state = state;
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
      return broken ? brokenResult(text, broken, this.wholeOf) : null;
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
    return { id: moved.key, text: detached(chunkText), base, start, entry: moved, names: [...namesIn(moved.value)] };
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

  /**
   * The result for the state's text from its units (analysing those not seen before); null: go whole.
   * Flows that name addresses are grouped with the chunks their addresses need (addresses.ts), read from
   * the units' address facts: when the facts ask for another grouping than the one analysed (an edit
   * changed a block, or added an address), the units are grouped again and the changed ones analysed.
   */
  private answer(s: State, text: string): LiveResult | null {
    const refused = this.engine.refuse?.(s);
    if (refused) return this.fail(refused);
    // What the engine needs grouped from the text alone (an edit may have moved it while keeping every
    // reference, hence the units): grouped before any unit is analysed, since a unit analysed apart from
    // what it needs cannot vouch for its answer.
    if (this.engine.joins) {
      const joins = withJoins(s.joins, this.engine.joins(s, []));
      if (!sameJoins(joins, s.joins)) {
        s.joins = joins;
        s.units = null;
      }
    }
    for (let round = 0; round < 4; round++) {
      const units = (s.units ??= groupUnits(s.chunks, s.globals, s.joins));
      const results = this.results(s, units);
      if (!results) return null;
      const addressNeed = this.joinsFor(results);
      if (!addressNeed) return this.fail('a flow address meets an element of a resource the live analysis cannot place');
      const need = this.engine.joins ? withJoins(addressNeed, this.engine.joins(s, results)) : addressNeed;
      if (sameJoins(need, s.joins)) return this.settled(s, text, units, results);
      s.joins = need;
      s.units = null;
    }
    return this.fail('the units of the address flows do not settle');
  }

  private results(s: State, units: Unit[]): UnitResult[] | null {
    const results: UnitResult[] = [];
    for (const unit of units) {
      const r = this.unitResult(unit, s, s.ids);
      if (!r.ok) return this.fail(r.why ?? 'a unit needs the whole template (a stage gave up, or a flow names a resource through a parameter)');
      results.push(r);
    }
    return results;
  }

  /** The joins every unit's address flows need, from every unit's address facts. */
  private joinsFor(results: UnitResult[]): Map<string, string> | null {
    if (!results.some((r) => r.addressFlows.length > 0)) return new Map();
    const key = results
      .map((r) => r.facts.key)
      .sort()
      .join('|');
    if (this.addressIndex?.key !== key) this.addressIndex = new AddressIndex(results.map((r) => r.facts), key);
    return joinsNeeded(results.flatMap((r) => r.addressFlows), this.addressIndex);
  }

  private settled(s: State, text: string, units: Unit[], results: UnitResult[]): LiveResult | null {
    let undefinedNames = 0;
    const flowNames = new Set<string>();
    for (const r of results) {
      undefinedNames += r.undefinedNames;
      for (const name of r.flowNames) {
        // The whole template decides which of two flows with one name is reported.
        if (flowNames.has(name)) return this.fail('two flows with one name');
        flowNames.add(name);
      }
    }
    if (undefinedNames > MAX_UNDEFINED) return this.fail('too many undefined names');
    // Forget units that no longer exist (a unit comes back only with new chunks, hence a new key).
    const live = new Set(units.map((u) => u.key));
    for (const key of this.units.keys()) if (!live.has(key)) this.units.delete(key);
    const answer = merged(text, s, results, this.wholeOf);
    return this.engine.finish ? this.engine.finish(answer, s) : answer;
  }

  private unitResult(unit: Unit, s: State, ids: ResourceIds): UnitResult {
    const role = this.engine.role?.(unit, s) ?? '';
    const cached = this.units.get(unit.key);
    if (cached && (cached.role ?? '') === role && (cached.idsKey === undefined || cached.idsKey === ids.key())) return cached;
    const answer = this.engine.unit(unit, unitTree(unit, s.globals), s, ids);
    const analysis = answer.analysis;
    const mine = new Set(unit.chunks.map((c) => c.id));
    const model = analysis.model;
    const flows = model ? addressFlows(model.flows, s.globals.flowItems, mine) : [];
    const facts = model ? addressFacts(model, answer.anchorOf ?? ((id) => (mine.has(id) ? id : null))) : NO_FACTS;
    const ok = answer.ok && flows !== null && standalone(analysis, unit, ids.set);
    const flowNames = (model?.flows ?? []).map((f) => f.name);
    const result = unitResultOf(s, answer.findings ?? analysis.findings, analysis.flows, flowNames, ok, facts, flows ?? [], analysis.implied ?? []);
    result.role = role;
    if (!answer.ok && answer.why) result.why = answer.why;
    result.needs = answer.needs ?? [];
    this.units.set(unit.key, result);
    return result;
  }
}

/** Two sets of joins together (a holder's ids joined by newlines, as groupUnits reads them). */
function withJoins(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(a);
  for (const [holder, ids] of b) {
    const had = out.get(holder);
    out.set(holder, had === undefined ? ids : [...new Set([...had.split('\n'), ...ids.split('\n')])].join('\n'));
  }
  return out;
}
