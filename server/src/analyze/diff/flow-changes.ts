// The reachability diff: which flows (declared or implied) a change of template moved, and where. Two
// analyses in, the flows whose verdict or path differ out, each with the first hop that changed. Paths
// are compared hop by hop on what decides (element, direction, decision, code, rule), never on offsets,
// which every edit above a resource shifts. A path ends at its first drop: the hops the walk visits after
// it (to find further blockers) are no packet's path; for a flow expected reachable, a change in those
// further blockers is still a change (fixing one blocker no longer suffices, or now does). Pure.
import type { FlowChange, FlowOutcome, Hop, TraceResult } from '../../../../shared/protocol';
import type { Analysis } from '../types';

/** A flow as the diff sees it: its name, whether the template implies it rather than declares it, its trace. */
export interface ComparableFlow {
  name: string;
  implied: boolean;
  expect: 'reachable' | 'blocked';
  trace: TraceResult;
}

/** The flows of an analysis worth comparing: every declared flow that was traced, and the implied ones. */
export function comparableFlows(analysis: Analysis | null): ComparableFlow[] {
  if (!analysis) return [];
  return analysis.flows.map((r) => ({ name: r.flow.name, implied: r.implied === true, expect: r.flow.expect, trace: r.trace }));
}

function outcome(t: TraceResult): FlowOutcome {
  const b = t.blockedAt;
  return { verdict: t.verdict, blockedAt: b ? { resource: b.resource, direction: b.direction, code: b.code, message: b.message } : null };
}

function hopKey(h: Hop): string {
  return [h.direction, h.resource, h.element ?? '', h.side ?? '', h.decision, h.code, h.rule].join('\u0000');
}

function describeHop(h: Hop): string {
  const what = h.element ? `${h.resource} (${h.element})` : h.resource;
  const rule = h.rule ? `: ${h.rule}` : '';
  return `${what} ${h.decision}${h.code ? ` [${h.code}]` : ''}${rule}`;
}

/** The hops a packet really takes: up to and including the first drop. */
export function pathOf(hops: readonly Hop[]): readonly Hop[] {
  const drop = hops.findIndex((h) => h.decision === 'drop');
  return drop < 0 ? hops : hops.slice(0, drop + 1);
}

function blockerKeys(t: TraceResult): string {
  return t.blockers.map((b) => [b.direction, b.resource, b.element ?? '', b.side ?? '', b.subnet ?? '', b.code].join('\u0000')).sort().join('\u0001');
}

/** What changed in the further blockers of a flow expected reachable, in words; null when nothing did. */
function blockersChange(before: TraceResult, after: TraceResult): string | null {
  if (blockerKeys(before) === blockerKeys(after)) return null;
  const key = (b: TraceResult['blockers'][number]) => `${b.resource} (${b.direction}, ${b.code})`;
  const was = new Set(before.blockers.map(key));
  const now = new Set(after.blockers.map(key));
  const gone = [...was].filter((k) => !now.has(k));
  const added = [...now].filter((k) => !was.has(k));
  const parts = [...(added.length ? [`now also blocked at ${added.join(', ')}`] : []), ...(gone.length ? [`no longer blocked at ${gone.join(', ')}`] : [])];
  return parts.length ? `further blockers: ${parts.join('; ')}` : null;
}

/** The first hop at which two paths part, in words; null when the paths are the same. */
export function firstChangedHop(before: readonly Hop[], after: readonly Hop[]): string | null {
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const a = before[i];
    const b = after[i];
    if (a && b && hopKey(a) === hopKey(b)) continue;
    const where = `${(b ?? a)!.direction} hop ${countInDirection(b ? after : before, i)}`;
    if (a && b) return `${where}: was ${describeHop(a)}, now ${describeHop(b)}`;
    if (b) return `${where}: new ${describeHop(b)}`;
    return `${where}: no longer ${describeHop(a!)}`;
  }
  return null;
}

/** The 1-based number of hop `i` among the hops of its direction (traces list forward hops, then return). */
function countInDirection(hops: readonly Hop[], i: number): number {
  const dir = hops[i]!.direction;
  let n = 0;
  for (let k = 0; k <= i; k++) if (hops[k]!.direction === dir) n++;
  return n;
}

/**
 * The flows whose verdict or path differ, in the order of the newer side (then the flows only the older side
 * has). Flows are matched by name: a declared and an implied flow never match each other.
 */
export function flowChanges(before: readonly ComparableFlow[], after: readonly ComparableFlow[]): FlowChange[] {
  const key = (f: ComparableFlow) => `${f.implied ? 'implied' : 'declared'}\u0000${f.name}`;
  const old = new Map(before.map((f) => [key(f), f]));
  const seen = new Set<string>();
  const out: FlowChange[] = [];
  for (const f of after) {
    const k = key(f);
    seen.add(k);
    const o = old.get(k);
    if (!o) {
      out.push({ name: f.name, implied: f.implied, expect: f.expect, before: null, after: outcome(f.trace), changedHop: null });
      continue;
    }
    const changedHop =
      firstChangedHop(pathOf(o.trace.hops), pathOf(f.trace.hops)) ?? (f.expect === 'reachable' ? blockersChange(o.trace, f.trace) : null);
    if (o.trace.verdict === f.trace.verdict && changedHop === null) continue;
    out.push({ name: f.name, implied: f.implied, expect: f.expect, before: outcome(o.trace), after: outcome(f.trace), changedHop });
  }
  for (const o of before) {
    if (seen.has(key(o))) continue;
    out.push({ name: o.name, implied: o.implied, expect: o.expect, before: outcome(o.trace), after: null, changedHop: null });
  }
  return out;
}

/** A flow that went from reachable to blocked: something that worked stops working. */
export function isBreakage(c: FlowChange): boolean {
  return c.before?.verdict === 'reachable' && c.after?.verdict === 'blocked';
}

/** A flow that went from blocked to reachable: something that was closed opens. */
export function isExposure(c: FlowChange): boolean {
  return c.before?.verdict === 'blocked' && c.after?.verdict === 'reachable';
}

/** Whether the flow now does what it is expected to do where it did not before (a repair), or the reverse. */
export function towardsExpectation(c: FlowChange): 'repaired' | 'broken' | null {
  const met = (o: FlowChange['before']) => o !== null && o.verdict === c.expect;
  if (c.before === null || c.after === null) return null;
  if (!met(c.before) && met(c.after)) return 'repaired';
  if (met(c.before) && !met(c.after)) return 'broken';
  return null;
}
