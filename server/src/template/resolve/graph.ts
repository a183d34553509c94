// The dependency graph between resources (Ref, Fn::GetAtt, Fn::Sub, DependsOn), as CloudFormation
// builds it to order creation. A cycle is a template error: reported once per cycle, on the
// reference that closes it, and every reference inside the cycle resolves to an unknown `cycle`.
// The graph also gives a dependencies-first order, so resolving resources in it needs no deep recursion.
import type { LNode, Range } from '../located';
import { get } from '../located';
import { type Ctx, report } from './context';
import { subReferences } from './sub';
import { undefinedName } from './refs';

interface Edge {
  to: string;
  range: Range;
}

export interface Graph {
  /** Resource ids, dependencies before dependents (cycle members together). */
  order: string[];
}

export function buildGraph(ctx: Ctx, ids: string[]): Graph {
  const edges = new Map<string, Edge[]>();
  for (const id of ids) {
    const decl = ctx.resourceDecls.get(id)!;
    const out: Edge[] = [];
    if (decl.map && !ctx.absent.has(id)) {
      const props = get(decl.map, 'Properties');
      if (props) collect(ctx, props, out, 0);
      // Metadata is left out: packetwalk's flow declarations there may name the resource itself, and a
      // false cycle would be worse than a missed one (CloudFormation reports real ones at deploy).
      const dep = get(decl.map, 'DependsOn');
      if (dep) {
        const items = dep.kind === 'seq' ? dep.items : [dep];
        for (const d of items) {
          if (d.kind !== 'scalar' || typeof d.value !== 'string') {
            report(ctx, 'INTRINSIC_INVALID', 'DependsOn takes a logical ID or a list of them', d.range);
            continue;
          }
          if (!ctx.resourceDecls.has(d.value)) {
            undefinedName(ctx, d.value, d.range, d.range);
            continue;
          }
          if (ctx.absent.has(d.value) && !ctx.absent.has(id)) {
            const cond = ctx.resourceDecls.get(d.value)?.conditionName ?? '';
            report(ctx, 'REFERENCE_TO_ABSENT_RESOURCE', `DependsOn ${d.value}, which is not created: its condition ${cond} is false`, d.range);
            continue;
          }
          out.push({ to: d.value, range: d.range });
        }
      }
    }
    edges.set(
      id,
      out.filter((e) => ctx.resourceDecls.has(e.to) && !ctx.absent.has(e.to)),
    );
  }
  const sccs = tarjan(ids, edges);
  const declIndex = new Map(ids.map((id, i) => [id, i]));
  let cycleId = 0;
  for (const scc of sccs) {
    const members = new Set(scc);
    const selfLoop = scc.length === 1 && (edges.get(scc[0]) ?? []).some((e) => e.to === scc[0]);
    if (scc.length === 1 && !selfLoop) continue;
    cycleId++;
    for (const m of scc) ctx.cycleOf.set(m, cycleId);
    // The reference that closes the cycle: the first one (in template order) from a member to a member declared no later.
    const sorted = [...scc].sort((a, b) => declIndex.get(a)! - declIndex.get(b)!);
    let closing: Edge | undefined;
    for (const m of sorted) {
      closing = (edges.get(m) ?? []).find((e) => members.has(e.to) && declIndex.get(e.to)! <= declIndex.get(m)!);
      if (closing) break;
    }
    const range = closing?.range ?? ctx.resourceDecls.get(sorted[0])!.entry.keyRange;
    report(ctx, 'CIRCULAR_DEPENDENCY', `circular dependency between resources: ${sorted.join(', ')}`, range);
  }
  return { order: sccs.flat() };
}

/** Resource references in a located subtree; untaken Fn::If branches (condition decided) are skipped. */
function collect(ctx: Ctx, node: LNode, out: Edge[], depth: number): void {
  if (depth > 256) return;
  if (node.kind === 'seq') {
    for (const i of node.items) collect(ctx, i, out, depth + 1);
    return;
  }
  if (node.kind !== 'map') return;
  if (node.entries.length === 1) {
    const { key, value } = node.entries[0];
    if (key === 'Ref' && value.kind === 'scalar' && typeof value.value === 'string') {
      out.push({ to: value.value, range: node.range });
      return;
    }
    if (key === 'Fn::GetAtt') {
      const r = value.kind === 'seq' ? value.items[0] : value;
      if (r && r.kind === 'scalar' && typeof r.value === 'string') out.push({ to: r.value.split('.')[0], range: node.range });
      if (value.kind === 'seq') for (const i of value.items.slice(1)) collect(ctx, i, out, depth + 1);
      return;
    }
    if (key === 'Fn::Sub') {
      const s = value.kind === 'seq' ? value.items[0] : value;
      const vars = new Set<string>();
      if (value.kind === 'seq' && value.items[1]?.kind === 'map') {
        for (const e of value.items[1].entries) {
          vars.add(e.key);
          collect(ctx, e.value, out, depth + 1);
        }
      }
      if (s && s.kind === 'scalar' && typeof s.value === 'string') for (const n of subReferences(s.value, vars)) out.push({ to: n, range: node.range });
      return;
    }
    if (key === 'Fn::If' && value.kind === 'seq' && value.items.length === 3) {
      const c = value.items[0];
      const st = c.kind === 'scalar' && typeof c.value === 'string' ? ctx.conditions.get(c.value) : undefined;
      if (st !== 'false') collect(ctx, value.items[1], out, depth + 1);
      if (st !== 'true') collect(ctx, value.items[2], out, depth + 1);
      return;
    }
  }
  for (const e of node.entries) collect(ctx, e.value, out, depth + 1);
}

/** Tarjan's strongly connected components, iteratively; components come out dependencies first. */
function tarjan(ids: string[], edges: Map<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const es = edges.get(top.id) ?? [];
      if (top.i < es.length) {
        const to = es[top.i++].to;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(top.id, Math.min(low.get(top.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) === index.get(top.id)) {
        const comp: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          comp.push(m);
        } while (m !== top.id);
        out.push(comp);
      }
    }
  }
  return out;
}
