// Conditions: Fn::Equals / And / Or / Not / Condition, each named condition evaluated once (memoized)
// to 'true' | 'false' | 'unknown'. Fn::Equals compares as CloudFormation does: as strings after
// resolution, so `true` equals "true" and 1 equals "1".
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html
import type { LMap, LNode, Range } from '../located';
import type { ConditionState, RValue } from '../values';
import { type Ctx, nodeDesc, report } from './context';
import { evaluateValue } from './evaluate';
import { argList } from './functions';
import { firstUnknown, sameValue } from './scalar';
import { didYouMean } from './suggest';

export interface CondResult {
  state: ConditionState;
  /** Why the state is unknown (empty otherwise). */
  reason: string;
}

const TRUE: CondResult = { state: 'true', reason: '' };
const FALSE: CondResult = { state: 'false', reason: '' };

/** The state of a named condition; `refRange` is where it is referenced (for undefined names and cycles). */
export function conditionState(ctx: Ctx, name: string, refRange: Range): CondResult {
  const known = ctx.conditions.get(name);
  if (known !== undefined) return { state: known, reason: ctx.conditionReasons.get(name) ?? '' };
  const decl = ctx.conditionDecls.get(name);
  if (!decl) {
    const hint = ctx.suggestionBudget-- > 0 ? didYouMean(name, ctx.conditionDecls.keys()) : '';
    report(ctx, 'UNDEFINED_REFERENCE', `condition ${name} is not defined in Conditions${hint}`, refRange);
    return { state: 'unknown', reason: `condition ${name} is not defined` };
  }
  const at = ctx.conditionStack.indexOf(name);
  if (at >= 0) {
    const members = [...ctx.conditionStack.slice(at), name];
    report(ctx, 'CIRCULAR_DEPENDENCY', `conditions depend on each other in a cycle: ${members.join(' -> ')}`, refRange);
    for (const m of ctx.conditionStack.slice(at)) ctx.conditionsInCycle.add(m);
    return { state: 'unknown', reason: `conditions ${members.join(' -> ')} form a cycle` };
  }
  ctx.conditionStack.push(name);
  let r: CondResult;
  try {
    r = evaluateCondition(ctx, decl.value);
  } finally {
    ctx.conditionStack.pop();
  }
  if (ctx.conditionsInCycle.has(name)) r = { state: 'unknown', reason: `condition ${name} is part of a circular dependency` };
  ctx.conditions.set(name, r.state);
  if (r.reason) ctx.conditionReasons.set(name, r.reason);
  return r;
}

/** A condition expression: a condition function, a `Condition` reference, or (leniently) a boolean. */
export function evaluateCondition(ctx: Ctx, node: LNode): CondResult {
  if (node.kind === 'map' && node.entries.length === 1) {
    const e = node.entries[0];
    if (e.key === 'Condition') {
      if (e.value.kind !== 'scalar' || typeof e.value.value !== 'string') {
        report(ctx, 'INTRINSIC_INVALID', `Condition takes a condition name, found ${nodeDesc(e.value)}`, e.value.range);
        return { state: 'unknown', reason: 'invalid Condition reference' };
      }
      return conditionState(ctx, e.value.value, e.value.range);
    }
    if (e.key === 'Fn::Equals' || e.key === 'Fn::And' || e.key === 'Fn::Or' || e.key === 'Fn::Not') return evaluateConditionFunction(ctx, node);
  }
  const v = evaluateValue(ctx, node, 'a condition');
  return fromValue(ctx, v, node);
}

function fromValue(ctx: Ctx, v: RValue, node: LNode): CondResult {
  if (v.kind === 'unknown') return { state: 'unknown', reason: v.reason };
  if (v.kind === 'bool') return v.value ? TRUE : FALSE;
  if (v.kind === 'str' && (v.value === 'true' || v.value === 'false')) return v.value === 'true' ? TRUE : FALSE;
  report(ctx, 'INTRINSIC_INVALID', `a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition, found ${nodeDesc(node)}`, node.range);
  return { state: 'unknown', reason: 'invalid condition' };
}

export function evaluateConditionFunction(ctx: Ctx, whole: LMap): CondResult {
  const e = whole.entries[0];
  const name = e.key;
  switch (name) {
    case 'Fn::Equals': {
      const args = argList(ctx, name, e.value, 2, 2, '[value1, value2]', e.keyRange);
      if (!args) return { state: 'unknown', reason: 'invalid Fn::Equals' };
      const a = evaluateValue(ctx, args[0], 'a value to compare');
      const b = evaluateValue(ctx, args[1], 'a value to compare');
      const ua = firstUnknown(a) ?? firstUnknown(b);
      if (ua) return { state: 'unknown', reason: ua.reason };
      if (a.kind === 'ref' || b.kind === 'ref') {
        // A physical ID is only known at deploy; only the same identity is surely equal.
        if (a.kind === 'ref' && b.kind === 'ref' && sameValue(a, b)) return TRUE;
        const r = a.kind === 'ref' ? a : b.kind === 'ref' ? b : undefined;
        return { state: 'unknown', reason: `compares the physical ID of ${r?.resource ?? 'a resource'}, assigned at deploy` };
      }
      return sameValue(a, b) ? TRUE : FALSE;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const args = argList(ctx, name, e.value, 2, 10, '[condition, …]', e.keyRange);
      if (!args) return { state: 'unknown', reason: `invalid ${name}` };
      const decisive = name === 'Fn::And' ? 'false' : 'true';
      let unknownReason = '';
      let decided = false;
      for (const a of args) {
        // Evaluate every operand (for problems and cycles), then combine.
        const r = evaluateCondition(ctx, a);
        if (r.state === decisive) decided = true;
        else if (r.state === 'unknown' && !unknownReason) unknownReason = r.reason;
      }
      if (decided) return decisive === 'true' ? TRUE : FALSE;
      if (unknownReason) return { state: 'unknown', reason: unknownReason };
      return decisive === 'true' ? FALSE : TRUE;
    }
    case 'Fn::Not': {
      const args = argList(ctx, name, e.value, 1, 1, '[condition]', e.keyRange);
      if (!args) return { state: 'unknown', reason: 'invalid Fn::Not' };
      const r = evaluateCondition(ctx, args[0]);
      if (r.state === 'unknown') return r;
      return r.state === 'true' ? FALSE : TRUE;
    }
    default:
      return { state: 'unknown', reason: `${name} is not a condition function` };
  }
}
