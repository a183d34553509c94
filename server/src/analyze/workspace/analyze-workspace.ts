// A template analysed with the stacks it reaches: the stacks it imports from, its nested stacks, and the
// stacks its flows name (`network/DbAcl`, a construct path). One network model across them; traces name
// each hop's stack and file; findings go to the file where their element is defined. A template that
// reaches no other stack and has no CDK metadata takes the single-template path unchanged.
import type { ParseResult, Range } from '../../template/located';
import { parseTemplate as parseOnce } from '../../template/parse';
import { analyzeParsed, analyzeResolved } from '../analyze';
import { traceFlow } from '../../walk/trace';
import type { FlowSpec, WalkSettings } from '../../walk/types';
import type { TraceResult } from '../../../../shared/protocol';
import type { Analysis, AnalyzeOptions, Finding } from '../types';
import { baseOf, shiftRange } from './offsets';
import { stackNameOfFile } from './paths';
import { localizeId, qualifyId } from './qualify';
import { StackSet, type AnalysedParts, type StackRecord } from './stack-set';
import { mergeStacks, type Merged } from './merge';
import type { StackCache } from './stack-cache';
import { sourceOfTrace } from './cdk-info';
import type { SourceLocation, WorkspaceAnalysis, WorkspaceFinding, WorkspaceInput, WorkspaceStack } from './types';

export interface WorkspaceAnalyzeOptions extends AnalyzeOptions {
  /** Endpoint names asked for besides the template's own flows (`trace --from network/Web`): their stacks join. */
  mentions?: readonly string[];
}

export function analyzeInWorkspace(file: string, text: string, ws: WorkspaceInput, options: WorkspaceAnalyzeOptions = {}, cache?: StackCache): WorkspaceAnalysis {
  return analyzeParsedInWorkspace(file, parseOnce(text), ws, options, cache);
}

/** analyzeInWorkspace of a text already parsed; `onRun` sees the merged run when there is one (the live analysis keeps its facts). */
export function analyzeParsedInWorkspace(
  file: string,
  parse: ParseResult,
  ws: WorkspaceInput,
  options: WorkspaceAnalyzeOptions = {},
  cache?: StackCache,
  onRun?: (run: MergedRun) => void,
): WorkspaceAnalysis {
  const desc = stackOf(file, ws);
  const text = parse.text;
  // Nothing in the text reaches another stack: the single-template path, at its usual cost.
  if (!desc.cdkMetadata && !reachesOut(text, ws, options.mentions ?? [])) return alone(file, desc.name, parse, options);
  const run = runMerged(file, desc, parse, text, ws, options, { cache, named: namedStacks(ws, [text, ...(options.mentions ?? [])]) });
  if (!run) return alone(file, desc.name, parse, options);
  onRun?.(run);
  return present(run);
}

/** The workspace's description of the analysed file (a file no stack lists is a stack of its own). */
export function stackOf(file: string, ws: WorkspaceInput): WorkspaceStack {
  return ws.stacks.find((s) => s.file === file) ?? { name: stackNameOfFile(file), file };
}

/** One merged analysis before its ranges are located: what the whole analysis and the live analysis's units share. */
export interface MergedRun {
  file: string;
  rec: StackRecord;
  set: StackSet;
  included: StackRecord[];
  merged: Merged;
  names: CdkNames;
  analysis: Analysis;
  locate(range: Range): { file: string; range: Range };
  stackOf(id: string): string;
}

export interface RunHow extends AnalysedParts {
  /** The stacks the text names (`network/`), see namedStacks. */
  named: readonly string[];
  /** false: only the analysed template, whatever it reaches (a unit of the live analysis that reaches nothing). */
  reach?: boolean;
  /** The model's logical ids, when the parse holds a part of the template (see PartOf in ../analyze). */
  logicalIds?: readonly string[];
}

/**
 * The merged analysis of the analysed template (given parsed) with the stacks it reaches; null when the
 * single-template path answers instead (nothing linked, or the analysis failed).
 */
