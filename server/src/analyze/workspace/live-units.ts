// The live analysis of a template that reaches other stacks (Fn::ImportValue, nested stacks, flows that
// name `network/DbAcl` or a construct path, a cdk.out stack): the LiveEngine that live/live-document.ts
// runs such a document with. Every update must equal analyzeInWorkspace of its text; how (see
// live/README.md, "Templates that reach other stacks"):
//   - the other templates are a context that the editor does not change: their parses and leaf
//     resolutions are kept (./stack-cache), and the last whole answer fixes which stacks are merged in,
//     with which offset bases and model ids (the baseline). A unit whose merged view differs from the
//     baseline cannot vouch for its answer, and the whole path answers (and sets a new baseline);
//   - one unit, the context unit, is analysed merged with those stacks, exactly as the whole text is: it
//     holds every resource whose text reaches out (an import, a nested stack), every flow that names a
//     stack (`network/X`, a construct path, `app/Web`) with the resources such a name may stand for, and
//     every resource another stack's resources refer to (a nested stack's parameters). Its address facts
//     include the other stacks' elements, so a flow whose address meets one of them joins it too;
//   - every other unit reaches nothing outside the template: it is analysed as a template of its own,
//     with the whole model's ids for the "did you mean" hints, and its findings get the same stack
//     fields. Such a unit that still asks another stack for a value (an import in a global section)
//     cannot vouch for its answer.
import type { ParseResult, Range } from '../../template/located';
import { get } from '../../template/located';
import type { RValue } from '../../template/values';
import type { Analysis, AnalyzeOptions, Finding, FlowResult } from '../types';
import type { LiveEngine, UnitAnswer } from '../live/engine';
import type { ResourceIds, State } from '../live/state';
import type { Unit } from '../live/units';
import type { UnitResult } from '../live/results';
import type { LiveResult } from '../live/types';
import { parseHasSyntaxError, sortFindings } from '../live/spans';
import { analyzeParsedInWorkspace, locateFinding, locateTrace, namedStacks, reachesOut, runMerged, stackOf, workspaceFinding, type MergedRun } from './analyze-workspace';
import { baseOf, shiftRange } from './offsets';
import { readCdkStackInfo } from './cdk-info';
import { StackCache } from './stack-cache';
import type { WorkspaceFinding, WorkspaceInput, WorkspaceStack } from './types';

/** What the last whole answer merged in: the units' merged views must be the same. */
interface Baseline {
  /** The stacks analysed together (the analysed one first). */
  included: string[];
  /** Every file's offset base, as `file@base` lines. */
  bases: string;
  fileOfBase: Map<number, string>;
  /** The model ids of the other stacks' resources (present, then absent), in the whole model's order. */
  contextIds: string[];
  /** The stacks the text names by a `Stack/` prefix. */
  named: string[];
  stackOfId: Map<string, string>;
}

export class WorkspaceEngine implements LiveEngine {
  readonly shares = false;
  private readonly desc: WorkspaceStack;
  private baseline: Baseline | null = null;
  /** Prefixes that name a stack of the workspace (`network/`, a CDK display name `Prod/Network/`). */
  private readonly prefixes: string[];
  /** Construct path (and its short form) → logical ids of the analysed stack, from the CDK metadata. */
  private readonly constructPaths = new Map<string, string[]>();
  private readonly anchors = new WeakMap<State, string>();

  constructor(
    private readonly file: string,
    private readonly ws: WorkspaceInput,
    private readonly options: AnalyzeOptions = {},
    private readonly cache: StackCache = new StackCache(),
  ) {
    this.desc = stackOf(file, ws);
    this.prefixes = ws.stacks.flatMap((s) => [`${s.name}/`, ...(s.displayName ? [`${s.displayName}/`] : [])]);
    if (this.desc.cdkMetadata) {
      for (const r of readCdkStackInfo(this.desc.displayName ?? this.desc.name, this.desc.cdkMetadata).resources) noteConstructPath(this.constructPaths, r.constructPath, r.logicalId);
    }
  }

  whole(parse: ParseResult, start = false): Analysis {
    let run: MergedRun | null = null;
    const wa = analyzeParsedInWorkspace(this.file, parse, this.wsFor(parse.text), this.options, this.cache, (r) => (run = r));
    // Only a text the units may start from sets the baseline: not a broken text (the units keep the last
    // clean one), nor an answer asked for on the side.
    if (start && !parseHasSyntaxError(parse)) this.baseline = run ? baselineOf(run, namedStacks(this.ws, [parse.text])) : null;
    return wa;
  }

