// A template analysed with the stacks it reaches: the stacks it imports from, its nested stacks, and the
// stacks its flows name (`network/DbAcl`, a construct path). One network model across them; traces name
// each hop's stack and file; findings go to the file where their element is defined. A template that
// reaches no other stack and has no CDK metadata takes the single-template path unchanged.
import type { Range } from '../../template/located';
import { parseTemplate as parseOnce } from '../../template/parse';
import { analyzeParsed, analyzeResolved } from '../analyze';
import { traceFlow } from '../../walk/trace';
import type { FlowSpec, WalkSettings } from '../../walk/types';
import type { TraceResult } from '../../../../shared/protocol';
import type { AnalyzeOptions } from '../types';
import { baseOf, shiftRange } from './offsets';
import { stackNameOfFile } from './paths';
import { localizeId, qualifyId } from './qualify';
import { StackSet, type StackRecord } from './stack-set';
import { mergeStacks } from './merge';
import { sourceOfTrace } from './cdk-info';
import type { SourceLocation, WorkspaceAnalysis, WorkspaceFinding, WorkspaceInput, WorkspaceStack } from './types';

export interface WorkspaceAnalyzeOptions extends AnalyzeOptions {
  /** Endpoint names asked for besides the template's own flows (`trace --from network/Web`): their stacks join. */
  mentions?: readonly string[];
}

export function analyzeInWorkspace(file: string, text: string, ws: WorkspaceInput, options: WorkspaceAnalyzeOptions = {}): WorkspaceAnalysis {
  const desc: WorkspaceStack = ws.stacks.find((s) => s.file === file) ?? { name: stackNameOfFile(file), file };
  // Nothing in the text reaches another stack: the single-template path, at its usual cost.
  if (!desc.cdkMetadata && !reachesOut(text, ws, options.mentions ?? [])) return alone(file, desc.name, text, options);
  const set = new StackSet(ws, desc, text, options.parameters);
  const rec = set.top(desc.name);
  if (!rec) return alone(file, desc.name, text, options);
  const included = reach(set, rec, ws, text, options.mentions ?? []);
  if (included.length === 1 && !desc.cdkMetadata && !set.linked) return alone(file, desc.name, text, options);

  const merged = mergeStacks(rec, included.slice(1));
  merged.resolved.problems.push(...set.problems.filter((p) => baseOf(p.range.start) === 0));
  const names = cdkNames(set, included, merged.resolved.resources, rec.name);
  for (const [mid, stack] of merged.stackOfId) {
    const global = qualifyId(merged.logicalIdOf.get(mid) ?? mid, stack);
    if (global !== mid && !names.aliases.has(global)) names.aliases.set(global, mid);
  }
  let analysis;
  try {
    analysis = analyzeResolved(rec.parse, merged.resolved, [...rec.parse.problems], options, undefined, names.aliases);
  } catch (e) {
    return alone(file, desc.name, text, options);
  }
  const locate = (range: Range): { file: string; range: Range } => {
    const base = baseOf(range.start);
    return base === 0 ? { file, range } : { file: set.fileOfBase(base) ?? file, range: shiftRange(range, -base) };
  };
  const stackOf = (id: string): string => merged.stackOfId.get(id) ?? rec.name;
  const findings: WorkspaceFinding[] = [];
  for (const f of analysis.findings) {
    const at = locate(f.range);
    // A problem in another template is reported when that template is analysed; a flow's finding is reported here.
    if (at.file !== file && !f.flows?.length) continue;
    const out: WorkspaceFinding = { ...f, range: at.range, related: f.related.map((r) => withFile(locate, file, r)) };
    if (at.file !== file) out.file = at.file;
    if (f.resource !== undefined) {
      out.stack = stackOf(f.resource);
      const cp = names.constructPaths.get(f.resource);
      if (cp) out.constructPath = cp;
      const src = names.sources.get(f.resource);
      if (src) out.source = src;
    }
    findings.push(out);
  }
  const result: WorkspaceAnalysis = {
    ...analysis,
    problems: analysis.problems.filter((p) => baseOf(p.range.start) === 0),
    findings,
    stack: rec.name,
    locate,
    aliases: names.aliases,
    constructPaths: names.constructPaths,
    stackOf,
    logicalIdOf: (id) => merged.logicalIdOf.get(id) ?? id,
    stacks: included.map((r) => r.name),
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
export function locateTrace(wa: WorkspaceAnalysis, trace: TraceResult): TraceResult {
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
function alone(file: string, stack: string, text: string, options: AnalyzeOptions): WorkspaceAnalysis {
  const a = analyzeParsed(parseOnce(text), options);
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

function reachesOut(text: string, ws: WorkspaceInput, mentions: readonly string[]): boolean {
  if (text.includes('ImportValue') || text.includes('AWS::CloudFormation::Stack')) return true;
  return ws.stacks.some((s) => [text, ...mentions].some((t) => t.includes(`${s.name}/`) || (s.displayName !== undefined && t.includes(`${s.displayName}/`))));
}

/** The analysed stack first, then every stack it uses (transitively) and every stack its text or the caller names. */
function reach(set: StackSet, rec: StackRecord, ws: WorkspaceInput, text: string, mentions: readonly string[]): StackRecord[] {
  const out: StackRecord[] = [];
  const seen = new Set<string>();
  const visit = (r: StackRecord | undefined): void => {
    if (!r || seen.has(r.name)) return;
    seen.add(r.name);
    out.push(r);
    for (const u of r.uses) visit(set.get(u));
  };
  visit(rec);
  const named = [text, ...mentions];
  for (const s of ws.stacks) {
    if (seen.has(s.name)) continue;
    const prefixes = [`${s.name}/`, ...(s.displayName ? [`${s.displayName}/`] : [])];
    if (named.some((t) => prefixes.some((p) => t.includes(p)))) visit(set.top(s.name));
  }
  return out;
}

/** Construct paths, source lines and the aliases they give, for every resource of the included CDK stacks. */
function cdkNames(set: StackSet, included: readonly StackRecord[], resources: ReadonlyMap<string, { metadata?: unknown }>, analysed: string) {
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
