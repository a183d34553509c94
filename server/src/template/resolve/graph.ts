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
  const selfLoops = new Set<string>(); // resources that reference themselves: a cycle of one
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
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
    // Edges to resources that are declared and created; the list is copied only when one is dropped.
    let kept = out;
    for (let k = 0; k < out.length; k++) {
      if (!ctx.resourceDecls.has(out[k].to) || ctx.absent.has(out[k].to)) {
        kept = out.filter((e) => ctx.resourceDecls.has(e.to) && !ctx.absent.has(e.to));
        break;
      }
    }
    edges.set(id, kept);
    for (let k = 0; k < kept.length; k++) {
      if (kept[k].to === id) {
        selfLoops.add(id);
        break;
      }
    }
  }
  const sccs = tarjan(ids, edges);
  // Built only when a cycle is found: almost every component is a single resource without a self-loop.
  let declIndex: Map<string, number> | undefined;
  let cycleId = 0;
  // Indexed loops over the components (one per resource): an iterator per component was garbage while cold.
  for (let c = 0; c < sccs.length; c++) {
    const scc = sccs[c];
    if (scc.length === 1 && !(selfLoops.size > 0 && selfLoops.has(scc[0]))) continue;
    declIndex ??= new Map(ids.map((id, i) => [id, i]));
    const members = new Set(scc);
    cycleId++;
    for (const m of scc) ctx.cycleOf.set(m, cycleId);
    // The reference that closes the cycle: the first one (in template order) from a member to a member declared no later.
    const position = declIndex;
    const sorted = [...scc].sort((a, b) => position.get(a)! - position.get(b)!);
    let closing: Edge | undefined;
    for (const m of sorted) {
      closing = (edges.get(m) ?? []).find((e) => members.has(e.to) && position.get(e.to)! <= position.get(m)!);
      if (closing) break;
    }
    const range = closing?.range ?? ctx.resourceDecls.get(sorted[0])!.entry.keyRange;
    report(ctx, 'CIRCULAR_DEPENDENCY', `circular dependency between resources: ${sorted.join(', ')}`, range);
  }
  const order: string[] = [];
  for (let c = 0; c < sccs.length; c++) {
    const scc = sccs[c];
    for (let k = 0; k < scc.length; k++) order.push(scc[k]);
  }
  return { order };
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
      if (r && r.kind === 'scalar' && typeof r.value === 'string') out.push({ to: beforeDot(r.value), range: node.range });
      if (value.kind === 'seq') for (let i = 1; i < value.items.length; i++) collect(ctx, value.items[i], out, depth + 1);
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

/** `Db.Endpoint.Address` → `Db` (what split('.')[0] gives, without the array). */
function beforeDot(s: string): string {
  const dot = s.indexOf('.');
  return dot < 0 ? s : s.slice(0, dot);
}

/**
 * Tarjan's strongly connected components, iteratively; components come out dependencies first.
 * Resources are numbered (`ids` first, then any other edge target) and the edges laid out in flat typed
 * arrays, so that the walk runs on numbers rather than string-keyed maps: it covers every resource.
 */
function tarjan(ids: string[], edges: Map<string, Edge[]>): string[][] {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const numberOf = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      n = names.length;
      numbers.set(id, n);
      names.push(id);
    }
    return n;
  };
  for (let k = 0; k < ids.length; k++) numberOf(ids[k]);
  // Edges of resource k are targets[first[k]] … targets[first[k + 1] - 1]; other targets have none.
  const first = new Int32Array(ids.length + 1);
  const targetList: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    first[k] = targetList.length;
    const out = edges.get(ids[k]);
    if (out) for (let j = 0; j < out.length; j++) targetList.push(numberOf(out[j].to));
  }
  first[ids.length] = targetList.length;
  const targets = Int32Array.from(targetList);
  const count = names.length;
  const index = new Int32Array(count).fill(-1); // visit number; -1 = not visited
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const out: string[][] = [];
  let next = 0;
  const workNode: number[] = [];
  const workEdge: number[] = []; // position in `targets` of the next edge to follow
  const edgeEnd = (v: number): number => (v < ids.length ? first[v + 1] : 0);
  const visit = (v: number): void => {
    index[v] = next;
    low[v] = next++;
    stack.push(v);
    onStack[v] = 1;
    workNode.push(v);
    workEdge.push(v < ids.length ? first[v] : 0);
  };
  for (let r = 0; r < ids.length; r++) {
    if (index[r] !== -1) continue;
    visit(r);
    while (workNode.length) {
      const top = workNode.length - 1;
      const v = workNode[top];
      if (workEdge[top] < edgeEnd(v)) {
        const to = targets[workEdge[top]++];
        if (index[to] === -1) visit(to);
        else if (onStack[to]) low[v] = Math.min(low[v], index[to]);
        continue;
      }
      workNode.pop();
      workEdge.pop();
      if (workNode.length) {
        const parent = workNode[workNode.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const comp: string[] = [];
        let m: number;
        do {
          m = stack.pop()!;
          onStack[m] = 0;
          comp.push(names[m]);
        } while (m !== v);
        out.push(comp);
      }
    }
  }
  return out;
}
