// AWS Network Firewall: an AWS::NetworkFirewall::Firewall places one firewall endpoint in each subnet of
// its SubnetMappings (one per Availability Zone), and every endpoint filters what routes send to it with
// the firewall's policy (Network Firewall Developer Guide, "VPC subnet configuration"). The firewall is an
// endpoint of the model with one placement per endpoint, no security group and no public address.
//
// Routes name an endpoint through the firewall's EndpointIds attribute, a list of "<zone>:<vpce-id>"
// strings that CloudFormation returns in no particular order (AWS::NetworkFirewall::Firewall, return
// values). So `!Select [1, !Split [":", !Select [i, !GetAtt Fw.EndpointIds]]]` names "endpoint number i"
// of the firewall: which zone (which subnet) that is, the template decides only when the firewall has a
// single subnet mapping. Two routes with the same i name the same endpoint, whatever its zone.
import type { Endpoint, Maybe, PublicAddress } from './types';
import { isUnknown } from './types';
import { asMap, at, field, originOf, prop, readList, readLink, readRef, resourcesOfType, type Ctx } from './read';
import { endpoint, placement, type Lookups } from './placements';
import { get, type LNode } from '../template/located';
import type { ResolvedResource } from '../template/values';

const FIREWALL = 'AWS::NetworkFirewall::Firewall';

/** A firewall endpoint answers no connection of its own: the source ports are never used, stated for completeness. */
const FIREWALL_EPHEMERAL = { range: { from: 1024, to: 65535 }, assumption: 'a firewall endpoint starts no connection; 1024-65535 assumed for any it would make' };

export function buildFirewallEndpoints(ctx: Ctx, lk: Lookups): Endpoint[] {
  const out: Endpoint[] = [];
  for (const r of resourcesOfType(ctx, FIREWALL)) {
    const e = endpoint(r, 'vpc-endpoint', FIREWALL_EPHEMERAL);
    e.inspection = { kind: 'firewall', policy: policyOf(ctx, r) };
    const none: PublicAddress = { kind: 'none', reason: 'a firewall endpoint has no public address' };
    const list = readList(at(ctx, r.id, 'SubnetMappings'), prop(r, 'SubnetMappings'));
    if (isUnknown(list)) e.placements.push(placement(ctx, lk, list, undefined, none, [], originOf(r, list.range), false));
    else {
      for (const [i, m] of (list ?? []).entries()) {
        const v = asMap(m) ? field(m, 'SubnetId') : m;
        const s = readLink(at(ctx, r.id, `SubnetMappings[${i}].SubnetId`), v);
        if (s !== undefined) e.placements.push(placement(ctx, lk, s, undefined, none, [], originOf(r, (v ?? m).range), false));
      }
    }
    out.push(e);
  }
  return out;
}

/** The firewall policy's logical id (`!Ref Policy` or `!GetAtt Policy.FirewallPolicyArn`), or why it is unknown. */
function policyOf(ctx: Ctx, r: ResolvedResource): Maybe<string> | undefined {
  const v = get(get(r.node, 'Properties'), 'FirewallPolicyArn');
  const e = v?.kind === 'map' && v.entries.length === 1 ? v.entries[0] : undefined;
  let named: string | undefined;
  if (e?.key === 'Ref' && e.value.kind === 'scalar' && typeof e.value.value === 'string') named = e.value.value;
  if (e?.key === 'Fn::GetAtt') {
    const a = e.value;
    named = a.kind === 'scalar' && typeof a.value === 'string' ? a.value.split('.')[0] : a.kind === 'seq' && typeof scalar(a.items[0]) === 'string' ? (scalar(a.items[0]) as string) : undefined;
  }
  if (named && ctx.rt.resources.has(named)) return named;
  const ref = readRef(at(ctx, r.id, 'FirewallPolicyArn'), prop(r, 'FirewallPolicyArn'));
  return ref === undefined ? undefined : 'unknown' in ref ? ref : ref.id;
}

