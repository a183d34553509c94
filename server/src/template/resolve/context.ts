// The state one resolution run shares between its parts: the template's sections, the problems found
// so far, and the memo tables that keep the run linear (each parameter, condition and resource is
// resolved once, whatever the number of references to it).
import type { LEntry, LMap, LNode, ParseResult, Problem, Range, Severity } from '../located';
import { MAX_PROBLEMS } from '../limits';
import type { ConditionState, ResolvedParameter, ResolvedResource, ResolveOptions, RUnknown, RValue, UnknownCode } from '../values';

/** Bounds that keep hostile input (deep nesting, huge Join/Split results) from exhausting memory or stack. */
export const LIMITS = {
  /** Longest string an intrinsic may produce (1 MiB of UTF-16 code units). */
  maxString: 1 << 20,
  /** Longest list an intrinsic may produce. */
  maxList: 100_000,
  /** Deepest nesting of nodes the evaluator follows. */
  maxDepth: 256,
};

/** AWS::NoValue: removes the property, list item or map entry it stands in. Never stored in a result. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolved = RValue | typeof NO_VALUE;

export interface ResourceDecl {
  id: string;
  entry: LEntry;
  /** The resource's map; undefined when the entry is not a map (a problem was reported). */
  map: LMap | undefined;
  type: string | undefined;
  typeRange: Range;
  conditionName?: string;
  conditionRange?: Range;
}

export interface Ctx {
  parse: ParseResult;
  options: ResolveOptions;
  problems: Problem[];
  problemKeys: Set<string>;
  paramDecls: Map<string, LEntry>;
  params: Map<string, ResolvedParameter>;
  mappings: LMap | undefined;
  conditionDecls: Map<string, LEntry>;
  conditions: Map<string, ConditionState>;
  /** Why an unknown condition is unknown (for the reason of Fn::If values). */
  conditionReasons: Map<string, string>;
  /** Conditions found to be part of a cycle: their state is unknown. */
  conditionsInCycle: Set<string>;
  /** Conditions being evaluated right now, in order: a repeat is a cycle. */
  conditionStack: string[];
  resourceDecls: Map<string, ResourceDecl>;
  /** Resources whose Condition is false. */
  absent: Set<string>;
  resolved: Map<string, ResolvedResource>;
  /** Resources being resolved right now (defensive cycle guard for GetAtt). */
  resolving: Set<string>;
  /** For resources in a dependency cycle: the cycle's id (members share it). */
  cycleOf: Map<string, number>;
  /** The resource whose Properties/Metadata are being resolved, if any. */
  current: string | undefined;
  depth: number;
  /** How many "did you mean" searches may still run (each is linear in the number of names). */
  suggestionBudget: number;
  /** Resolves a resource's Properties on demand (set by the entry point, used by GetAtt). */
  resolveResource: (id: string) => ResolvedResource | undefined;
}

export function report(ctx: Ctx, code: string, message: string, range: Range, severity: Severity = 'error'): void {
  // The same reference can be evaluated from several places (e.g. Outputs and Properties); report it once.
  const key = `${code}\u0000${range.start}\u0000${range.end}\u0000${message}`;
  if (ctx.problemKeys.has(key)) return;
  ctx.problemKeys.add(key);
  // A file with thousands of broken references should not flood the editor (same bound as the parser).
  if (ctx.problemKeys.size > MAX_PROBLEMS) {
    if (ctx.problemKeys.size === MAX_PROBLEMS + 1) {
      ctx.problems.push({ code: 'TOO_MANY_PROBLEMS', message: `More than ${MAX_PROBLEMS} problems while resolving; the rest are not reported.`, range, severity: 'info' });
    }
    return;
  }
  ctx.problems.push({ code, message, range, severity });
}

export function unknown(code: UnknownCode, reason: string, range: Range, origin?: Range): RUnknown {
  const u: RUnknown = { kind: 'unknown', code, reason, range };
  if (origin && (origin.start !== range.start || origin.end !== range.end)) u.origin = origin;
  return u;
}

/** An unknown that inherits its cause from `inner` but is produced at `range` (by an enclosing intrinsic). */
export function carry(inner: RUnknown, range: Range): RUnknown {
  return unknown(inner.code, inner.reason, range, inner.origin ?? inner.range);
}

/**
 * The value `v`, as produced at `range` (Ref / GetAtt / FindInMap / Sub hand on a value declared
 * elsewhere). An unknown handed on this way is written at `range`: the `!Ref DbPort` in the resource,
 * not the parameter's declaration, so its origin is dropped.
 */
export function atRange(v: RValue, range: Range): RValue {
  switch (v.kind) {
    case 'unknown':
      return unknown(v.code, v.reason, range);
    case 'list':
      return { ...v, range, items: v.items.map((i) => (i.kind === 'list' || i.kind === 'map' ? i : atRange(i, range))) };
    default:
      return { ...v, range };
  }
}

export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

export function nodeDesc(n: LNode): string {
  if (n.kind === 'map') return 'a map';
  if (n.kind === 'seq') return 'a list';
  if (n.value === null) return 'null';
  return `${typeof n.value} ${JSON.stringify(n.value)}`;
}
