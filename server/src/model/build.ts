// The path model builder: resolved template in, the network as the data plane sees it out. Each element
// kind has its own file; this one runs them in dependency order and fills the lookup index. It never
// throws: a builder that fails on some unforeseen input is reported as a problem and the rest of the
// model is still returned.
import type { NetworkModel, ModelIndex } from './types';
import type { ResolvedTemplate } from '../template/values';
import { newCtx, type Ctx } from './read';
import { buildVpcs, type VpcParts } from './vpcs';
import { buildGateways, type GatewayParts } from './gateways';
import { buildRouteTables, checkMoreSpecificThanLocal } from './routes';
import { buildNetworkAcls } from './nacls';
import { buildSecurityGroups } from './security-groups';
import { buildSubnets } from './subnets';
import { buildEndpoints } from './endpoints';
import { readOpaqueResources } from './opaque-resources';
import { buildFlows } from './flows';
import { buildLoadBalancing } from './load-balancers';
import { buildPrefixLists, linkPrefixLists } from './prefix-lists';
import { checkAssociations, checkPlacementGroups, checkRouteTargets, checkSubnetBlocks, disownRejectedSubnets } from './deploy-checks';
import { applyPlacementPins } from './placement-pins';
import { readGatewayRouteTables } from './gateway-route-tables';
import { buildPeerings } from './peerings';
import { buildTransitGateways, type TransitGatewayParts } from './transit-gateways';

/**
 * `allLogicalIds`: when `resolved` is one part of a bigger template (the live analysis builds a model per
 * part), the logical ids of the whole template, so that flow endpoint names are checked against all of them.
 */
export function buildModel(resolved: ResolvedTemplate, allLogicalIds?: readonly string[]): NetworkModel {
  const ctx = newCtx(resolved);
  const vp = guard(ctx, 'VPCs', (): VpcParts => buildVpcs(ctx), { vpcs: [], mainRouteTables: [], defaultNetworkAcls: [], defaultSecurityGroups: [] });
  const gw = guard(ctx, 'gateways', (): GatewayParts => buildGateways(ctx), { internetGateways: [], natGateways: [], elasticIps: [], otherGateways: [] });
  const routeTables = guard(ctx, 'route tables', () => buildRouteTables(ctx, vp.vpcs, vp.mainRouteTables), vp.mainRouteTables);
  const networkAcls = guard(ctx, 'network ACLs', () => buildNetworkAcls(ctx, vp.defaultNetworkAcls), vp.defaultNetworkAcls);
  const securityGroups = guard(ctx, 'security groups', () => buildSecurityGroups(ctx, vp.defaultSecurityGroups), vp.defaultSecurityGroups);
  const subnets = guard(ctx, 'subnets', () => buildSubnets(ctx, vp.vpcs), []);
  guard(ctx, 'route checks', () => checkMoreSpecificThanLocal(ctx, routeTables, subnets), undefined);
  guard(ctx, 'gateway route tables', () => readGatewayRouteTables(ctx, gw.internetGateways), undefined);
  const prefixLists = guard(ctx, 'prefix lists', () => buildPrefixLists(ctx), []);
  guard(ctx, 'prefix-list links', () => linkPrefixLists(prefixLists, routeTables, securityGroups), undefined);
  guard(ctx, 'subnet blocks', () => checkSubnetBlocks(ctx, subnets, vp.vpcs), undefined);
  guard(ctx, 'subnet associations', () => checkAssociations(ctx, subnets, routeTables, networkAcls), undefined);
  const endpoints = guard(ctx, 'endpoints', () => buildEndpoints(ctx, subnets, gw.elasticIps, gw.natGateways), []);
  const targetGroups = guard(ctx, 'load balancer targets', () => buildLoadBalancing(ctx, endpoints), []);
  guard(ctx, 'placement pins', () => applyPlacementPins(ctx, endpoints, subnets), undefined);
  guard(ctx, 'route targets', () => checkRouteTargets(ctx, routeTables, subnets, gw.internetGateways, gw.natGateways, endpoints, gw.otherGateways), undefined);
  guard(ctx, 'rejected subnets', () => disownRejectedSubnets(ctx, subnets, endpoints, gw.natGateways), undefined);
  guard(ctx, 'security groups of placements', () => checkPlacementGroups(ctx, endpoints, subnets, securityGroups), undefined);
  const flows = guard(ctx, 'flows', () => buildFlows(ctx), []);
  const peerings = guard(ctx, 'VPC peerings', () => buildPeerings(ctx, vp.vpcs), []);
  const tgw = guard(ctx, 'transit gateways', (): TransitGatewayParts => buildTransitGateways(ctx, vp.vpcs), { transitGateways: [], tgwAttachments: [], tgwRouteTables: [], tgwAssociations: new Map() });

  const model: NetworkModel = {
    vpcs: vp.vpcs,
    subnets,
    routeTables,
    networkAcls,
    securityGroups,
    internetGateways: gw.internetGateways,
    natGateways: gw.natGateways,
    elasticIps: gw.elasticIps,
    endpoints,
    otherGateways: gw.otherGateways,
    targetGroups,
    prefixLists,
    peerings,
    ...tgw,
    flows,
    unknowns: ctx.unknowns,
    problems: ctx.problems,
    index: emptyIndex(),
    logicalIds: allLogicalIds ? [...allLogicalIds] : [...resolved.resources.keys(), ...resolved.absentResources.keys()],
    absent: new Map([...resolved.absentResources].map(([id, a]) => [id, a.conditionName])),
  };
  const loops = (resolved.unexpandedLoops ?? []).filter((l) => l.section === 'Resources');
  const opaque = readOpaqueResources(resolved.resources);
  if (opaque.size) model.opaque = opaque;
  if (loops.length) model.unexpandedLoops = loops.map((l) => ({ name: l.name, reason: l.reason, keys: l.keys.map((k) => new RegExp(k)) }));
  model.index = buildIndex(model);
  return model;
}

