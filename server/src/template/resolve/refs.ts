// Ref: to a parameter (its value), a pseudo parameter, or a resource (its identity, an RRef).
import type { Range } from '../located';
import type { RValue } from '../values';
import { type Ctx, NO_VALUE, type Resolved, atRange, report, unknown } from './context';
import { didYouMean } from './suggest';

/** Pseudo parameters CloudFormation fills in at deploy. Their values come from options.parameters when given. */
export const PSEUDO_PARAMETERS = [
  'AWS::Region',
  'AWS::AccountId',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::NotificationARNs',
] as const;

const PSEUDO = new Set<string>(PSEUDO_PARAMETERS);

export function isPseudoParameter(name: string): boolean {
  return PSEUDO.has(name) || name === 'AWS::NoValue';
}

export function resolveRef(ctx: Ctx, name: string, range: Range, nameRange: Range): Resolved {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (PSEUDO.has(name)) return pseudoValue(ctx, name, range);
  const param = ctx.params.get(name);
  if (param) return atRange(param.value, range);
  if (ctx.resourceDecls.has(name)) {
    const blocked = referenceBlocked(ctx, name, range, nameRange, 'Ref');
    if (blocked) return blocked;
    return { kind: 'ref', resource: name, range };
  }
  return undefinedName(ctx, name, range, nameRange);
}

function pseudoValue(ctx: Ctx, name: string, range: Range): RValue {
  const given = ctx.options.parameters?.[name];
  if (given === undefined) {
    // A stack's name is given per template file (the CLI's --stack-name, the editor's packetwalk.stackNames).
    const how = name === 'AWS::StackName' ? 'name the stack: --stack-name <file>=<name>, or the packetwalk.stackNames setting' : `give it as a parameter named ${name} to decide it`;
    return unknown('pseudo-parameter', `${name} is only known at deploy (${how})`, range);
  }
  if (name === 'AWS::NotificationARNs') {
    const items = given === '' ? [] : given.split(',').map((s) => ({ kind: 'str' as const, value: s.trim(), range }));
    return { kind: 'list', items, range };
  }
  return { kind: 'str', value: given, range };
}

/**
 * A reference to a resource that does not exist (Condition false), or that closes a dependency cycle
 * with the resource being resolved: both give an unknown; the first is also an error here.
 */
export function referenceBlocked(ctx: Ctx, target: string, range: Range, nameRange: Range, how: string): RValue | undefined {
  if (ctx.absent.has(target)) {
    const cond = ctx.resourceDecls.get(target)?.conditionName ?? '';
    report(
      ctx,
      'REFERENCE_TO_ABSENT_RESOURCE',
      `${how} to ${target}, which is not created: its condition ${cond} is false`,
      nameRange,
    );
    return unknown('invalid', `${target} is not created (condition ${cond} is false)`, range);
  }
  const cur = ctx.current;
  if (cur !== undefined) {
    const a = ctx.cycleOf.get(cur);
    if ((a !== undefined && a === ctx.cycleOf.get(target)) || ctx.resolving.has(target) && target !== cur) {
      return unknown('cycle', `${target} and ${cur} depend on each other (a circular dependency)`, range);
    }
  }
  return undefined;
}

export function undefinedName(ctx: Ctx, name: string, range: Range, nameRange: Range): RValue {
  const hint = ctx.suggestionBudget-- > 0 ? didYouMean(name, [...ctx.params.keys(), ...(ctx.options.allResourceIds ?? ctx.resourceDecls.keys()), ...PSEUDO]) : '';
  report(ctx, 'UNDEFINED_REFERENCE', `${name} is not a parameter, resource or pseudo parameter of this template${hint}`, nameRange);
  return unknown('invalid', `${name} is not defined in this template`, range);
}
