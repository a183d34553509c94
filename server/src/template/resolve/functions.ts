// The intrinsic functions, one handler each. A handler gets the function's argument node (not yet
// evaluated, so Fn::If evaluates only the branch it takes) and returns a resolved value. Bad input
// becomes a problem plus an `invalid` unknown; values the template cannot decide stay unknown.
// Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
import type { LMap, LNode, Range } from '../located';
import type { RList, RStr, RUnknown, RValue } from '../values';
import { parseCidr, splitCidr, formatCidr } from '../../net/ip';
import { type Ctx, LIMITS, NO_VALUE, type Resolved, atRange, carry, nodeDesc, report, unknown } from './context';
import { evaluate, evaluateValue } from './evaluate';
import { resolveRef } from './refs';
import { resolveGetAtt } from './getatt';
import { resolveSub } from './sub';
import { conditionState, evaluateConditionFunction } from './conditions';
import { firstUnknown, sameValue, scalarString } from './scalar';

export type IntrinsicHandler = (ctx: Ctx, arg: LNode, whole: LMap, keyRange: Range) => Resolved;

/** How many symbolic zones Fn::GetAZs yields: regions have 2-6 zones; `az[i]` only promises distinct zones. */
export const SYMBOLIC_AZ_COUNT = 6;

/** The literal argument list of a function, checked for arity; undefined (after a problem) when wrong. */
export function argList(ctx: Ctx, name: string, arg: LNode, min: number, max: number, shape: string, keyRange: Range): LNode[] | undefined {
  if (arg.kind !== 'seq') {
    report(ctx, 'INTRINSIC_INVALID', `${name} takes a list ${shape}, found ${nodeDesc(arg)}`, arg.range);
    return undefined;
  }
  const n = arg.items.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    report(ctx, 'INTRINSIC_ARITY', `${name} takes ${want} arguments ${shape}, found ${n}`, keyRange.end > keyRange.start ? { start: keyRange.start, end: arg.range.end } : arg.range);
    return undefined;
  }
  return arg.items;
}

function invalid(ctx: Ctx, message: string, at: Range, whole: Range): RUnknown {
  report(ctx, 'INTRINSIC_INVALID', message, at);
  return unknown('invalid', message, whole);
}

/** A non-negative integer from a number or a numeric string; a problem otherwise. */
function toInt(ctx: Ctx, v: RValue, name: string, what: string, whole: Range): number | RUnknown {
  if (v.kind === 'unknown') return carry(v, whole);
  const s = scalarString(v);
  if (s !== undefined && /^\s*\d+\s*$/.test(s)) return Number(s);
  return invalid(ctx, `${name}: ${what} must be a non-negative integer, found ${describe(v)}`, v.range, whole);
}

function describe(v: RValue): string {
  switch (v.kind) {
    case 'str':
      return JSON.stringify(v.value.length > 60 ? v.value.slice(0, 60) + '…' : v.value);
    case 'num':
    case 'bool':
      return String(v.value);
    case 'ref':
      return `the identity of ${v.resource}`;
    default:
      return `a ${v.kind}`;
  }
}

/** A string for Join/Sub/Split parts; a resource identity is a physical ID only known at deploy. */
export function partString(ctx: Ctx, v: RValue, name: string, whole: Range): string | RUnknown {
  const s = scalarString(v);
  if (s !== undefined) return s;
  if (v.kind === 'unknown') return carry(v, whole);
  if (v.kind === 'ref') {
    const what = v.attribute ? `${v.resource}.${v.attribute}` : `the physical ID of ${v.resource}`;
    return unknown('deploy-time', `${what} is assigned at deploy`, whole, v.range);
  }
  return invalid(ctx, `${name}: expected a string, found ${describe(v)}`, v.range, whole);
}

function tooLong(ctx: Ctx, name: string, whole: Range): RUnknown {
  return invalid(ctx, `${name} produces a string longer than ${LIMITS.maxString} characters; not evaluated`, whole, whole);
}

const Ref: IntrinsicHandler = (ctx, arg, whole) => {
  if (arg.kind !== 'scalar' || typeof arg.value !== 'string') {
    return invalid(ctx, `Ref takes the name of a parameter or resource, found ${nodeDesc(arg)}`, arg.range, whole.range);
  }
  return resolveRef(ctx, arg.value, whole.range, arg.range);
};

