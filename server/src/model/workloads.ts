// Managed services that put network interfaces in the template's subnets: ECS services (awsvpc), EKS
// clusters and node groups, ElastiCache, RDS Proxy, Redshift, OpenSearch, EFS, MSK, Batch, Glue, SageMaker,
// CodeBuild. Each is an endpoint with one placement per subnet it may use (a flow to it is all-or-nothing
// over those placements), with the security groups it declares (the VPC's default group when a service
// uses that one for lack of any). Where their interfaces go is read from the property each service
// documents in its CloudFormation reference; a service without it is either outside the VPC (skipped, as
// a Lambda function without VpcConfig) or in the default VPC (an unknown placement, with that reason).
import type { Endpoint, Maybe, PublicAddress } from './types';
import { isUnknown } from './types';
import { asMap, at, field, originOf, prop, readBool, readLink, readList, readString, resourcesOfType, unknown, type Ctx } from './read';
import { endpoint, placement, securityGroups, type Lookups } from './placements';
import type { RValue, ResolvedResource } from '../template/values';
import type { PortRange } from '../net/ports';

const LINUX: PortRange = { from: 32768, to: 60999 };

interface Spec {
  type: string;
  /** What the interfaces are, for messages: "ECS tasks". */
  what: string;
  /** Dotted path under Properties to the subnet list (or single subnet when `single`). */
  subnets?: string;
  single?: boolean;
  /** A subnet group resource named by `prop`, whose `list` property holds the subnets. */
  group?: { prop: string; type: string; list: string };
  /** Dotted path to the security groups (a list, or a single id when the path ends in `!`). */
  sgs?: string;
  /** A security group the service adds that the template cannot show (EKS's cluster security group). */
  hiddenSg?: string;
  /** No subnets: the service is outside every VPC (skipped), or placed in the default VPC (`defaultVpc`). */
  withoutSubnets: 'skip' | { defaultVpc: string };
  /** Dotted path to a boolean that gives the interfaces public addresses, and the reason. */
  publicFlag?: string;
  publicEnum?: { path: string; on: string };
  /** Whether the service uses the VPC's default security group when given none. */
  defaultSg: boolean;
  /** The value of `publicFlag` when the template leaves it out (DMS replication instances: true). */
  publicDefault?: boolean;
}

