// The evaluator: turns a located node into a resolved value, applying intrinsic functions. Each node
// is visited once per evaluation; the only things that are shared between evaluations (parameters,
// conditions, other resources' properties) are memoized in the context, which keeps the work linear.
import type { LMap, LNode, Range } from '../located';
import type { RMap, RValue } from '../values';
import { type Ctx, LIMITS, NO_VALUE, type Resolved, isIntrinsicKey, report, unknown } from './context';
import { INTRINSICS } from './functions';
import { didYouMean } from './suggest';

export function evaluate(ctx: Ctx, node: LNode): Resolved {
  if (ctx.depth >= LIMITS.maxDepth) {
    report(ctx, 'NESTING_TOO_DEEP', `nesting deeper than ${LIMITS.maxDepth} levels is not evaluated`, node.range);
    return unknown('invalid', `nesting deeper than ${LIMITS.maxDepth} levels`, node.range);
  }
  ctx.depth++;
  try {
    return evaluateNode(ctx, node);
  } finally {
    ctx.depth--;
  }
}

/** Evaluates where a value is required: AWS::NoValue there is an error, not a removal. */
export function evaluateValue(ctx: Ctx, node: LNode, what: string): RValue {
  const v = evaluate(ctx, node);
  if (v !== NO_VALUE) return v;
  report(ctx, 'INTRINSIC_INVALID', `AWS::NoValue cannot be used as ${what}`, node.range);
  return unknown('invalid', `AWS::NoValue used as ${what}`, node.range);
}

function evaluateNode(ctx: Ctx, node: LNode): Resolved {
  switch (node.kind) {
    case 'scalar': {
      const v = node.value;
      if (v === null) return { kind: 'null', range: node.range };
      if (typeof v === 'string') return { kind: 'str', value: v, range: node.range };
      if (typeof v === 'number') return { kind: 'num', value: v, range: node.range };
      return { kind: 'bool', value: v, range: node.range };
    }
    case 'seq': {
      const items: RValue[] = [];
      for (const item of node.items) {
        const v = evaluate(ctx, item);
        // AWS::NoValue as a list item removes the item.
        if (v !== NO_VALUE) items.push(v);
      }
      return { kind: 'list', items, range: node.range };
    }
    case 'map': {
      if (node.entries.length === 1 && isIntrinsicKey(node.entries[0].key)) return evaluateIntrinsic(ctx, node);
      return evaluateMap(ctx, node);
    }
  }
}

export function evaluateMap(ctx: Ctx, node: LMap): RMap {
  const entries = new Map<string, RValue>();
  const keyRanges = new Map<string, Range>();
  for (const e of node.entries) {
    const v = evaluate(ctx, e.value);
    // Duplicate keys: the last one wins (the parser reported the duplicate), even when it is AWS::NoValue.
    if (v === NO_VALUE) {
      entries.delete(e.key);
      keyRanges.delete(e.key);
      continue;
    }
    entries.set(e.key, v);
    keyRanges.set(e.key, e.keyRange);
  }
  return { kind: 'map', entries, keyRanges, range: node.range };
}

function evaluateIntrinsic(ctx: Ctx, node: LMap): Resolved {
  const entry = node.entries[0];
  const fn = INTRINSICS[entry.key];
  if (!fn) {
    report(ctx, 'INTRINSIC_UNKNOWN', `unknown intrinsic function ${entry.key}${didYouMean(entry.key, Object.keys(INTRINSICS))}`, entry.keyRange);
    return unknown('invalid', `unknown intrinsic function ${entry.key}`, node.range);
  }
  return fn(ctx, entry.value, node, entry.keyRange);
}