const GetAtt: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  let resource: string;
  let attribute: string;
  let nameRange: Range;
  if (arg.kind === 'scalar' && typeof arg.value === 'string') {
    // "Resource.Attribute" string form; the attribute may itself hold dots (Endpoint.Address).
    const dot = arg.value.indexOf('.');
    if (dot <= 0 || dot === arg.value.length - 1) {
      return invalid(ctx, `Fn::GetAtt takes "Resource.Attribute" or [Resource, Attribute], found ${JSON.stringify(arg.value)}`, arg.range, whole.range);
    }
    resource = arg.value.slice(0, dot);
    attribute = arg.value.slice(dot + 1);
    nameRange = arg.range;
  } else {
    const args = argList(ctx, 'Fn::GetAtt', arg, 2, 2, '[Resource, Attribute]', keyRange);
    if (!args) return unknown('invalid', 'Fn::GetAtt has the wrong arguments', whole.range);
    const [r, a] = args;
    if (r.kind !== 'scalar' || typeof r.value !== 'string') {
      return invalid(ctx, `Fn::GetAtt: the resource must be a logical ID, found ${nodeDesc(r)}`, r.range, whole.range);
    }
    resource = r.value;
    nameRange = r.range;
    // The attribute name may be a Ref (to a parameter) in the list form.
    const av = evaluateValue(ctx, a, 'an attribute name');
    if (av.kind === 'unknown') return carry(av, whole.range);
    if (av.kind !== 'str') return invalid(ctx, `Fn::GetAtt: the attribute name must be a string, found ${describe(av)}`, a.range, whole.range);
    attribute = av.value;
  }
  return resolveGetAtt(ctx, resource, attribute, whole.range, nameRange);
};

const Join: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::Join', arg, 2, 2, '[delimiter, [values]]', keyRange);
  if (!args) return unknown('invalid', 'Fn::Join has the wrong arguments', whole.range);
  const d = evaluateValue(ctx, args[0], 'a delimiter');
  if (d.kind === 'unknown') return carry(d, whole.range);
  if (d.kind !== 'str') return invalid(ctx, `Fn::Join: the delimiter must be a string, found ${describe(d)}`, d.range, whole.range);
  const list = evaluateValue(ctx, args[1], 'a list');
  if (list.kind === 'unknown') return carry(list, whole.range);
  if (list.kind !== 'list') return invalid(ctx, `Fn::Join: the values must be a list, found ${describe(list)}`, list.range, whole.range);
  const parts: string[] = [];
  let size = 0;
  let firstUnknownPart: RUnknown | undefined;
  for (const item of list.items) {
    const s = partString(ctx, item, 'Fn::Join', whole.range);
    if (typeof s !== 'string') {
      firstUnknownPart ??= s;
      continue;
    }
    size += s.length + d.value.length;
    if (size > LIMITS.maxString) return tooLong(ctx, 'Fn::Join', whole.range);
    parts.push(s);
  }
  if (firstUnknownPart) return firstUnknownPart;
  return { kind: 'str', value: parts.join(d.value), range: whole.range };
};

const Select: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::Select', arg, 2, 2, '[index, list]', keyRange);
  if (!args) return unknown('invalid', 'Fn::Select has the wrong arguments', whole.range);
  const idx = toInt(ctx, evaluateValue(ctx, args[0], 'an index'), 'Fn::Select', 'the index', whole.range);
  if (typeof idx !== 'number') return idx;
  const list = evaluateValue(ctx, args[1], 'a list');
  if (list.kind === 'unknown') return carry(list, whole.range);
  if (list.kind !== 'list') return invalid(ctx, `Fn::Select: the second argument must be a list, found ${describe(list)}`, list.range, whole.range);
  const symbolic = list.items.length > 0 && list.items.every((i) => i.kind === 'str' && i.symbolic);
  if (symbolic && idx >= list.items.length && idx < 256) {
    // Zones beyond the sixth exist in few regions; keep them distinct and symbolic rather than failing.
    return { kind: 'str', value: `az[${idx}]`, symbolic: true, range: whole.range };
  }
  if (idx >= list.items.length) {
    report(ctx, 'SELECT_INDEX_OUT_OF_RANGE', `Fn::Select: index ${idx} is out of range for a list of ${list.items.length}`, args[0].range);
    return unknown('invalid', `Fn::Select index ${idx} is out of range (the list has ${list.items.length} items)`, whole.range);
  }
  const item = list.items[idx];
  return item.kind === 'list' || item.kind === 'map' ? item : atRange(item, whole.range);
};

