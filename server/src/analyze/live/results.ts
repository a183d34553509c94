// The LiveResult of each path: from the units (offsets mapped to the document), from a whole analysis,
// and for a text with a YAML error in one stretch.
import type { Analysis, Finding, FlowResult } from '../types';
import { mapRanges, type VirtualSpace } from './coordinates';
import type { Chunk } from './chunks';
import type { BrokenStretch } from './broken-stretch';
import { entrySpan, parseHasSyntaxError, resourceSpans, sortFindings } from './spans';
import type { State } from './state';
import type { AddressFacts, AddressFlow } from './addresses';
import type { FlowOutline, LiveResult, ResourceSpan } from './types';
import type { ImpliedFlowResult } from '../implied/types';

export /** What is kept of a unit's analysis: its answer, not its resolved template or model (memory). */
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
  /** What addresses are resolved against in this unit, and its flows that name addresses (see addresses.ts). */
  facts: AddressFacts;
  addressFlows: AddressFlow[];
  /** The implied flows whose rules, listeners or routes lie in the unit (for hover and "Declare this flow"). */
  implied: ImpliedFlowResult[];
  /** How the engine analysed the unit (see LiveEngine.role), and the resources outside it its answer needs. */
  role?: string;
  needs?: string[];
  /** Why the engine could not vouch for the unit's answer. */
  why?: string;
}

/** A unit's result from its answer (counting what `merged` and the cache need to know of it). */
export function unitResultOf(
  state: State,
  findings: Finding[],
  flows: FlowResult[],
  flowNames: string[],
  ok: boolean,
  facts: AddressFacts,
  addressFlows: AddressFlow[],
  implied: ImpliedFlowResult[] = [],
): UnitResult {
  const globalKeys = new Map<string, number>();
  let undefinedNames = 0;
  for (const f of findings) {
    if (f.code === 'UNDEFINED_REFERENCE' || f.code === 'FLOW_UNKNOWN_ENDPOINT') undefinedNames++;
    if (state.space.isGlobal(f.range.start)) {
      const key = JSON.stringify(f);
      globalKeys.set(key, (globalKeys.get(key) ?? 0) + 1);
    }
  }
  return { findings, flows, flowNames, ok, globalKeys, undefinedNames, idsKey: undefinedNames > 0 ? state.ids.key() : undefined, facts, addressFlows, implied };
}

/** The whole template's result from its units' results. */
export function merged(text: string, s: State, results: UnitResult[], wholeOf: (text: string) => Analysis): LiveResult {
  // A finding in the global sections (a parameter's problem, say) can come out of several units alike:
  // it is one finding of the template, reported as often as the unit that reports it most (the resolver
  // reports a problem once per place). Findings there that one unit owns (its flows, its outputs) are
  // counted the same way, since no other unit gives them.
  const most = new Map<string, number>();
  for (const r of results) for (const [k, n] of r.globalKeys) if (n > (most.get(k) ?? 0)) most.set(k, n);
  const space = s.space;
  const virtual: Finding[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      if (space.isGlobal(f.range.start)) {
        const k = JSON.stringify(f);
        const left = most.get(k) ?? 0;
        if (left === 0) continue;
        most.set(k, left - 1);
      }
      virtual.push(f);
    }
  }
  const findings = sortFindings(virtual.map((f) => mapRanges(f, space)));
  const outline: FlowOutline[] = [];
  for (const r of results) for (const result of r.flows) outline.push({ result, range: space.range(result.flow.origin.range) });
  outline.sort((x, y) => x.range.start - y.range.start || (x.result.flow.name < y.result.flow.name ? -1 : 1));
  let flows: ReturnType<LiveResult['flows']> | undefined;
  let full: Analysis | undefined;
  let resources: ResourceSpan[] | undefined;
  let implied: ImpliedFlowResult[] | undefined;
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
    implied: () => (implied ??= mergedImplied(results, space)),
    full: () => (full ??= wholeOf(text)),
    ready: () => full,
  };
}

/** The units' implied flows in document offsets, in the order of their first implying element; each once. */
function mergedImplied(results: readonly UnitResult[], space: VirtualSpace): ImpliedFlowResult[] {
  const seen = new Set<string>();
  const out: ImpliedFlowResult[] = [];
  for (const r of results) {
    for (const i of r.implied) {
      const mapped = mapRanges(i, space);
      const key = `${mapped.flow.name}|${mapped.flow.impliedBy.map((b) => b.origin.range.start).join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(mapped);
    }
  }
  const first = (i: ImpliedFlowResult) => Math.min(...i.flow.impliedBy.map((b) => b.origin.range.start));
  return out.sort((a, b) => first(a) - first(b) || (a.flow.name < b.flow.name ? -1 : a.flow.name > b.flow.name ? 1 : 0));
}

function resourceSpan(c: Chunk, space: VirtualSpace): ResourceSpan {
  const span = entrySpan(c.entry);
  return { ...span, keyRange: space.range(span.keyRange), range: space.range(span.range) };
}

/** The same findings and the same flow results (by identity: shared-out results are the whole's own objects). */
export function sameAnswer(a: LiveResult, b: LiveResult): boolean {
  return (
    a.findings.length === b.findings.length &&
    JSON.stringify(a.findings) === JSON.stringify(b.findings) &&
    a.outline.length === b.outline.length &&
    a.outline.every((o, k) => o.result === b.outline[k].result && o.range.start === b.outline[k].range.start && o.range.end === b.outline[k].range.end)
  );
}

/** A text with a YAML error in one stretch: its parse problems now, the rest of the whole analysis on demand. */
export function brokenResult(text: string, broken: BrokenStretch, wholeOf: (text: string) => Analysis): LiveResult {
  let whole: LiveResult | undefined;
  const get = () => (whole ??= fullResult(text, wholeOf(text)));
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
    implied: () => get().implied(),
    full: () => get().full(),
    ready: () => whole?.ready(),
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
    implied: () => analysis.implied ?? [],
    full: () => analysis,
    ready: () => analysis,
  };
}
