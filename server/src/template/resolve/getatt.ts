// Fn::GetAtt (and "${Res.Attr}" in Fn::Sub): looks the attribute up in the table and pulls the
// target's own properties lazily (memoized per resource; a reference inside a dependency cycle is an
// unknown `cycle`, the cycle itself is reported once by the dependency graph).
import type { Range } from '../located';
import type { RValue } from '../values';
import { type Ctx, atRange, report, unknown } from './context';
import { ATTRIBUTES, isCustomResource } from './attributes';
import { referenceBlocked, undefinedName } from './refs';

export function resolveGetAtt(ctx: Ctx, resource: string, attribute: string, range: Range, nameRange: Range): RValue {
  const decl = ctx.resourceDecls.get(resource);
  if (!decl) {
    if (ctx.params.has(resource)) {
      report(ctx, 'INTRINSIC_INVALID', `Fn::GetAtt: ${resource} is a parameter; use Ref`, nameRange);
      return unknown('invalid', `Fn::GetAtt on parameter ${resource}`, range);
    }
    return undefinedName(ctx, resource, range, nameRange);
  }
  const blocked = referenceBlocked(ctx, resource, range, nameRange, 'Fn::GetAtt');
  if (blocked) return blocked;
  const type = decl.type ?? '';
  if (isCustomResource(type)) {
    return unknown('custom-resource-attribute', `${resource}.${attribute} is returned by a custom resource at deploy`, range);
  }
  if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
    if (ctx.options.links) return ctx.options.links.nestedOutput(ctx.resolveResource(resource), resource, attribute.slice('Outputs.'.length), range);
    return unknown('unmodelled-attribute', `${resource}.${attribute} is an output of a nested stack`, range);
  }
  const how = ATTRIBUTES[type]?.[attribute];
  if (!how) {
    return unknown('unmodelled-attribute', `packetwalk does not model attribute ${attribute} of ${type || 'this resource'} (${resource}.${attribute})`, range);
  }
  if (how.how === 'ref') return { kind: 'ref', resource, attribute, range };
  if (how.how === 'deploy') return unknown('deploy-time', `${resource}.${attribute}: ${how.reason}`, range);
  const target = ctx.resolveResource(resource);
  if (!target) {
    if (!decl.map) return unknown('invalid', `${resource} is not a valid resource declaration`, range);
    return unknown('cycle', `${resource} and ${ctx.current ?? 'this value'} depend on each other (a circular dependency)`, range);
  }
  const v = target.properties.entries.get(how.prop);
  if (!v) return unknown('deploy-time', `${resource}.${attribute}: ${how.absent}`, range);
  if (how.asList) return { kind: 'list', items: [atRange(v, range)], range };
  return v.kind === 'map' ? v : atRange(v, range);
}
