// Resolution: the located tree of a CloudFormation template → resolved values (parameters,
// conditions and intrinsic functions applied). Never throws; what the template alone cannot decide is
// an explicit unknown with its reason, listed in `unknowns` when it sits inside a resource's Properties.
// The parts live in ./resolve/: parameters, conditions, the evaluator and one handler per intrinsic,
// the GetAtt attribute table, and the resource dependency graph (cycles, resolution order).
import type { LEntry, LMap, LNode, ParseResult, Range } from './located';
import { get } from './located';
import type { ResolvedOutput, ResolvedResource, ResolvedTemplate, ResolveOptions, RMap, RValue, UnknownRecord } from './values';
import { isCloudFormationTemplate } from './detect';
import { type Ctx, type ResourceDecl, NO_VALUE, nodeDesc, report } from './resolve/context';
import { evaluate } from './resolve/evaluate';
import { resolveParameters } from './resolve/parameters';
import { conditionState } from './resolve/conditions';
import { buildGraph } from './resolve/graph';
import { collectUnknowns } from './resolve/unknowns';
import { type Expansion, expandLoops, hasForEach, newExpansion } from './resolve/foreach';

const SECTIONS_THAT_ARE_MAPS = ['Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs', 'Metadata', 'Rules'];
const EMPTY: Range = { start: 0, end: 0 };

export function resolveTemplate(parse: ParseResult, options: ResolveOptions = {}): ResolvedTemplate {
  const out: ResolvedTemplate = {
    format: parse.format,
    isTemplate: false,
    resources: new Map(),
    absentResources: new Map(),
    parameters: new Map(),
    conditions: new Map(),
    unknowns: [],
    problems: [],
  };
  try {
    resolveInto(parse, options, out);
  } catch (e) {
    // A bug must not take the editor down: report it as a problem and keep what was resolved.
    out.problems.push({ code: 'RESOLVE_INTERNAL_ERROR', message: `internal error while resolving: ${(e as Error)?.message ?? e}`, range: EMPTY, severity: 'error' });
  }
  return out;
}

function resolveInto(parse: ParseResult, options: ResolveOptions, out: ResolvedTemplate): void {
  const parsedRoot = parse.root;
  out.isTemplate = isCloudFormationTemplate(parsedRoot);
  if (!parsedRoot || parsedRoot.kind !== 'map' || !out.isTemplate) return;
  let root: LMap = parsedRoot;

  const ctx: Ctx = {
    parse,
    options,
    problems: out.problems,
    problemKeys: new Set(),
    paramDecls: new Map(),
    params: out.parameters,
    mappings: undefined,
    conditionDecls: new Map(),
    conditions: out.conditions,
    conditionReasons: new Map(),
    conditionsInCycle: new Set(),
    conditionStack: [],
    resourceDecls: new Map(),
    absent: new Set(),
    resolved: out.resources,
    resolving: new Set(),
    cycleOf: new Map(),
    current: undefined,
    depth: 0,
    suggestionBudget: 200,
    resolveResource: () => undefined,
  };

  const section = (name: string): { node: LNode | undefined; keyRange: Range } => {
    const e = lastEntry(root, name);
    if (!e) return { node: undefined, keyRange: EMPTY };
    if (SECTIONS_THAT_ARE_MAPS.includes(name) && e.value.kind !== 'map' && !(e.value.kind === 'scalar' && e.value.value === null)) {
      report(ctx, 'SECTION_INVALID', `${name} must be a map, found ${nodeDesc(e.value)}`, e.value.range);
      return { node: undefined, keyRange: e.keyRange };
    }
    return { node: e.value.kind === 'map' ? e.value : undefined, keyRange: e.keyRange };
  };

  const params = section('Parameters');
  resolveParameters(ctx, params.node, params.keyRange);
  ctx.mappings = section('Mappings').node as LMap | undefined;
  const loops = newExpansion();
  root = expandForEach(ctx, root, loops, ['Conditions']);

  const conds = section('Conditions').node;
  if (conds && conds.kind === 'map') {
    for (const e of conds.entries) ctx.conditionDecls.set(e.key, e);
    for (const e of ctx.conditionDecls.values()) conditionState(ctx, e.key, e.keyRange);
  }

  root = expandForEach(ctx, root, loops, ['Resources', 'Outputs']);
  if (loops.unexpanded.length) out.unexpandedLoops = loops.unexpanded;
  checkLanguageExtensions(ctx, root, loops.met);
  const res = section('Resources');
  if (!res.node && get(root, 'Resources') === undefined) report(ctx, 'RESOURCES_MISSING', 'the template has no Resources section', EMPTY, 'warning');
  const ids = declareResources(ctx, res.node);
  const graph = buildGraph(ctx, ids);

  ctx.resolveResource = (id) => resolveResource(ctx, id, out);
  for (const id of graph.order) resolveResource(ctx, id, out);
  // Keep the template's order in the result, whatever order resolution took.
  const ordered = new Map<string, ResolvedResource>();
  for (const id of ids) {
    const r = out.resources.get(id);
    if (r) ordered.set(id, r);
  }
  out.resources = ordered;
  ctx.resolved = ordered;

  const meta = section('Metadata').node;
  if (meta) out.metadata = valueOf(evaluate(ctx, meta), meta.range);
  const globals = section('Globals').node;
  if (globals) out.globals = valueOf(evaluate(ctx, globals), globals.range);

  out.outputs = resolveOutputs(ctx, section('Outputs').node);

  const seen = new Set<string>();
  const unknowns: UnknownRecord[] = [];
  for (const r of out.resources.values()) collectUnknowns(r.id, r.properties, '', unknowns, seen);
  out.unknowns = unknowns;
}

