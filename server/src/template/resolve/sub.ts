// Fn::Sub: "${Name}", "${Resource.Attribute}", "${AWS::Region}", "${!Literal}" in a string, with optional
// variables ([string, {Var: value}]). A Sub that is exactly one "${X}" hands on what Ref X / GetAtt
// would (so a resource identity survives); inside a longer string a physical ID is only known at deploy.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
import type { LMap, LNode, Range } from '../located';
import type { RUnknown, RValue } from '../values';
import { type Ctx, LIMITS, NO_VALUE, type Resolved, atRange, carry, nodeDesc, report, unknown } from './context';
import { evaluateValue } from './evaluate';
import { argList, partString } from './functions';
import { resolveGetAtt } from './getatt';
import { resolveRef } from './refs';

type Piece = { text: string } | { name: string };

/** Splits a Sub string into literal text and variable names. `${!X}` is the literal `${X}`. */
export function parseSubString(s: string): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('${', i);
    if (open < 0) {
      lit += s.slice(i);
      break;
    }
    lit += s.slice(i, open);
    if (s[open + 2] === '!') {
      lit += '${';
      i = open + 3;
      continue;
    }
    const close = s.indexOf('}', open + 2);
    if (close < 0) {
      lit += s.slice(open);
      break;
    }
    if (lit) out.push({ text: lit });
    lit = '';
    out.push({ name: s.slice(open + 2, close).trim() });
    i = close + 1;
  }
  if (lit) out.push({ text: lit });
  return out;
}

/** The resource names a Sub string refers to (for the dependency graph), skipping its own variables. */
export function subReferences(s: string, vars: Set<string>): string[] {
  const names: string[] = [];
  for (const p of parseSubString(s)) {
    if (!('name' in p) || vars.has(p.name)) continue;
    const dot = p.name.indexOf('.');
    names.push(dot > 0 ? p.name.slice(0, dot) : p.name);
  }
  return names;
}

export function resolveSub(ctx: Ctx, arg: LNode, whole: LMap, keyRange: Range): Resolved {
  let strNode: LNode;
  const vars = new Map<string, Resolved>();
  if (arg.kind === 'seq') {
    const args = argList(ctx, 'Fn::Sub', arg, 2, 2, '[String, {Var: Value}]', keyRange);
    if (!args) return unknown('invalid', 'Fn::Sub has the wrong arguments', whole.range);
    strNode = args[0];
    const vm = args[1];
    if (vm.kind !== 'map') {
      report(ctx, 'INTRINSIC_INVALID', `Fn::Sub: the variables must be a map, found ${nodeDesc(vm)}`, vm.range);
      return unknown('invalid', 'Fn::Sub variables are not a map', whole.range);
    }
    for (const e of vm.entries) vars.set(e.key, evaluateValue(ctx, e.value, `the Fn::Sub variable ${e.key}`));
  } else {
    strNode = arg;
  }
  if (strNode.kind !== 'scalar' || typeof strNode.value !== 'string') {
    report(ctx, 'INTRINSIC_INVALID', `Fn::Sub takes a string, found ${nodeDesc(strNode)}`, strNode.range);
    return unknown('invalid', 'Fn::Sub without a string', whole.range);
  }
  const pieces = parseSubString(strNode.value);
  const lookup = (name: string): Resolved => {
    const v = vars.get(name);
    if (v !== undefined) return v;
    const dot = name.indexOf('.');
    if (dot > 0) return resolveGetAtt(ctx, name.slice(0, dot), name.slice(dot + 1), whole.range, strNode.range);
    return resolveRef(ctx, name, whole.range, strNode.range);
  };
  if (pieces.length === 1 && 'name' in pieces[0]) {
    const v = lookup(pieces[0].name);
    if (v === NO_VALUE) return subNoValue(ctx, strNode.range, whole.range);
    return atRange(v, whole.range);
  }
  let out = '';
  let firstUnknown: RUnknown | undefined;
  for (const p of pieces) {
    if ('text' in p) {
      out += p.text;
    } else {
      const v = lookup(p.name);
      if (v === NO_VALUE) return subNoValue(ctx, strNode.range, whole.range);
      const s = subPart(ctx, v, p.name, whole.range);
      if (typeof s !== 'string') {
        firstUnknown ??= s;
        continue;
      }
      out += s;
    }
    if (out.length > LIMITS.maxString) {
      report(ctx, 'INTRINSIC_INVALID', `Fn::Sub produces a string longer than ${LIMITS.maxString} characters; not evaluated`, whole.range);
      return unknown('invalid', 'Fn::Sub result too long', whole.range);
    }
  }
  if (firstUnknown) return firstUnknown;
  return { kind: 'str', value: out, range: whole.range };
}

function subPart(ctx: Ctx, v: RValue, name: string, range: Range): string | RUnknown {
  if (v.kind === 'list') {
    report(ctx, 'INTRINSIC_INVALID', `Fn::Sub: \${${name}} is a list; only strings can be substituted`, v.range);
    return unknown('invalid', `Fn::Sub: \${${name}} is a list`, range);
  }
  if (v.kind === 'unknown') return carry(v, range);
  return partString(ctx, v, 'Fn::Sub', range);
}

function subNoValue(ctx: Ctx, at: Range, whole: Range): RUnknown {
  report(ctx, 'INTRINSIC_INVALID', 'Fn::Sub cannot substitute AWS::NoValue', at);
  return unknown('invalid', 'Fn::Sub with AWS::NoValue', whole);
}