/** What a route's target expression says about a firewall endpoint, read from the template text. */
export interface FirewallPick {
  firewall: string;
  index: number | null;
  reason?: string;
}

/**
 * The firewall endpoint a route property names, when its value is built from `Fn::GetAtt <Firewall>.EndpointIds`
 * (which the resolver leaves unknown: the ids exist only after deploy). Recognises the documented idiom
 * `Fn::Select [1, Fn::Split [":", Fn::Select [i, Fn::GetAtt [Fw, EndpointIds]]]]`; any other expression over
 * EndpointIds names the firewall with the endpoint undecided.
 */
export function firewallPick(ctx: Ctx, r: ResolvedResource, property: string): FirewallPick | undefined {
  const v = get(get(r.node, 'Properties'), property);
  if (!v) return undefined;
  const firewall = endpointIdsOf(ctx, v, 0);
  if (!firewall) return undefined;
  const outer = call(v, 'Fn::Select');
  const split = outer && outer.length === 2 ? call(outer[1], 'Fn::Split') : undefined;
  const inner = split && split.length === 2 && scalar(split[0]) === ':' ? call(split[1], 'Fn::Select') : undefined;
  const direct = inner && inner.length === 2 && endpointIdsAt(inner[1]) === firewall;
  const part = outer ? index(outer[0]) : null;
  const i = inner ? index(inner[0]) : null;
  if (direct && part === 1 && i !== null) return { firewall, index: i };
  if (direct && part === 0) return { firewall, index: null, reason: `the expression selects the zone name of an endpoint of ${firewall} ("<zone>:<endpoint id>"), not its id, so the route has no valid target` };
  return { firewall, index: null, reason: `the template picks an endpoint out of ${firewall}.EndpointIds with an expression packetwalk does not evaluate` };
}

/** The arguments of a one-key intrinsic map `{ name: [..] }`. */
function call(n: LNode | undefined, name: string): LNode[] | undefined {
  if (!n || n.kind !== 'map' || n.entries.length !== 1 || n.entries[0].key !== name) return undefined;
  const a = n.entries[0].value;
  return a.kind === 'seq' ? a.items : undefined;
}

function scalar(n: LNode | undefined): string | number | boolean | null | undefined {
  return n && n.kind === 'scalar' ? n.value : undefined;
}

function index(n: LNode | undefined): number | null {
  const s = scalar(n);
  const v = typeof s === 'number' ? s : typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isInteger(v) && v >= 0 ? v : null;
}

/** The firewall whose EndpointIds this very node reads (`Fn::GetAtt [Fw, EndpointIds]` or `Fw.EndpointIds`). */
function endpointIdsAt(n: LNode | undefined): string | undefined {
  if (!n || n.kind !== 'map' || n.entries.length !== 1 || n.entries[0].key !== 'Fn::GetAtt') return undefined;
  const a = n.entries[0].value;
  let id: unknown;
  let attr: unknown;
  if (a.kind === 'scalar' && typeof a.value === 'string') [id, attr] = [a.value.slice(0, a.value.indexOf('.')), a.value.slice(a.value.indexOf('.') + 1)];
  else if (a.kind === 'seq' && a.items.length === 2) [id, attr] = [scalar(a.items[0]), scalar(a.items[1])];
  return attr === 'EndpointIds' && typeof id === 'string' ? id : undefined;
}

/** The firewall whose EndpointIds the expression reads anywhere inside (bounded depth: never a hang). */
function endpointIdsOf(ctx: Ctx, n: LNode, depth: number): string | undefined {
  if (depth > 12) return undefined;
  const here = endpointIdsAt(n);
  if (here) return (ctx.rt.resources.get(here) ?? ctx.rt.absentResources.get(here))?.type === FIREWALL ? here : undefined;
  const kids = n.kind === 'map' ? n.entries.map((e) => e.value) : n.kind === 'seq' ? n.items : [];
  for (const k of kids) {
    const f = endpointIdsOf(ctx, k, depth + 1);
    if (f) return f;
  }
  return undefined;
}