/**
 * The root with the Fn::ForEach loops of Conditions, Resources and Outputs expanded (the
 * AWS::LanguageExtensions transform, see resolve/foreach.ts). Conditions first: a loop in Resources may
 * take its collection from an Fn::If. The parse tree itself is left as it is.
 */
function expandForEach(ctx: Ctx, root: LMap, x: Expansion, sections: string[]): LMap {
  // Each section entry is searched for loops once (the search covers every resource of a large template).
  let withLoops: Set<LEntry> | undefined;
  for (const e of root.entries) {
    if (sections.includes(e.key) && hasForEach(e.value)) (withLoops ??= new Set()).add(e);
  }
  // A loop in the last entry of a section (the one that counts) makes the sections' maps expand.
  const loops = withLoops;
  if (!loops || !sections.some((k) => loops.has(lastEntry(root, k)!))) return root;
  const entries = root.entries.map((e): LEntry => (loops.has(e) && e.value.kind === 'map' ? { ...e, value: expandLoops(ctx, x, e.value, e.key) } : e));
  return { kind: 'map', entries, range: root.range };
}

/** Loops need the AWS::LanguageExtensions transform: without it CloudFormation rejects the template. */
function checkLanguageExtensions(ctx: Ctx, root: LMap, met: boolean): void {
  if (!met) return;
  const transform = lastEntry(root, 'Transform');
  const names = transform ? (transform.value.kind === 'seq' ? transform.value.items : [transform.value]) : [];
  if (names.some((n) => n.kind === 'scalar' && n.value === 'AWS::LanguageExtensions')) return;
  const first = findLoopKey(ctx.parse.root ?? root);
  report(ctx, 'FOREACH_WITHOUT_TRANSFORM', 'Fn::ForEach needs `Transform: AWS::LanguageExtensions`: CloudFormation rejects this template as it is (the loops are expanded here anyway)', first ?? EMPTY, 'warning');
}

function findLoopKey(n: LNode, depth = 0): Range | undefined {
  if (depth > 256) return undefined;
  if (n.kind === 'seq') {
    for (const i of n.items) {
      const r = findLoopKey(i, depth + 1);
      if (r) return r;
    }
  }
  if (n.kind !== 'map') return undefined;
  for (const e of n.entries) {
    if (e.key.startsWith('Fn::ForEach::')) return e.keyRange;
    const r = findLoopKey(e.value, depth + 1);
    if (r) return r;
  }
  return undefined;
}

function lastEntry(map: LMap, key: string): LEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i];
  return undefined;
}

function valueOf(v: ReturnType<typeof evaluate>, range: Range): RValue {
  return v === NO_VALUE ? { kind: 'null', range } : v;
}

/** Reads each resource's Type and Condition; resources whose condition is false become absent. */
function declareResources(ctx: Ctx, section: LNode | undefined): string[] {
  const ids: string[] = [];
  if (!section || section.kind !== 'map') return ids;
  for (const entry of section.entries) {
    const id = entry.key;
    const decl: ResourceDecl = { id, entry, map: undefined, type: undefined, typeRange: entry.keyRange };
    if (ctx.resourceDecls.has(id)) ids.splice(ids.indexOf(id), 1);
    ctx.resourceDecls.set(id, decl);
    ids.push(id);
    if (entry.value.kind !== 'map') {
      report(ctx, 'RESOURCE_INVALID', `resource ${id} must be a map with a Type, found ${nodeDesc(entry.value)}`, entry.value.range);
      continue;
    }
    decl.map = entry.value;
    const typeEntry = lastEntry(entry.value, 'Type');
    if (!typeEntry || typeEntry.value.kind !== 'scalar' || typeof typeEntry.value.value !== 'string') {
      report(ctx, 'RESOURCE_NO_TYPE', `resource ${id} has no Type`, typeEntry ? typeEntry.value.range : entry.keyRange);
    } else {
      decl.type = typeEntry.value.value;
      decl.typeRange = typeEntry.value.range;
    }
    const condEntry = lastEntry(entry.value, 'Condition');
    if (condEntry) {
      const c = condEntry.value;
      if (c.kind !== 'scalar' || typeof c.value !== 'string') {
        report(ctx, 'INTRINSIC_INVALID', `the Condition of resource ${id} must be a condition name, found ${nodeDesc(c)}`, c.range);
      } else {
        decl.conditionName = c.value;
        decl.conditionRange = c.range;
        if (conditionState(ctx, c.value, c.range).state === 'false') ctx.absent.add(id);
      }
    }
  }
  return ids;
}