const SPECS: Spec[] = [
  {
    type: 'AWS::ECS::Service',
    what: 'ECS tasks',
    subnets: 'NetworkConfiguration.AwsvpcConfiguration.Subnets',
    sgs: 'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
    publicEnum: { path: 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp', on: 'ENABLED' },
    withoutSubnets: { defaultVpc: 'the service has no awsvpc NetworkConfiguration: its tasks use the network of the cluster\u2019s container instances (bridge or host mode), which the template does not link to a subnet' },
    defaultSg: true,
  },
  { type: 'AWS::ECS::TaskSet', what: 'ECS tasks', subnets: 'NetworkConfiguration.AwsVpcConfiguration.Subnets', sgs: 'NetworkConfiguration.AwsVpcConfiguration.SecurityGroups', publicEnum: { path: 'NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp', on: 'ENABLED' }, withoutSubnets: 'skip', defaultSg: true },
  {
    type: 'AWS::EKS::Cluster',
    what: 'EKS control-plane network interfaces',
    subnets: 'ResourcesVpcConfig.SubnetIds',
    sgs: 'ResourcesVpcConfig.SecurityGroupIds',
    hiddenSg: 'EKS also attaches the cluster security group it creates, whose rules the template does not show',
    withoutSubnets: { defaultVpc: 'the cluster names no subnets' },
    defaultSg: false,
  },
  {
    type: 'AWS::EKS::Nodegroup',
    what: 'EKS nodes',
    subnets: 'Subnets',
    hiddenSg: 'the nodes get the cluster security group EKS creates (or the launch template\u2019s groups), whose rules the template does not show',
    withoutSubnets: { defaultVpc: 'the node group names no subnets' },
    defaultSg: false,
  },
  { type: 'AWS::ElastiCache::CacheCluster', what: 'ElastiCache nodes', group: { prop: 'CacheSubnetGroupName', type: 'AWS::ElastiCache::SubnetGroup', list: 'SubnetIds' }, sgs: 'VpcSecurityGroupIds', withoutSubnets: { defaultVpc: 'no CacheSubnetGroupName: the cache is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::ElastiCache::ReplicationGroup', what: 'ElastiCache nodes', group: { prop: 'CacheSubnetGroupName', type: 'AWS::ElastiCache::SubnetGroup', list: 'SubnetIds' }, sgs: 'SecurityGroupIds', withoutSubnets: { defaultVpc: 'no CacheSubnetGroupName: the cache is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::ElastiCache::ServerlessCache', what: 'ElastiCache endpoints', subnets: 'SubnetIds', sgs: 'SecurityGroupIds', withoutSubnets: { defaultVpc: 'no SubnetIds: the cache is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::RDS::DBProxy', what: 'RDS Proxy network interfaces', subnets: 'VpcSubnetIds', sgs: 'VpcSecurityGroupIds', withoutSubnets: { defaultVpc: 'the proxy names no VpcSubnetIds' }, defaultSg: true },
  { type: 'AWS::RDS::DBProxyEndpoint', what: 'RDS Proxy endpoint network interfaces', subnets: 'VpcSubnetIds', sgs: 'VpcSecurityGroupIds', withoutSubnets: { defaultVpc: 'the proxy endpoint names no VpcSubnetIds' }, defaultSg: true },
  { type: 'AWS::Redshift::Cluster', what: 'Redshift nodes', group: { prop: 'ClusterSubnetGroupName', type: 'AWS::Redshift::ClusterSubnetGroup', list: 'SubnetIds' }, sgs: 'VpcSecurityGroupIds', publicFlag: 'PubliclyAccessible', withoutSubnets: { defaultVpc: 'no ClusterSubnetGroupName: the cluster is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::RedshiftServerless::Workgroup', what: 'Redshift Serverless endpoints', subnets: 'SubnetIds', sgs: 'SecurityGroupIds', publicFlag: 'PubliclyAccessible', withoutSubnets: { defaultVpc: 'no SubnetIds: the workgroup is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::OpenSearchService::Domain', what: 'OpenSearch domain network interfaces', subnets: 'VPCOptions.SubnetIds', sgs: 'VPCOptions.SecurityGroupIds', withoutSubnets: 'skip', defaultSg: true },
  { type: 'AWS::Elasticsearch::Domain', what: 'Elasticsearch domain network interfaces', subnets: 'VPCOptions.SubnetIds', sgs: 'VPCOptions.SecurityGroupIds', withoutSubnets: 'skip', defaultSg: true },
  { type: 'AWS::EFS::MountTarget', what: 'the EFS mount target', subnets: 'SubnetId', single: true, sgs: 'SecurityGroups', withoutSubnets: { defaultVpc: 'the mount target names no SubnetId' }, defaultSg: true },
  { type: 'AWS::MSK::Cluster', what: 'MSK brokers', subnets: 'BrokerNodeGroupInfo.ClientSubnets', sgs: 'BrokerNodeGroupInfo.SecurityGroups', withoutSubnets: { defaultVpc: 'the cluster names no ClientSubnets' }, defaultSg: true },
  { type: 'AWS::Batch::ComputeEnvironment', what: 'Batch compute instances', subnets: 'ComputeResources.Subnets', sgs: 'ComputeResources.SecurityGroupIds', withoutSubnets: 'skip', defaultSg: true },
  { type: 'AWS::Glue::Connection', what: 'Glue connection network interfaces', subnets: 'ConnectionInput.PhysicalConnectionRequirements.SubnetId', single: true, sgs: 'ConnectionInput.PhysicalConnectionRequirements.SecurityGroupIdList', withoutSubnets: 'skip', defaultSg: false },
  { type: 'AWS::SageMaker::Model', what: 'SageMaker model containers', subnets: 'VpcConfig.Subnets', sgs: 'VpcConfig.SecurityGroupIds', withoutSubnets: 'skip', defaultSg: false },
  { type: 'AWS::SageMaker::NotebookInstance', what: 'the SageMaker notebook instance', subnets: 'SubnetId', single: true, sgs: 'SecurityGroupIds', withoutSubnets: 'skip', defaultSg: true },
  { type: 'AWS::SageMaker::Domain', what: 'SageMaker domain apps', subnets: 'SubnetIds', sgs: 'DefaultUserSettings.SecurityGroups', withoutSubnets: 'skip', defaultSg: true },
  { type: 'AWS::DMS::ReplicationInstance', what: 'DMS replication instances', group: { prop: 'ReplicationSubnetGroupIdentifier', type: 'AWS::DMS::ReplicationSubnetGroup', list: 'SubnetIds' }, sgs: 'VpcSecurityGroupIds', publicFlag: 'PubliclyAccessible', publicDefault: true, withoutSubnets: { defaultVpc: 'no ReplicationSubnetGroupIdentifier: the instance is placed in the default VPC, which the template does not describe' }, defaultSg: true },
  { type: 'AWS::ApiGatewayV2::VpcLink', what: 'API Gateway VPC link network interfaces', subnets: 'SubnetIds', sgs: 'SecurityGroupIds', withoutSubnets: { defaultVpc: 'the VPC link names no SubnetIds' }, defaultSg: true },
  { type: 'AWS::CodeBuild::Project', what: 'CodeBuild build containers', subnets: 'VpcConfig.Subnets', sgs: 'VpcConfig.SecurityGroupIds', withoutSubnets: 'skip', defaultSg: false },
];

/** The resource types this file makes endpoints of (for the README and the walk's messages). */
export const WORKLOAD_TYPES = SPECS.map((s) => s.type).concat(['AWS::EFS::FileSystem', 'AWS::MSK::ServerlessCluster']);

/** A value at a dotted path under Properties. */
function at2(r: ResolvedResource, path: string): RValue | undefined {
  const [first, ...rest] = path.split('.');
  let v = prop(r, first);
  for (const k of rest) v = field(v, k);
  return v;
}

export function buildWorkloads(ctx: Ctx, lk: Lookups): Endpoint[] {
  const out: Endpoint[] = [];
  const mountTargets = new Map<string, Endpoint>();
  for (const spec of SPECS) {
    for (const r of resourcesOfType(ctx, spec.type)) {
      const e = workload(ctx, lk, spec, r);
      if (!e) continue;
      out.push(e);
      if (spec.type === 'AWS::EFS::MountTarget') mountTargets.set(r.id, e);
    }
  }
  out.push(...fileSystems(ctx, mountTargets));
  out.push(...mskServerless(ctx, lk));
  return out;
}

function ephemeralFor(what: string): { range: PortRange; assumption: string } {
  return { range: { ...LINUX }, assumption: `${what} run on Linux hosts the template does not describe: Linux default ip_local_port_range 32768-60999 assumed (kernel ip-sysctl.rst)` };
}

function workload(ctx: Ctx, lk: Lookups, spec: Spec, r: ResolvedResource): Endpoint | undefined {
  const subnetsV = spec.subnets ? at2(r, spec.subnets) : undefined;
  const groupV = spec.group ? prop(r, spec.group.prop) : undefined;
  if (subnetsV === undefined && groupV === undefined && spec.withoutSubnets === 'skip') return undefined;
  const e = endpoint(r, 'service', ephemeralFor(spec.what));
  const sgs = spec.sgs ? securityGroups(ctx, r.id, spec.sgs, at2(r, spec.sgs)) : [];
  if (spec.hiddenSg) sgs.push(unknown(ctx, r.id, spec.sgs ?? 'SecurityGroups', spec.hiddenSg, r.idRange));
  const pub = publicAddress(ctx, spec, r);
  const place = (subnet: Maybe<string>, range = r.idRange) => e.placements.push(placement(ctx, lk, subnet, undefined, pub, [...sgs], originOf(r, range), spec.defaultSg));
  if (subnetsV === undefined && groupV === undefined) {
    place(unknown(ctx, r.id, spec.subnets ?? spec.group!.prop, (spec.withoutSubnets as { defaultVpc: string }).defaultVpc, r.idRange));
    return e;
  }
  let items: RValue[] | ReturnType<typeof unknown> | undefined;
  let owner = r;
  let property = spec.subnets ?? '';
  if (spec.group && groupV !== undefined) {
    const gid = readLink(at(ctx, r.id, spec.group.prop), groupV);
    const g = typeof gid === 'string' ? ctx.rt.resources.get(gid) : undefined;
    if (!g || g.type !== spec.group.type) {
      place(isUnknown(gid) ? gid : unknown(ctx, r.id, spec.group.prop, `the subnet group is not a ${spec.group.type} of the template`, groupV.range), groupV.range);
      return e;
    }
    owner = g;
    property = spec.group.list;
    items = readList(at(ctx, g.id, property), prop(g, property));
  } else items = spec.single ? [subnetsV!] : readList(at(ctx, r.id, property), subnetsV);
  if (items === undefined) place(unknown(ctx, owner.id, property, `${owner.id} lists no subnets`, owner.idRange));
  else if (isUnknown(items)) place(items, items.range);
  else {
    for (const v of items) {
      const s = readLink(at(ctx, owner.id, property), v);
      if (s !== undefined) place(s, v.range);
    }
  }
  return e;
}

function publicAddress(ctx: Ctx, spec: Spec, r: ResolvedResource): PublicAddress {
  const none: PublicAddress = { kind: 'none', reason: `${spec.what} get no public address` };
  if (spec.publicFlag) {
    const b = readBool(at(ctx, r.id, spec.publicFlag), at2(r, spec.publicFlag)) ?? spec.publicDefault;
    if (isUnknown(b)) return b;
    return b === true ? { kind: 'auto', reason: `${spec.publicFlag} is true${at2(r, spec.publicFlag) === undefined ? ' (the default)' : ''}` } : { kind: 'none', reason: `${spec.what} are not ${spec.publicFlag}` };
  }
  if (spec.publicEnum) {
    const s = readString(at(ctx, r.id, spec.publicEnum.path), at2(r, spec.publicEnum.path));
    if (isUnknown(s)) return s;
    const name = spec.publicEnum.path.split('.').pop();
    return s === spec.publicEnum.on ? { kind: 'auto', reason: `${name} is ${s}` } : { kind: 'none', reason: `${name} is ${s ?? 'DISABLED (the default)'}` };
  }
  return none;
}

/** An EFS file system is reached at each of its mount targets: one placement per mount target. */
function fileSystems(ctx: Ctx, mountTargets: Map<string, Endpoint>): Endpoint[] {
  const out: Endpoint[] = [];
  for (const fs of resourcesOfType(ctx, 'AWS::EFS::FileSystem')) {
    const e = endpoint(fs, 'service', ephemeralFor('EFS mount targets'));
    for (const [id, mt] of mountTargets) {
      const r = ctx.rt.resources.get(id)!;
      if (readLink(at(ctx, id, 'FileSystemId'), prop(r, 'FileSystemId')) === fs.id) e.placements.push(...mt.placements);
    }
    out.push(e);
  }
  return out;
}

/** MSK Serverless: one placement per subnet of each VpcConfigs entry, with that entry's groups. */
function mskServerless(ctx: Ctx, lk: Lookups): Endpoint[] {
  const out: Endpoint[] = [];
  for (const r of resourcesOfType(ctx, 'AWS::MSK::ServerlessCluster')) {
    const e = endpoint(r, 'service', ephemeralFor('MSK Serverless endpoints'));
    const pub: PublicAddress = { kind: 'none', reason: 'MSK Serverless endpoints get no public address' };
    const configs = readList(at(ctx, r.id, 'VpcConfigs'), prop(r, 'VpcConfigs'));
    if (!configs || isUnknown(configs)) {
      const u = configs ?? unknown(ctx, r.id, 'VpcConfigs', 'the cluster has no VpcConfigs', r.idRange);
      e.placements.push(placement(ctx, lk, u, undefined, pub, [], originOf(r, u.range), true));
    } else {
      configs.forEach((c, i) => {
        if (!asMap(c)) return;
        const sgs = securityGroups(ctx, r.id, `VpcConfigs[${i}].SecurityGroups`, field(c, 'SecurityGroups'));
        const items = readList(at(ctx, r.id, `VpcConfigs[${i}].SubnetIds`), field(c, 'SubnetIds'));
        if (!items || isUnknown(items)) {
          const u = items ?? unknown(ctx, r.id, `VpcConfigs[${i}].SubnetIds`, 'the VPC configuration lists no subnets', c.range);
          e.placements.push(placement(ctx, lk, u, undefined, pub, sgs, originOf(r, c.range), true));
          return;
        }
        for (const v of items) {
          const s = readLink(at(ctx, r.id, `VpcConfigs[${i}].SubnetIds`), v);
          if (s !== undefined) e.placements.push(placement(ctx, lk, s, undefined, pub, [...sgs], originOf(r, v.range), true));
        }
      });
    }
    out.push(e);
  }
  return out;
}