  refuse(s: State): string | undefined {
    const b = this.baseline;
    if (!b) return 'the last whole analysis took the single-template path';
    if (!this.desc.cdkMetadata && !reachesOut(s.text, this.ws, [])) return 'the text no longer reaches another stack';
    if (namedStacks(this.ws, [s.text]).join('\n') !== b.named.join('\n')) return 'the stacks the text names changed';
    return undefined;
  }

  role(unit: Unit, s: State): string {
    const anchor = this.anchor(s);
    return unit.chunks.some((c) => c.id === anchor) ? 'context' : 'alone';
  }

  joins(s: State, results: readonly UnitResult[]): Map<string, string> {
    const anchor = this.anchor(s);
    const out = new Map<string, Set<string>>();
    const add = (holder: string, ids: Iterable<string>) => {
      let set = out.get(holder);
      if (!set) out.set(holder, (set = new Set()));
      for (const id of ids) set.add(id);
    };
    const paths = this.chunkConstructPaths(s);
    const reaching = (holder: string, names: readonly string[]) => {
      for (const name of names) if (this.namesStack(name, s)) add(holder, [anchor, ...this.standsFor(name, s, paths)]);
    };
    for (const c of s.chunks) {
      if (reachesOutText(c.text)) add(`c:${c.id}`, [anchor]);
      reaching(`c:${c.id}`, c.names);
    }
    s.globals.flowNames.forEach((names, k) => reaching(`f:${k}`, names));
    for (const r of results) if (r.needs?.length) add(`c:${anchor}`, r.needs);
    const joined = new Map<string, string>();
    for (const [holder, ids] of out) {
      ids.delete(holder.slice(2));
      if (ids.size > 0) joined.set(holder, [...ids].join('\n'));
    }
    return joined;
  }

  unit(unit: Unit, tree: ParseResult, s: State, ids: ResourceIds): UnitAnswer {
    const b = this.baseline;
    const context = this.role(unit, s) === 'context';
    const nothing: UnitAnswer = { analysis: { parse: tree, isTemplate: true, resolved: null, model: null, flows: [], findings: [], problems: [] }, ok: false };
    if (!b) return nothing;
    const run = runMerged(this.file, this.desc, tree, '', this.wsFor(s.text), this.options, {
      cache: this.cache,
      named: b.named,
      reach: context,
      allResourceIds: ids.list,
      logicalIds: [...ids.logical, ...b.contextIds],
    });
    if (!run) return nothing;
    let ok = context ? sameView(run, b) : !run.set.linked;
    let why = ok ? undefined : context ? 'the stacks the context unit reaches differ from the last whole analysis' : 'a unit that reaches no stack asks another stack for a value';
    const mine = new Set(unit.chunks.map((c) => c.id));
    const findings: Finding[] = [];
    for (const f of run.analysis.findings) {
      const wf = workspaceFinding(f, run);
      if (!wf) continue;
      // The stack fields of a resource outside the unit are the whole template's to give.
      if (f.resource !== undefined && ids.set.has(f.resource) && !mine.has(f.resource)) {
        ok = false;
        why = `a finding of the unit is about ${f.resource}, outside it`;
      }
      findings.push(wf);
    }
    const analysis: Analysis = { ...run.analysis, findings, problems: run.analysis.problems.filter((p) => baseOf(p.range.start) === 0) };
    if (!context) return { analysis, ok, ...(why ? { why } : {}) };
    const anchor = this.anchor(s);
    return {
      analysis,
      ok,
      ...(why ? { why } : {}),
      needs: contextNeeds(run, ids.set, mine),
      anchorOf: (id) => (mine.has(id) ? id : id.includes('/') ? anchor : null),
    };
  }

  finish(result: LiveResult, _s: State): LiveResult {
    const b = this.baseline!;
    const file = this.file;
    const locate = (range: Range): { file: string; range: Range } => {
      const base = baseOf(range.start);
      return base === 0 ? { file, range } : { file: b.fileOfBase.get(base) ?? file, range: shiftRange(range, -base) };
    };
    const own = this.desc.name;
    const at = { locate, stackOf: (id: string) => b.stackOfId.get(id) ?? own };
    const findings = sortFindings(result.findings.map((f) => locateFinding(f as WorkspaceFinding, locate, file)));
    let flows: FlowResult[] | undefined;
    return {
      text: result.text,
      isTemplate: result.isTemplate,
      syntaxError: result.syntaxError,
      parseProblems: result.parseProblems,
      findings,
      outline: result.outline,
      get resources() {
        return result.resources;
      },
      flows: () => (flows ??= result.flows().map((fr) => ({ ...fr, trace: locateTrace(at, fr.trace) }))),
      implied: () => result.implied(),
      full: () => result.full(),
      ready: () => result.ready(),
    };
  }

