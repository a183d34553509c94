// Reading resolved property values into model values. CloudFormation accepts numbers and booleans as
// strings ("5432", "-1", "true"), so every reader coerces; a value the resolver could not decide, or one
// that is malformed, becomes an `Unknown` that is also recorded in the model's unknowns (and, when the
// text is wrong rather than undecided, a problem). Nothing here throws.
import type { Problem, Range, Severity } from '../template/located';
import type { RMap, RValue, ResolvedResource, ResolvedTemplate } from '../template/values';
import type { Existence, ModelUnknown, Origin, Unknown } from './types';
import { parseCidr, parseIp, type Cidr, type Ip } from '../net/ip';

/** What every builder shares: the input, and the unknowns and problems found so far. */
export interface Ctx {
  rt: ResolvedTemplate;
  unknowns: ModelUnknown[];
  problems: Problem[];
  seenUnknowns: Set<string>;
  /**
   * The resources by type, in template order, built on the first `resourcesOfType` call: the builders ask
   * for a type ~40 times, and a scan of every resource per ask cost ~10% of the model stage on 1 MB.
   */
  byType?: Map<string, ResolvedResource[]>;
}

export function newCtx(rt: ResolvedTemplate): Ctx {
  return { rt, unknowns: [], problems: [], seenUnknowns: new Set() };
}

export function existsOf(r: ResolvedResource): Existence {
  return r.condition === 'unknown' ? 'unknown' : 'yes';
}

export function originOf(r: ResolvedResource, range?: Range, element?: Origin['element']): Origin {
  const o: Origin = { resource: r.id, range: range ?? r.range };
  if (element) o.element = element;
  return o;
}

/** The resources of any of `types`, in template order (a new array each call: callers may keep it). */
export function resourcesOfType(ctx: Ctx, ...types: string[]): ResolvedResource[] {
  const byType = (ctx.byType ??= indexByType(ctx.rt));
  let found: ResolvedResource[] | undefined;
  for (const t of types) {
    const list = byType.get(t);
    if (!list || list === found) continue;
    // Several types present: one pass over the template keeps their resources in template order.
    if (found) return [...ctx.rt.resources.values()].filter((r) => types.includes(r.type));
    found = list;
  }
  return found ? found.slice() : [];
}

function indexByType(rt: ResolvedTemplate): Map<string, ResolvedResource[]> {
  const lists = new Map<string, ResolvedResource[]>();
  for (const r of rt.resources.values()) {
    const list = lists.get(r.type);
    if (list) list.push(r);
    else lists.set(r.type, [r]);
  }
  return lists;
}

export function prop(r: ResolvedResource, name: string): RValue | undefined {
  return r.properties?.entries?.get(name);
}

export function field(m: RValue | undefined, name: string): RValue | undefined {
  return m && m.kind === 'map' ? m.entries.get(name) : undefined;
}

/** The range of a property's value, or of the resource when the property is absent. */
export function propRange(r: ResolvedResource, name: string): Range {
  return prop(r, name)?.range ?? r.range;
}

export function problem(ctx: Ctx, code: string, message: string, range: Range, severity: Severity = 'error'): void {
  // Builders may read one property twice (a group's egress list decides its rules and its default egress):
  // the same problem at the same place is reported once.
  if (ctx.problems.some((p) => p.code === code && p.range.start === range.start && p.range.end === range.end && p.message === message)) return;
  ctx.problems.push({ code, message, range, severity });
}

/** Records an unknown (once per resource + property + range) and returns the model's Unknown for it. */
export function unknown(ctx: Ctx, resource: string, property: string, reason: string, range: Range): Unknown {
  const key = `${resource}\u0000${property}\u0000${range.start}:${range.end}`;
  if (!ctx.seenUnknowns.has(key)) {
    ctx.seenUnknowns.add(key);
    ctx.unknowns.push({ resource, property, reason, range });
  }
  return { unknown: true, reason, range };
}

/** Where a reader is looking: for unknowns and problems. */
export interface At {
  ctx: Ctx;
  resource: string;
  property: string;
}

export function at(ctx: Ctx, resource: string, property: string): At {
  return { ctx, resource, property };
}

function fromResolverUnknown(a: At, v: RValue): Unknown {
  const reason = v.kind === 'unknown' ? v.reason : 'value cannot be decided from the template';
  return unknown(a.ctx, a.resource, a.property, reason, v.range);
}

/** A malformed value: a problem in the template and an Unknown in the model. */
export function bad(a: At, code: string, message: string, range: Range, severity: Severity = 'error'): Unknown {
  problem(a.ctx, code, message, range, severity);
  return unknown(a.ctx, a.resource, a.property, message, range);
}

function describe(v: RValue): string {
  switch (v.kind) {
    case 'str':
      return JSON.stringify(v.value);
    case 'num':
    case 'bool':
      return String(v.value);
    case 'null':
      return 'null';
    case 'list':
      return 'a list';
    case 'map':
      return 'a map';
    case 'ref':
      return v.attribute ? `!GetAtt ${v.resource}.${v.attribute}` : `!Ref ${v.resource}`;
    default:
      return 'an unknown value';
  }
}

export function readString(a: At, v: RValue | undefined): string | Unknown | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'num' || v.kind === 'bool') return String(v.value);
  if (v.kind === 'unknown') return fromResolverUnknown(a, v);
  if (v.kind === 'ref') {
    return unknown(a.ctx, a.resource, a.property, `${describe(v)} is known only after deployment`, v.range);
  }
  return bad(a, 'MODEL_BAD_VALUE', `${a.resource}.${a.property} should be a string, not ${describe(v)}`, v.range);
}