const Split: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::Split', arg, 2, 2, '[delimiter, string]', keyRange);
  if (!args) return unknown('invalid', 'Fn::Split has the wrong arguments', whole.range);
  const d = evaluateValue(ctx, args[0], 'a delimiter');
  if (d.kind === 'unknown') return carry(d, whole.range);
  if (d.kind !== 'str' || d.value === '') return invalid(ctx, `Fn::Split: the delimiter must be a non-empty string, found ${describe(d)}`, d.range, whole.range);
  const sv = evaluateValue(ctx, args[1], 'a string');
  const s = partString(ctx, sv, 'Fn::Split', whole.range);
  if (typeof s !== 'string') return s;
  const pieces = s.split(d.value, LIMITS.maxList + 1);
  if (pieces.length > LIMITS.maxList) return invalid(ctx, `Fn::Split produces more than ${LIMITS.maxList} items; not evaluated`, whole.range, whole.range);
  return { kind: 'list', items: pieces.map((p): RStr => ({ kind: 'str', value: p, range: whole.range })), range: whole.range };
};

// UserData and the like: the value is plain data to us, never executed or decoded, so the input string is kept.
const Base64: IntrinsicHandler = (ctx, arg) => evaluateValue(ctx, arg, 'the Fn::Base64 input');

const FindInMap: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::FindInMap', arg, 3, 4, '[MapName, TopLevelKey, SecondLevelKey]', keyRange);
  if (!args) return unknown('invalid', 'Fn::FindInMap has the wrong arguments', whole.range);
  // Optional 4th argument (AWS::LanguageExtensions): { DefaultValue: … } used when a key is missing.
  let fallback: LNode | undefined;
  if (args.length === 4) {
    const opt = args[3];
    const dv = opt.kind === 'map' ? opt.entries.find((e) => e.key === 'DefaultValue') : undefined;
    if (!dv) return invalid(ctx, 'Fn::FindInMap: the fourth argument must be { DefaultValue: … }', opt.range, whole.range);
    fallback = dv.value;
  }
  const keys: string[] = [];
  for (const a of args.slice(0, 3)) {
    const v = evaluateValue(ctx, a, 'a mapping key');
    const s = partString(ctx, v, 'Fn::FindInMap', whole.range);
    if (typeof s !== 'string') return s;
    keys.push(s);
  }
  let node: LNode | undefined = ctx.mappings;
  for (let i = 0; i < 3; i++) {
    const found: LNode | undefined = node && node.kind === 'map' ? lastValue(node, keys[i]) : undefined;
    if (!found) {
      if (fallback) return evaluate(ctx, fallback);
      const where = i === 0 ? 'Mappings has no map' : i === 1 ? `mapping ${keys[0]} has no key` : `mapping ${keys[0]}.${keys[1]} has no key`;
      report(ctx, 'MAPPING_KEY_MISSING', `Fn::FindInMap: ${where} ${JSON.stringify(keys[i])}`, args[i].range);
      return unknown('invalid', `Fn::FindInMap: ${where} ${JSON.stringify(keys[i])}`, whole.range);
    }
    node = found;
  }
  const v = evaluate(ctx, node as LNode);
  if (v === NO_VALUE) return v;
  return v.kind === 'map' ? v : atRange(v, whole.range);
};

function lastValue(map: LMap, key: string): LNode | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key === key) return map.entries[i].value;
  return undefined;
}