  /** The workspace with this document's current text (a template may name itself as a nested stack). */
  private wsFor(text: string): WorkspaceInput {
    const own = this.ws.files.get(this.file);
    if (!own || ('text' in own && own.text === text)) return this.ws;
    const files = new Map(this.ws.files);
    files.set(this.file, { text });
    return { stacks: this.ws.stacks, files };
  }

  /** The chunk the context unit is built around: the first that reaches out, else the first. */
  private anchor(s: State): string {
    let a = this.anchors.get(s);
    if (a === undefined) {
      a = (s.chunks.find((c) => reachesOutText(c.text)) ?? s.chunks[0]).id;
      this.anchors.set(s, a);
    }
    return a;
  }

  /** A name of another stack's element: `network/X`, a construct path, `app/Web`, or a nested stack's `Services/Worker`. */
  private namesStack(name: string, s: State): boolean {
    const slash = name.indexOf('/');
    return slash > 0 && (s.ids.set.has(name.slice(0, slash)) || this.prefixes.some((p) => name.startsWith(p)));
  }

  /** The resources of this template a name such as `app/Web` or a construct path may stand for (all candidates). */
  private standsFor(name: string, s: State, paths: Map<string, string[]>): string[] {
    const out: string[] = [];
    const own = `${this.desc.name}/`;
    if (name.startsWith(own) && s.ids.set.has(name.slice(own.length))) out.push(name.slice(own.length));
    for (const id of this.constructPaths.get(name) ?? []) if (s.ids.set.has(id)) out.push(id);
    for (const id of paths.get(name) ?? []) out.push(id);
    return out;
  }

  /** `aws:cdk:path` metadata of the chunks (the CDK CLI writes it into every resource), by path and short path. */
  private chunkConstructPaths(s: State): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const c of s.chunks) {
      if (!c.text.includes('aws:cdk:path')) continue;
      const cp = get(get(c.entry.value, 'Metadata'), 'aws:cdk:path');
      if (cp?.kind === 'scalar' && typeof cp.value === 'string') noteConstructPath(out, cp.value, c.id);
    }
    return out;
  }
}

function noteConstructPath(map: Map<string, string[]>, cp: string, id: string): void {
  for (const key of new Set([cp, cp.replace(/\/(Resource|Default)$/, '')])) {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  }
}

/** Text that asks another stack for a value: an import, or a nested stack. */
function reachesOutText(text: string): boolean {
  return text.includes('ImportValue') || text.includes('AWS::CloudFormation::Stack');
}

function baselineOf(run: MergedRun, named: string[]): Baseline {
  const fileOfBase = new Map<number, string>();
  for (const [f, base] of run.set.fileBases()) fileOfBase.set(base, f);
  return {
    included: run.included.map((r) => r.name),
    bases: basesOf(run),
    fileOfBase,
    contextIds: contextIdsOf(run),
    named,
    stackOfId: run.merged.stackOfId,
  };
}

function basesOf(run: MergedRun): string {
  return [...run.set.fileBases()].map(([f, b]) => `${f}@${b}`).join('\n');
}

/** The other stacks' model ids in the order the whole model lists them (present resources, then absent ones). */
function contextIdsOf(run: MergedRun): string[] {
  const r = run.merged.resolved;
  return [...[...r.resources.keys()].filter((id) => id.includes('/')), ...[...r.absentResources.keys()].filter((id) => id.includes('/'))];
}

/** The context unit merged in what the whole text merged in, at the same places. */
function sameView(run: MergedRun, b: Baseline): boolean {
  return (
    run.included.map((r) => r.name).join('\n') === b.included.join('\n') &&
    basesOf(run) === b.bases &&
    contextIdsOf(run).join('\n') === b.contextIds.join('\n')
  );
}

/** Resources of this template outside the unit that the other stacks' resources refer to (a nested stack's parameters). */
function contextNeeds(run: MergedRun, all: Set<string>, mine: Set<string>): string[] {
  const out = new Set<string>();
  for (const [id, r] of run.merged.resolved.resources) {
    if (!id.includes('/')) continue;
    for (const ref of bareRefs(r.properties)) if (all.has(ref) && !mine.has(ref)) out.add(ref);
  }
  return [...out];
}

/** The references without a stack prefix in a value (names of the analysed template), kept per value. */
const bareRefsOf = new WeakMap<RValue, string[]>();

function bareRefs(value: RValue): string[] {
  let refs = bareRefsOf.get(value);
  if (!refs) {
    const found = new Set<string>();
    const visit = (v: RValue): void => {
      if (v.kind === 'ref') {
        if (!v.resource.includes('/')) found.add(v.resource);
      } else if (v.kind === 'list') v.items.forEach(visit);
      else if (v.kind === 'map') for (const x of v.entries.values()) visit(x);
    };
    visit(value);
    bareRefsOf.set(value, (refs = [...found]));
  }
  return refs;
}