export function readNumber(a: At, v: RValue | undefined): number | Unknown | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'num') return v.value;
  if (v.kind === 'str' && /^\s*-?\d+(\.\d+)?\s*$/.test(v.value)) return Number(v.value);
  if (v.kind === 'unknown') return fromResolverUnknown(a, v);
  return bad(a, 'MODEL_BAD_NUMBER', `${a.resource}.${a.property} should be a number, not ${describe(v)}`, v.range);
}

export function readBool(a: At, v: RValue | undefined): boolean | Unknown | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'str') {
    const t = v.value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  if (v.kind === 'unknown') return fromResolverUnknown(a, v);
  return bad(a, 'MODEL_BAD_BOOLEAN', `${a.resource}.${a.property} should be true or false, not ${describe(v)}`, v.range);
}

/**
 * A CIDR block. `!GetAtt Vpc.CidrBlock` / `!GetAtt Subnet.CidrBlock` (common in CDK output) are read
 * from the referenced resource's own CidrBlock property.
 */
export function readCidr(a: At, v: RValue | undefined, depth = 0): Cidr | Unknown | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'ref' && v.attribute === 'CidrBlock' && depth < 3) {
    const target = a.ctx.rt.resources.get(v.resource);
    if (target && (target.type === 'AWS::EC2::VPC' || target.type === 'AWS::EC2::Subnet')) {
      const c = readCidr(at(a.ctx, target.id, 'CidrBlock'), prop(target, 'CidrBlock'), depth + 1);
      return c ?? unknown(a.ctx, a.resource, a.property, `${v.resource} has no CidrBlock`, v.range);
    }
  }
  const s = readString(a, v);
  if (s === undefined || typeof s !== 'string') return s;
  const p = parseCidr(s);
  if (!p.ok) return bad(a, 'MODEL_BAD_CIDR', `${a.resource}.${a.property}: ${p.error}`, v.range);
  return p.cidr;
}

export function readIp(a: At, v: RValue | undefined): Ip | Unknown | undefined {
  const s = readString(a, v);
  if (s === undefined || typeof s !== 'string') return s;
  const ip = parseIp(s);
  if (!ip) return bad(a, 'MODEL_BAD_IP', `${a.resource}.${a.property}: "${s}" is not an IP address`, v!.range);
  return ip;
}

/** The attributes that name an implicit element of a VPC, and the model id suffix of that element. */
const VPC_IMPLICIT: Record<string, string> = {
  DefaultNetworkAcl: '#default-acl',
  DefaultSecurityGroup: '#default-sg',
};

export type RefRead = { id: string; type?: string; absent?: { conditionName: string }; undefinedId?: boolean } | Unknown;

/**
 * The template resource a value names: `Ref X` or `GetAtt X.<id attribute>`. A plain string is a
 * physical id of something outside the template (an existing VPC, `sg-…`), which the model cannot
 * see: Unknown with that reason. `GetAtt Vpc.DefaultNetworkAcl` / `.DefaultSecurityGroup` name the
 * VPC's implicit elements.
 */
export function readRef(a: At, v: RValue | undefined): RefRead | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'ref') {
    const suffix = v.attribute ? VPC_IMPLICIT[v.attribute] : undefined;
    const r = a.ctx.rt.resources.get(v.resource);
    if (suffix && r?.type === 'AWS::EC2::VPC') return { id: v.resource + suffix, type: v.attribute };
    if (r) return { id: v.resource, type: r.type };
    const absent = a.ctx.rt.absentResources.get(v.resource);
    if (absent) return { id: v.resource, type: absent.type, absent: { conditionName: absent.conditionName } };
    return { id: v.resource, undefinedId: true };
  }
  if (v.kind === 'str') {
    const why = v.value.trim() === '' ? 'the value is empty' : `"${v.value}" names a resource outside the template`;
    return unknown(a.ctx, a.resource, a.property, why, v.range);
  }
  if (v.kind === 'unknown') return fromResolverUnknown(a, v);
  return bad(a, 'MODEL_BAD_REFERENCE', `${a.resource}.${a.property} should name a resource, not ${describe(v)}`, v.range);
}

/** readRef for links where an absent or undefined target cannot be modelled: Unknown with the reason. */
export function readLink(a: At, v: RValue | undefined): string | Unknown | undefined {
  const r = readRef(a, v);
  if (r === undefined || 'unknown' in r) return r;
  if (r.absent) {
    return unknown(a.ctx, a.resource, a.property, `${r.id} is not created (Condition ${r.absent.conditionName} is false)`, v!.range);
  }
  if (r.undefinedId) return unknown(a.ctx, a.resource, a.property, `${r.id} is not defined in the template`, v!.range);
  return r.id;
}

/** The items of a list property; a single value is a one-item list; an unknown list is one Unknown item. */
export function readList(a: At, v: RValue | undefined): RValue[] | Unknown | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'list') return v.items;
  if (v.kind === 'unknown') return fromResolverUnknown(a, v);
  if (v.kind === 'str' && v.value.includes(',')) {
    // A CommaDelimitedList that arrived as one string.
    return v.value.split(',').map((s) => ({ kind: 'str', value: s.trim(), range: v.range }) as RValue);
  }
  if (v.kind === 'map' || v.kind === 'num' || v.kind === 'bool') {
    // CloudFormation rejects the stack ("Value of property … must be of type List"); read the value as a
    // one-item list so the rest of the template can still be walked, and say so.
    problem(
      a.ctx,
      'MODEL_BAD_VALUE',
      `${a.resource}.${a.property} must be a list, but it is ${describe(v)}: CloudFormation rejects this template (read here as a list of one item)`,
      v.range,
    );
  }
  return [v];
}

export function asMap(v: RValue | undefined): RMap | undefined {
  return v && v.kind === 'map' ? v : undefined;
}