const ImportValue: IntrinsicHandler = (ctx, arg, whole) => {
  const v = evaluateValue(ctx, arg, 'an export name');
  let name = scalarString(v);
  // An export name built with Fn::Sub from undecided values still says which export it is: show its pattern.
  const sub = arg.kind === 'map' && arg.entries.length === 1 && arg.entries[0].key === 'Fn::Sub' ? arg.entries[0].value : undefined;
  if (name === undefined && sub) {
    const s = sub.kind === 'seq' ? sub.items[0] : sub;
    if (s && s.kind === 'scalar' && typeof s.value === 'string') name = s.value;
  }
  // In a workspace of stacks, an export name known in full is looked up among the other templates.
  const known = scalarString(v);
  if (ctx.options.links && known !== undefined) return ctx.options.links.importValue(known, whole.range);
  return unknown('import-value', name !== undefined ? `value exported by another stack: ${name}` : 'value exported by another stack', whole.range);
};

const Transform: IntrinsicHandler = (_ctx, arg, whole) => {
  const name = arg.kind === 'map' ? arg.entries.find((e) => e.key === 'Name')?.value : undefined;
  const n = name && name.kind === 'scalar' ? ` ${String(name.value)}` : '';
  return unknown('deploy-time', `the macro${n} (Fn::Transform) runs at deploy`, whole.range);
};

const Length: IntrinsicHandler = (ctx, arg, whole) => {
  const v = evaluateValue(ctx, arg, 'a list');
  if (v.kind === 'unknown') return carry(v, whole.range);
  if (v.kind !== 'list') return invalid(ctx, `Fn::Length takes a list, found ${describe(v)}`, v.range, whole.range);
  return { kind: 'num', value: v.items.length, range: whole.range };
};

const ToJsonString: IntrinsicHandler = (ctx, arg, whole) => {
  const v = evaluateValue(ctx, arg, 'a value');
  const u = firstUnknown(v);
  if (u) return carry(u, whole.range);
  const out = toJson(v, ctx, whole.range);
  if (typeof out !== 'string') return out;
  if (out.length > LIMITS.maxString) return tooLong(ctx, 'Fn::ToJsonString', whole.range);
  return { kind: 'str', value: out, range: whole.range };
};

function toJson(v: RValue, ctx: Ctx, whole: Range): string | RUnknown {
  switch (v.kind) {
    case 'str':
      return JSON.stringify(v.value);
    case 'num':
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'ref':
      return partString(ctx, v, 'Fn::ToJsonString', whole);
    case 'unknown':
      return carry(v, whole);
    case 'list': {
      const parts: string[] = [];
      for (const i of v.items) {
        const s = toJson(i, ctx, whole);
        if (typeof s !== 'string') return s;
        parts.push(s);
      }
      return `[${parts.join(',')}]`;
    }
    case 'map': {
      const parts: string[] = [];
      for (const [k, i] of v.entries) {
        const s = toJson(i, ctx, whole);
        if (typeof s !== 'string') return s;
        parts.push(`${JSON.stringify(k)}:${s}`);
      }
      return `{${parts.join(',')}}`;
    }
  }
}

// Fn::Cidr [ipBlock, count, cidrBits]: `count` consecutive blocks with `cidrBits` host bits each.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-cidr.html
const Cidr: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::Cidr', arg, 3, 3, '[ipBlock, count, cidrBits]', keyRange);
  if (!args) return unknown('invalid', 'Fn::Cidr has the wrong arguments', whole.range);
  const block = evaluateValue(ctx, args[0], 'an IP block');
  if (block.kind === 'unknown') return carry(block, whole.range);
  const count = toInt(ctx, evaluateValue(ctx, args[1], 'a count'), 'Fn::Cidr', 'the count', whole.range);
  if (typeof count !== 'number') return count;
  const bits = toInt(ctx, evaluateValue(ctx, args[2], 'cidrBits'), 'Fn::Cidr', 'cidrBits', whole.range);
  if (typeof bits !== 'number') return bits;
  const blockText = partString(ctx, block, 'Fn::Cidr', whole.range);
  if (typeof blockText !== 'string') return blockText;
  const parsed = parseCidr(blockText);
  if (!parsed.ok || !blockText.includes('/')) {
    const msg = parsed.ok ? `"${blockText}" is not a CIDR block` : parsed.error;
    report(ctx, 'CIDR_INVALID', `Fn::Cidr: ${msg}`, args[0].range);
    return unknown('invalid', `Fn::Cidr: ${msg}`, whole.range);
  }
  const split = splitCidr(parsed.cidr, count, bits);
  if (typeof split === 'string') {
    const at = /count/.test(split) && !/cidrBits/.test(split) ? args[1].range : /cidrBits/.test(split) ? args[2].range : whole.range;
    report(ctx, 'CIDR_INVALID', `Fn::Cidr: ${split}`, at);
    return unknown('invalid', `Fn::Cidr: ${split}`, whole.range);
  }
  return { kind: 'list', items: split.map((c): RStr => ({ kind: 'str', value: formatCidr(c), range: whole.range })), range: whole.range };
};