function guard<T>(ctx: Ctx, what: string, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (e) {
    ctx.problems.push({
      code: 'MODEL_INTERNAL_ERROR',
      message: `packetwalk could not build the ${what} of this template (${e instanceof Error ? e.message : String(e)}); please report it`,
      range: { start: 0, end: 0 },
      severity: 'warning',
    });
    return fallback;
  }
}

function emptyIndex(): ModelIndex {
  return {
    vpc: new Map(),
    subnet: new Map(),
    routeTable: new Map(),
    networkAcl: new Map(),
    securityGroup: new Map(),
    internetGateway: new Map(),
    natGateway: new Map(),
    elasticIp: new Map(),
    endpoint: new Map(),
    otherGateway: new Map(),
    targetGroup: new Map(),
    prefixList: new Map(),
    peering: new Map(),
    transitGateway: new Map(),
    tgwRouteTable: new Map(),
  };
}

/** One map per element kind, by model id. */
export function buildIndex(m: NetworkModel): ModelIndex {
  const byId = <T extends { id: string }>(xs: T[]) => new Map(xs.map((x) => [x.id, x] as [string, T]));
  return {
    vpc: byId(m.vpcs),
    subnet: byId(m.subnets),
    routeTable: byId(m.routeTables),
    networkAcl: byId(m.networkAcls),
    securityGroup: byId(m.securityGroups),
    internetGateway: byId(m.internetGateways),
    natGateway: byId(m.natGateways),
    elasticIp: byId(m.elasticIps),
    endpoint: byId(m.endpoints),
    otherGateway: byId(m.otherGateways ?? []),
    targetGroup: byId(m.targetGroups ?? []),
    prefixList: byId(m.prefixLists ?? []),
    peering: byId(m.peerings ?? []),
    transitGateway: byId(m.transitGateways ?? []),
    tgwRouteTable: byId(m.tgwRouteTables ?? []),
  };
}
