// Auto Scaling groups: their instances are launched in each subnet of VPCZoneIdentifier, with the
// security groups and public-address setting of the launch template or launch configuration. One
// placement per subnet; the instance addresses are never fixed by the template.
import type { Endpoint, Maybe, PublicAddress } from './types';
import { isUnknown } from './types';
import { asMap, at, field, originOf, prop, readBool, readLink, readList, unknown, type Ctx } from './read';
import { EPHEMERAL, autoPublic, endpoint, placement, securityGroups, type Lookups } from './placements';
import type { RValue, ResolvedResource } from '../template/values';

interface LaunchSettings {
  sgs: Array<Maybe<string>>;
  associatePublic?: Maybe<boolean>;
}

export function buildAutoScalingGroups(ctx: Ctx, lk: Lookups): Endpoint[] {
  const out: Endpoint[] = [];
  for (const r of ctx.rt.resources.values()) {
    if (r.type !== 'AWS::AutoScaling::AutoScalingGroup') continue;
    const e = endpoint(r, 'instance', EPHEMERAL.instance);
    const launch = launchSettings(ctx, r);
    const zones = readList(at(ctx, r.id, 'VPCZoneIdentifier'), prop(r, 'VPCZoneIdentifier'));
    const add = (subnet: Maybe<string>, v: RValue | undefined) => {
      const pub: PublicAddress = autoPublic(lk, subnet, launch.associatePublic);
      e.placements.push(placement(ctx, lk, subnet, undefined, pub, [...launch.sgs], originOf(r, v?.range ?? r.idRange), true));
    };
    if (zones === undefined) add(unknown(ctx, r.id, 'VPCZoneIdentifier', 'no VPCZoneIdentifier: instances launch in the default VPC, which the template does not describe', r.idRange), undefined);
    else if (isUnknown(zones)) add(zones, undefined);
    else {
      for (const v of zones) {
        const s = readLink(at(ctx, r.id, 'VPCZoneIdentifier'), v);
        if (s !== undefined) add(s, v);
      }
    }
    out.push(e);
  }
  return out;
}

function launchSettings(ctx: Ctx, asg: ResolvedResource): LaunchSettings {
  const mixed = field(field(prop(asg, 'MixedInstancesPolicy'), 'LaunchTemplate'), 'LaunchTemplateSpecification');
  const spec = asMap(prop(asg, 'LaunchTemplate')) ?? asMap(mixed);
  const ltId = spec ? readLink(at(ctx, asg.id, 'LaunchTemplate.LaunchTemplateId'), field(spec, 'LaunchTemplateId') ?? field(spec, 'LaunchTemplateName')) : undefined;
  const lt = typeof ltId === 'string' ? ctx.rt.resources.get(ltId) : undefined;
  if (lt && lt.type === 'AWS::EC2::LaunchTemplate') {
    const data = prop(lt, 'LaunchTemplateData');
    const nis = readList(at(ctx, lt.id, 'LaunchTemplateData.NetworkInterfaces'), field(data, 'NetworkInterfaces'));
    const primary = nis && !isUnknown(nis) ? nis.find((n) => { const d = field(n, 'DeviceIndex'); return d === undefined || (d.kind === 'num' && d.value === 0) || (d.kind === 'str' && d.value === '0'); }) : undefined;
    if (primary) {
      return {
        sgs: securityGroups(ctx, lt.id, 'LaunchTemplateData.NetworkInterfaces.Groups', field(primary, 'Groups')),
        associatePublic: readBool(at(ctx, lt.id, 'LaunchTemplateData.NetworkInterfaces.AssociatePublicIpAddress'), field(primary, 'AssociatePublicIpAddress')),
      };
    }
    const sgs = securityGroups(ctx, lt.id, 'LaunchTemplateData.SecurityGroupIds', field(data, 'SecurityGroupIds'));
    const names = field(data, 'SecurityGroups');
    if (names !== undefined) sgs.push(...namedGroups(ctx, lt.id, 'LaunchTemplateData.SecurityGroups', names));
    return { sgs };
  }
  if (ltId !== undefined) {
    const u = isUnknown(ltId) ? ltId : unknown(ctx, asg.id, 'LaunchTemplate', `${ltId} is not a launch template of this template`, asg.idRange);
    return { sgs: [u], associatePublic: u };
  }
  const lcId = readLink(at(ctx, asg.id, 'LaunchConfigurationName'), prop(asg, 'LaunchConfigurationName'));
  const lc = typeof lcId === 'string' ? ctx.rt.resources.get(lcId) : undefined;
  if (lc && lc.type === 'AWS::AutoScaling::LaunchConfiguration') {
    const sgv = prop(lc, 'SecurityGroups');
    return {
      sgs: sgv === undefined ? [] : namedGroups(ctx, lc.id, 'SecurityGroups', sgv),
      associatePublic: readBool(at(ctx, lc.id, 'AssociatePublicIpAddress'), prop(lc, 'AssociatePublicIpAddress')),
    };
  }
  if (lcId !== undefined) {
    const u = isUnknown(lcId) ? lcId : unknown(ctx, asg.id, 'LaunchConfigurationName', `${lcId} is not a launch configuration of this template`, asg.idRange);
    return { sgs: [u], associatePublic: u };
  }
  const u = unknown(ctx, asg.id, 'LaunchTemplate', 'the group names no launch template or launch configuration the model can read', asg.idRange);
  return { sgs: [u], associatePublic: u };
}

/** SecurityGroups lists that take ids (Ref / GetAtt GroupId) or names; a name cannot be linked. */
function namedGroups(ctx: Ctx, resource: string, property: string, v: RValue): Array<Maybe<string>> {
  const items = readList(at(ctx, resource, property), v);
  if (items === undefined) return [];
  if (isUnknown(items)) return [items];
  return items.map((n) =>
    n.kind === 'ref'
      ? (readLink(at(ctx, resource, property), n) ?? unknown(ctx, resource, property, 'the security group cannot be read', n.range))
      : unknown(ctx, resource, property, 'security groups given by name cannot be linked to the template\u2019s groups', n.range),
  );
}