function resolveResource(ctx: Ctx, id: string, out: ResolvedTemplate): ResolvedResource | undefined {
  const done = out.resources.get(id);
  if (done) return done;
  const decl = ctx.resourceDecls.get(id);
  if (!decl || !decl.map || ctx.absent.has(id)) {
    if (decl && decl.map && ctx.absent.has(id) && !out.absentResources.has(id)) {
      out.absentResources.set(id, { type: decl.type ?? '', range: decl.map.range, conditionName: decl.conditionName ?? '' });
    }
    return undefined;
  }
  if (ctx.resolving.has(id)) return undefined;
  ctx.resolving.add(id);
  const outer = ctx.current;
  const outerDepth = ctx.depth;
  ctx.current = id;
  ctx.depth = 0;
  try {
    const map = decl.map;
    const propsNode = get(map, 'Properties');
    // The empty map is made only when Properties is not a map itself (its two Maps per resource add up).
    const empty = (): RMap => ({ kind: 'map', entries: new Map(), keyRanges: new Map(), range: propsNode?.range ?? map.range });
    let properties: RMap | undefined;
    if (propsNode && !(propsNode.kind === 'scalar' && propsNode.value === null)) {
      const v = evaluate(ctx, propsNode);
      if (v !== NO_VALUE && v.kind === 'map') properties = v;
      else if (v !== NO_VALUE && v.kind === 'unknown') {
        // The whole Properties map is undecided (an Fn::If on an unknown condition): keep it visible.
        properties = empty();
        properties.entries.set('(Properties)', v);
        properties.keyRanges.set('(Properties)', propsNode.range);
      } else if (v !== NO_VALUE) {
        report(ctx, 'PROPERTIES_INVALID', `the Properties of resource ${id} must be a map, found ${nodeDesc(propsNode)}`, propsNode.range);
      }
    }
    properties ??= empty();
    const metaNode = get(map, 'Metadata');
    const state = decl.conditionName ? ctx.conditions.get(decl.conditionName) : 'true';
    const r: ResolvedResource = {
      id,
      idRange: decl.entry.keyRange,
      type: decl.type ?? '',
      typeRange: decl.typeRange,
      range: map.range,
      condition: state === 'unknown' || state === undefined ? 'unknown' : 'true',
      properties,
      node: map,
    };
    if (decl.conditionName) r.conditionName = decl.conditionName;
    if (metaNode) r.metadata = valueOf(evaluate(ctx, metaNode), metaNode.range);
    out.resources.set(id, r);
    return r;
  } finally {
    ctx.current = outer;
    ctx.depth = outerDepth;
    ctx.resolving.delete(id);
  }
}

/** Outputs: their problems (undefined references, bad intrinsics), and values for other stacks to import. */
function resolveOutputs(ctx: Ctx, section: LNode | undefined): Map<string, ResolvedOutput> {
  const outputs = new Map<string, ResolvedOutput>();
  if (!section || section.kind !== 'map') return outputs;
  for (const e of section.entries) {
    if (e.value.kind !== 'map') {
      report(ctx, 'SECTION_INVALID', `output ${e.key} must be a map with a Value, found ${nodeDesc(e.value)}`, e.value.range);
      continue;
    }
    const cond = get(e.value, 'Condition');
    if (cond && cond.kind === 'scalar' && typeof cond.value === 'string' && conditionState(ctx, cond.value, cond.range).state === 'false') continue;
    const value = get(e.value, 'Value');
    const output: ResolvedOutput = { name: e.key, value: { kind: 'null', range: e.keyRange }, range: e.keyRange };
    if (!value) report(ctx, 'SECTION_INVALID', `output ${e.key} has no Value`, e.keyRange);
    else output.value = valueOf(evaluate(ctx, value), value.range);
    const exp = get(e.value, 'Export');
    if (exp) {
      const v = evaluate(ctx, exp);
      if (v !== NO_VALUE && v.kind === 'map') output.exportName = v.entries.get('Name');
    }
    outputs.set(e.key, output);
  }
  return outputs;
}