export function runMerged(file: string, desc: WorkspaceStack, parse: ParseResult, text: string, ws: WorkspaceInput, options: AnalyzeOptions, how: RunHow): MergedRun | null {
  const set = new StackSet(ws, desc, text, options.parameters, { parse, ...(how.cache ? { cache: how.cache } : {}), ...(how.allResourceIds ? { allResourceIds: how.allResourceIds } : {}) });
  const rec = set.top(desc.name);
  if (!rec) return null;
  const included = how.reach === false ? [rec] : reach(set, rec, ws, how.named);
  if (how.reach !== false && included.length === 1 && !desc.cdkMetadata && !set.linked) return null;

  const merged = mergeStacks(rec, included.slice(1));
  merged.resolved.problems.push(...set.problems.filter((p) => baseOf(p.range.start) === 0));
  const names = cdkNames(set, included, merged.resolved.resources, rec.name);
  for (const [mid, stack] of merged.stackOfId) {
    const global = qualifyId(merged.logicalIdOf.get(mid) ?? mid, stack);
    if (global !== mid && !names.aliases.has(global)) names.aliases.set(global, mid);
  }
  let analysis;
  try {
    analysis = analyzeResolved(rec.parse, merged.resolved, [...rec.parse.problems], options, how.logicalIds, names.aliases);
  } catch (e) {
    return null;
  }
  const locate = (range: Range): { file: string; range: Range } => {
    const base = baseOf(range.start);
    return base === 0 ? { file, range } : { file: set.fileOfBase(base) ?? file, range: shiftRange(range, -base) };
  };
  return { file, rec, set, included, merged, names, analysis, locate, stackOf: (id) => merged.stackOfId.get(id) ?? rec.name };
}

/**
 * A finding of the merged analysis with the stack, construct path and source of its element, ranges not
 * located yet; null when it is about another template and no flow of this one (reported with that template).
 */
export function workspaceFinding(f: Finding, run: Pick<MergedRun, 'names' | 'stackOf'>): WorkspaceFinding | null {
  if (baseOf(f.range.start) !== 0 && !f.flows?.length) return null;
  const out: WorkspaceFinding = { ...f };
  if (f.resource !== undefined) {
    out.stack = run.stackOf(f.resource);
    const cp = run.names.constructPaths.get(f.resource);
    if (cp) out.constructPath = cp;
    const src = run.names.sources.get(f.resource);
    if (src) out.source = src;
  }
  return out;
}

/** A finding's range and related places in the file they are in (the file set when it is not the analysed one). */
export function locateFinding(f: WorkspaceFinding, locate: (r: Range) => { file: string; range: Range }, file: string): WorkspaceFinding {
  const at = locate(f.range);
  const out: WorkspaceFinding = { ...f, range: at.range, related: f.related.map((r) => withFile(locate, file, r)) };
  if (at.file !== file) out.file = at.file;
  else delete out.file;
  return out;
}

/** The whole analysis's answer from a merged run. */
function present(run: MergedRun): WorkspaceAnalysis {
  const { analysis, merged, names, rec, file, locate } = run;
  const findings: WorkspaceFinding[] = [];
  for (const f of analysis.findings) {
    const wf = workspaceFinding(f, run);
    if (wf) findings.push(locateFinding(wf, locate, file));
  }
  const result: WorkspaceAnalysis = {
    ...analysis,
    problems: analysis.problems.filter((p) => baseOf(p.range.start) === 0),
    findings,
    stack: rec.name,
    locate,
    aliases: names.aliases,
    constructPaths: names.constructPaths,
    stackOf: run.stackOf,
    logicalIdOf: (id) => merged.logicalIdOf.get(id) ?? id,
    stacks: run.included.map((r) => r.name),
  };
  result.flows = analysis.flows.map((fr) => ({ ...fr, trace: locateTrace(result, fr.trace) }));
  return result;
}

/** Traces a flow in a workspace analysis; endpoints may be construct paths or `Stack/LogicalId`. */
export function traceInWorkspace(wa: WorkspaceAnalysis, spec: FlowSpec, settings?: WalkSettings): TraceResult {
  if (!wa.model) return { verdict: 'unknown', blockedAt: null, blockers: [], assumptions: ['the text is not an analysable CloudFormation template'], hops: [] };
  const named = { ...spec, from: resolveAlias(wa, spec.from), to: resolveAlias(wa, spec.to) };
  return locateTrace(wa, traceFlow(wa.model, named, settings));
}

export function resolveAlias(wa: WorkspaceAnalysis, name: string): string {
  return wa.aliases.get(name.trim()) ?? name;
}

/** Each hop with its stack and file, and its range in that file; blocking points likewise. */
export function locateTrace(wa: Pick<WorkspaceAnalysis, 'locate' | 'stackOf'>, trace: TraceResult): TraceResult {
  const fileOf = (r: Range | undefined) => (r ? wa.locate(r) : undefined);
  const hops = trace.hops.map((h) => {
    const at = wa.locate(h.range);
    return { ...h, range: at.range, stack: wa.stackOf(h.resource), file: at.file };
  });
  const point = <T extends { resource: string; range?: Range }>(b: T): T => {
    const at = fileOf(b.range);
    return at ? { ...b, range: at.range, stack: wa.stackOf(b.resource), file: at.file } : { ...b, stack: wa.stackOf(b.resource) };
  };
  return { ...trace, hops, blockedAt: trace.blockedAt ? point(trace.blockedAt) : null, blockers: trace.blockers.map(point) };
}

