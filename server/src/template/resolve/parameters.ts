// Parameters: each declared parameter's value, from options.parameters (strings, as CloudFormation
// passes them) or its Default, typed as CloudFormation types it.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
import type { LEntry, LNode, Range } from '../located';
import { get } from '../located';
import type { ResolvedParameter, RValue } from '../values';
import { type Ctx, nodeDesc, report, unknown } from './context';
import { isPseudoParameter } from './refs';
import { didYouMean } from './suggest';

export function resolveParameters(ctx: Ctx, section: LNode | undefined, sectionKeyRange: Range): void {
  if (section && section.kind === 'map') {
    for (const e of section.entries) ctx.paramDecls.set(e.key, e);
    for (const e of ctx.paramDecls.values()) ctx.params.set(e.key, resolveParameter(ctx, e));
  }
  for (const name of Object.keys(ctx.options.parameters ?? {})) {
    if (ctx.paramDecls.has(name) || isPseudoParameter(name)) continue;
    report(
      ctx,
      'PARAMETER_UNDECLARED',
      `a value was given for parameter ${name}, which this template does not declare${didYouMean(name, ctx.paramDecls.keys())}`,
      sectionKeyRange,
      'warning',
    );
  }
}

function resolveParameter(ctx: Ctx, e: LEntry): ResolvedParameter {
  const name = e.key;
  const decl = e.value;
  const range = e.keyRange;
  if (decl.kind !== 'map') {
    report(ctx, 'PARAMETER_INVALID', `parameter ${name} must be a map with a Type, found ${nodeDesc(decl)}`, decl.range);
    return { name, type: '', value: unknown('invalid', `parameter ${name} is malformed`, range), range };
  }
  const typeNode = get(decl, 'Type');
  const type = typeNode && typeNode.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : '';
  if (!type) report(ctx, 'PARAMETER_INVALID', `parameter ${name} has no Type`, range);
  const given = ctx.options.parameterValues?.get(name);
  if (given !== undefined) return { name, type, range, value: given };
  const override = ctx.options.parameters?.[name];
  const def = get(decl, 'Default');
  const isSsm = type.startsWith('AWS::SSM::Parameter::Value<');
  let text: string;
  let at: Range;
  if (override !== undefined) {
    text = override;
    at = range;
  } else if (isSsm) {
    // The Default of an SSM parameter is the key in Parameter Store, not the value.
    return { name, type, range, value: unknown('ssm-parameter', `parameter ${name} is read from SSM Parameter Store at deploy`, range) };
  } else if (def && def.kind === 'scalar' && def.value !== null) {
    text = String(def.value);
    at = def.range;
  } else if (def && def.kind === 'seq' && type.startsWith('List<') || def && def.kind === 'seq' && type === 'CommaDelimitedList') {
    // Lenient: a YAML list as the Default of a list parameter.
    text = def.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')).join(',');
    at = def.range;
  } else {
    if (def) report(ctx, 'PARAMETER_INVALID', `the Default of parameter ${name} must be a string or number, found ${nodeDesc(def)}`, def.range);
    return { name, type, range, value: unknown('parameter-without-value', `parameter ${name} has no Default and no value was given`, range) };
  }
  checkAllowed(ctx, name, type, decl, text, override !== undefined, at);
  return { name, type, range, value: typed(ctx, name, type, text, at) };
}

function typed(ctx: Ctx, name: string, type: string, text: string, at: Range): RValue {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<') || type.startsWith('AWS::SSM::Parameter::Value<List<') || type === 'AWS::SSM::Parameter::Value<CommaDelimitedList>';
  if (isList) {
    const itemNumber = type === 'List<Number>';
    const parts = text === '' ? [] : text.split(',').map((s) => s.trim());
    const items: RValue[] = parts.map((p) => (itemNumber ? numberOf(ctx, name, p, at) : { kind: 'str', value: p, range: at }));
    return { kind: 'list', items, range: at };
  }
  if (type === 'Number') return numberOf(ctx, name, text.trim(), at);
  return { kind: 'str', value: text, range: at };
}

function numberOf(ctx: Ctx, name: string, text: string, at: Range): RValue {
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) {
    report(ctx, 'PARAMETER_INVALID', `parameter ${name} is a Number, but its value ${JSON.stringify(text)} is not a number`, at);
    return unknown('invalid', `parameter ${name} has a value that is not a number`, at);
  }
  return { kind: 'num', value: n, range: at };
}

function checkAllowed(ctx: Ctx, name: string, type: string, decl: LNode, text: string, isOverride: boolean, at: Range): void {
  const allowed = get(decl, 'AllowedValues');
  if (!allowed || allowed.kind !== 'seq') return;
  const values = allowed.items.map((i) => (i.kind === 'scalar' ? String(i.value) : undefined));
  // For list types every item must be allowed; a plain value must be one of them.
  const isList = /List|CommaDelimited/.test(type);
  const given = values.includes(text) ? [] : isList ? text.split(',').map((s) => s.trim()).filter((s) => !values.includes(s)) : [text];
  if (given.length === 0) return;
  const list = values.filter((v) => v !== undefined).join(', ');
  report(
    ctx,
    'PARAMETER_NOT_ALLOWED',
    `${isOverride ? 'the value given for' : 'the Default of'} parameter ${name}, ${JSON.stringify(text)}, is not one of its AllowedValues: ${list}`,
    at,
    isOverride ? 'error' : 'warning',
  );
}