// Fn::GetAZs: zone names are account-specific (us-east-1a is not the same zone in two accounts), so
// even a known region yields symbolic zones az[0]…: distinct from each other, not real names.
const GetAZs: IntrinsicHandler = (ctx, arg, whole) => {
  const region = evaluateValue(ctx, arg, 'a region');
  // null is accepted by CloudFormation like "" (the stack's region).
  if (region.kind !== 'unknown' && region.kind !== 'str' && region.kind !== 'null') {
    return invalid(ctx, `Fn::GetAZs takes a region name (or ""), found ${describe(region)}`, region.range, whole.range);
  }
  const items: RStr[] = [];
  for (let i = 0; i < SYMBOLIC_AZ_COUNT; i++) items.push({ kind: 'str', value: `az[${i}]`, symbolic: true, range: whole.range });
  const list: RList = { kind: 'list', items, range: whole.range };
  return list;
};

const If: IntrinsicHandler = (ctx, arg, whole, keyRange) => {
  const args = argList(ctx, 'Fn::If', arg, 3, 3, '[ConditionName, ValueIfTrue, ValueIfFalse]', keyRange);
  if (!args) return unknown('invalid', 'Fn::If has the wrong arguments', whole.range);
  const c = args[0];
  if (c.kind !== 'scalar' || typeof c.value !== 'string') {
    return invalid(ctx, `Fn::If: the first argument must be a condition name, found ${nodeDesc(c)}`, c.range, whole.range);
  }
  const st = conditionState(ctx, c.value, c.range);
  if (st.state === 'true') return evaluate(ctx, args[1]);
  if (st.state === 'false') return evaluate(ctx, args[2]);
  const a = evaluate(ctx, args[1]);
  const b = evaluate(ctx, args[2]);
  if (sameValue(a, b)) return a;
  return unknown('condition-unknown', `depends on condition ${c.value}, which cannot be decided: ${st.reason}`, whole.range);
};

const conditionFn: IntrinsicHandler = (ctx, _arg, whole) => {
  const st = evaluateConditionFunction(ctx, whole);
  if (st.state === 'unknown') return unknown('condition-unknown', st.reason, whole.range);
  return { kind: 'bool', value: st.state === 'true', range: whole.range };
};

const rulesOnly: IntrinsicHandler = (ctx, _arg, whole, keyRange) => {
  const name = whole.entries[0].key;
  report(ctx, 'INTRINSIC_INVALID', `${name} is only valid in the Rules section`, keyRange);
  return unknown('invalid', `${name} is only valid in Rules`, whole.range);
};

export const INTRINSICS: Record<string, IntrinsicHandler> = {
  Ref,
  'Fn::GetAtt': GetAtt,
  'Fn::Sub': (ctx, arg, whole, keyRange) => resolveSub(ctx, arg, whole, keyRange),
  'Fn::Join': Join,
  'Fn::Select': Select,
  'Fn::Split': Split,
  'Fn::Base64': Base64,
  'Fn::FindInMap': FindInMap,
  'Fn::ImportValue': ImportValue,
  'Fn::Transform': Transform,
  'Fn::Length': Length,
  'Fn::ToJsonString': ToJsonString,
  'Fn::Cidr': Cidr,
  'Fn::GetAZs': GetAZs,
  'Fn::If': If,
  'Fn::Equals': conditionFn,
  'Fn::And': conditionFn,
  'Fn::Or': conditionFn,
  'Fn::Not': conditionFn,
  'Fn::Contains': rulesOnly,
  'Fn::EachMemberEquals': rulesOnly,
  'Fn::EachMemberIn': rulesOnly,
  'Fn::RefAll': rulesOnly,
  'Fn::ValueOf': rulesOnly,
  'Fn::ValueOfAll': rulesOnly,
};