function withFile(locate: (r: Range) => { file: string; range: Range }, own: string, r: { range: Range; message: string }) {
  const at = locate(r.range);
  return at.file === own ? { ...r, range: at.range } : { ...r, range: at.range, file: at.file };
}

/** The single-template path, with the workspace fields filled in for one stack. */
function alone(file: string, stack: string, parse: ParseResult, options: AnalyzeOptions): WorkspaceAnalysis {
  const a = analyzeParsed(parse, options);
  return {
    ...a,
    stack,
    locate: (range) => ({ file, range }),
    aliases: new Map(),
    constructPaths: new Map(),
    stackOf: () => stack,
    logicalIdOf: (id) => id,
    stacks: [stack],
  };
}

export function reachesOut(text: string, ws: WorkspaceInput, mentions: readonly string[]): boolean {
  if (text.includes('ImportValue') || text.includes('AWS::CloudFormation::Stack')) return true;
  return ws.stacks.some((s) => [text, ...mentions].some((t) => t.includes(`${s.name}/`) || (s.displayName !== undefined && t.includes(`${s.displayName}/`))));
}

/** The stacks of the workspace that any of `texts` names by a `Stack/` prefix (their resources join the analysis). */
export function namedStacks(ws: WorkspaceInput, texts: readonly string[]): string[] {
  return ws.stacks
    .filter((s) => {
      const prefixes = [`${s.name}/`, ...(s.displayName ? [`${s.displayName}/`] : [])];
      return texts.some((t) => prefixes.some((p) => t.includes(p)));
    })
    .map((s) => s.name);
}

/** The analysed stack first, then every stack it uses (transitively) and every stack the text or the caller names. */
function reach(set: StackSet, rec: StackRecord, ws: WorkspaceInput, named: readonly string[]): StackRecord[] {
  const out: StackRecord[] = [];
  const seen = new Set<string>();
  const visit = (r: StackRecord | undefined): void => {
    if (!r || seen.has(r.name)) return;
    seen.add(r.name);
    out.push(r);
    for (const u of r.uses) visit(set.get(u));
  };
  visit(rec);
  for (const s of ws.stacks) {
    if (seen.has(s.name)) continue;
    if (named.includes(s.name)) visit(set.top(s.name));
  }
  return out;
}

export interface CdkNames {
  aliases: Map<string, string>;
  constructPaths: Map<string, string>;
  sources: Map<string, SourceLocation>;
}

/** Construct paths, source lines and the aliases they give, for every resource of the included CDK stacks. */
function cdkNames(set: StackSet, included: readonly StackRecord[], resources: ReadonlyMap<string, { metadata?: unknown }>, analysed: string): CdkNames {
  const aliases = new Map<string, string>();
  const constructPaths = new Map<string, string>();
  const sources = new Map<string, SourceLocation>();
  const byPath = new Map<string, StackRecord>();
  for (const r of included) if (r.constructPath !== undefined) byPath.set(r.constructPath, r);
  const note = (mid: string, cp: string): void => {
    if (!resources.has(mid)) return;
    constructPaths.set(mid, cp);
    if (!aliases.has(cp)) aliases.set(cp, mid);
    const short = cp.replace(/\/(Resource|Default)$/, '');
    if (short !== cp && !aliases.has(short)) aliases.set(short, mid);
  };
  const tops = new Set(included.map((r) => r.top));
  for (const top of tops) {
    const info = set.cdkInfo(top);
    for (const r of info.resources) {
      const rec = byPath.get(r.owner);
      if (!rec) continue;
      const mid = localizeId(qualifyId(r.logicalId, rec.name), analysed);
      note(mid, r.constructPath);
      const src = sourceOfTrace(r.creationStack);
      if (src && resources.has(mid)) sources.set(mid, src);
    }
  }
  // Path metadata in the templates themselves (the CDK CLI's default) names what the stack metadata may not.
  for (const rec of included) {
    for (const [id, r] of rec.resolved.resources) {
      const m = r.metadata;
      const cp = m?.kind === 'map' ? m.entries.get('aws:cdk:path') : undefined;
      if (cp?.kind === 'str') {
        const mid = localizeId(qualifyId(id, rec.name), analysed);
        if (!constructPaths.has(mid)) note(mid, cp.value);
      }
    }
  }
  return { aliases, constructPaths, sources };
}
