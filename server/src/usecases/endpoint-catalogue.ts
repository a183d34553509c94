// The names a person can write as a flow's `From`/`To`, each with what it is and where it sits: the model's
// endpoints (with their subnets and VPCs), its subnets (a probe host there), `internet`, `aws:<service>`
// names and, for CDK stacks analysed with their cloud assembly, construct paths. Completion offers them,
// and "did you mean" draws from `pool`. Pure: computed from a model the analysis worker already holds.
import { isUnknown, type Endpoint, type NetworkModel, type Subnet } from '../model/types';
import { formatCidr } from '../net/ip';
import { suggestionPool } from '../walk/endpoints';
import { buildModel } from '../model/build';
import { resolveTemplate } from '../template/resolve';
import type { ParseResult } from '../template/located';

export type CatalogueCategory = 'endpoint' | 'subnet' | 'internet' | 'service' | 'construct';

export interface CatalogueEntry {
  /** What is written in the flow. */
  name: string;
  category: CatalogueCategory;
  /** The resource type (`AWS::EC2::Instance`), or `internet` / `aws:service`. */
  type: string;
  /** Where it sits (subnets, VPC, addresses), in Markdown. */
  documentation: string;
  /** A construct path: the model id it names. */
  target?: string;
  /** A logical id that a construct path also names (CDK users write the path). */
  namedBy?: string;
}

export interface EndpointCatalogue {
  entries: CatalogueEntry[];
  /** Every name "did you mean" may suggest (the same names the FLOW_UNKNOWN_ENDPOINT message draws from). */
  pool: string[];
}

/**
 * Services offered as `aws:<service>` besides those the template has VPC endpoints for: the engine accepts
 * any service name (the part after the region in `com.amazonaws.<region>.<service>`); these are the ones
 * workloads in a VPC most often reach.
 */
const COMMON_SERVICES = ['s3', 'dynamodb', 'secretsmanager', 'ssm', 'ecr.api', 'ecr.dkr', 'logs', 'sts', 'kms', 'sqs', 'sns', 'monitoring'];

export function endpointCatalogue(model: NetworkModel, constructPaths?: ReadonlyMap<string, string>): EndpointCatalogue {
  const entries: CatalogueEntry[] = [];
  const subnetDoc = new Map<string, string>();
  for (const s of model.subnets) subnetDoc.set(s.id, subnetWords(model, s));
  for (const ep of model.endpoints) {
    if (ep.id.includes('#')) continue; // implicit elements are not names a user can type
    entries.push({ name: ep.id, category: 'endpoint', type: ep.type, documentation: endpointWords(ep, subnetDoc) });
  }
  for (const s of model.subnets) {
    entries.push({ name: s.id, category: 'subnet', type: 'AWS::EC2::Subnet', documentation: `A probe host in subnet \`${s.id}\`: ${subnetDoc.get(s.id)}; no security group.` });
  }
  entries.push({ name: 'internet', category: 'internet', type: 'internet', documentation: 'Any public address on the internet.' });
  const viaEndpoint = new Map<string, string[]>();
  for (const ep of model.endpoints) {
    if (ep.service) viaEndpoint.set(ep.service.name, [...(viaEndpoint.get(ep.service.name) ?? []), ep.id]);
  }
  for (const service of [...new Set([...viaEndpoint.keys(), ...COMMON_SERVICES])]) {
    const own = viaEndpoint.get(service);
    const how = own
      ? `The template has a VPC endpoint for it: ${own.map((id) => `\`${id}\``).join(', ')}.`
      : 'The template has no VPC endpoint for it: reached through a gateway-endpoint route, or its public endpoint through NAT or an internet gateway.';
    entries.push({ name: `aws:${service}`, category: 'service', type: 'aws:service', documentation: `The regional endpoint of AWS \`${service}\`. ${how}` });
  }
  const known = new Map(entries.filter((e) => e.category === 'endpoint' || e.category === 'subnet').map((e) => [e.name, e]));
  for (const [id, path] of constructPaths ?? []) {
    const of = known.get(id);
    if (!of) continue;
    // The short form (`Stack/Db`) names the same resource as `Stack/Db/Resource`.
    const short = path.replace(/\/(Resource|Default)$/, '');
    entries.push({ name: short, category: 'construct', type: of.type, documentation: `Construct \`${path}\`, logical ID \`${id}\`. ${of.documentation}`, target: id });
    of.namedBy ??= short;
  }
  return { entries, pool: suggestionPool(model) };
}

function subnetWords(model: NetworkModel, s: Subnet): string {
  const cidr = isUnknown(s.cidr) ? 'block unknown' : formatCidr(s.cidr);
  const az = isUnknown(s.az) ? '' : `, ${s.az}`;
  const vpcId = isUnknown(s.vpc) ? undefined : s.vpc;
  const vpc = vpcId ? model.vpcs.find((v) => v.id === vpcId) : undefined;
  const vpcCidr = vpc?.cidrs.map((c) => (isUnknown(c.cidr) ? '?' : formatCidr(c.cidr))).join(', ');
  const inVpc = vpcId ? ` in VPC \`${vpcId}\`${vpcCidr ? ` (${vpcCidr})` : ''}` : ' in a VPC the template does not name';
  return `${cidr}${az}${inVpc}`;
}

function endpointWords(ep: Endpoint, subnetDoc: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const p of ep.placements) {
    const subnet = isUnknown(p.subnet) ? undefined : p.subnet;
    const key = subnet ?? '?';
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(subnet ? `- subnet \`${subnet}\`: ${subnetDoc.get(subnet) ?? 'not in the model'}` : `- a subnet the template cannot tell (${isUnknown(p.subnet) ? p.subnet.reason : ''})`);
  }
  if (lines.length === 0) return `\`${ep.type}\` with no network placement in the template.`;
  return `\`${ep.type}\` in:\n${lines.join('\n')}`;
}

/** Resource types the engine walks from or to, for names written since the catalogue's model was built. */
const ENDPOINT_TYPES = new Set([
  'AWS::EC2::Instance',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPCEndpoint',
  'AWS::Lambda::Function',
  'AWS::Serverless::Function',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ECS::Service',
  'AWS::AutoScaling::AutoScalingGroup',
]);

/**
 * The catalogue of an earlier model brought up to the resources of the text being edited: names of
 * resources since removed go, endpoints and subnets added since come in (without placement details,
 * which need the model of the new text). Names with a `/` (other stacks, construct paths) are kept.
 */
export function catalogueForResources(catalogue: EndpointCatalogue, resources: ReadonlyArray<{ id: string; type?: string }>): EndpointCatalogue {
  const present = new Map(resources.map((r) => [r.id, r.type]));
  const resourceNamed = (e: CatalogueEntry) => (e.category === 'endpoint' || e.category === 'subnet') && !e.name.includes('/');
  const entries = catalogue.entries.filter((e) => !resourceNamed(e) || present.has(e.name));
  const have = new Set(entries.map((e) => e.name));
  const types = new Set([...ENDPOINT_TYPES, ...catalogue.entries.filter((e) => e.category === 'endpoint').map((e) => e.type)]);
  for (const [id, type] of present) {
    if (have.has(id) || !type) continue;
    if (type === 'AWS::EC2::Subnet') entries.push({ name: id, category: 'subnet', type, documentation: `A probe host in subnet \`${id}\` (details once the template is analysed again).` });
    else if (types.has(type)) entries.push({ name: id, category: 'endpoint', type, documentation: `\`${type}\` (placement known once the template is analysed again).` });
  }
  // The pool is every logical id (the text's own now) and the other stacks' names.
  const pool = [...new Set([...present.keys(), ...catalogue.pool.filter((n) => n.includes('/'))])];
  return { entries, pool };
}

/**
 * The catalogue of a text whose analysis is not at hand: its model alone (resolved and built, no flow
 * walked). Undefined when the text is not a template.
 */
export function catalogueOfParse(parse: ParseResult): EndpointCatalogue | undefined {
  if (!parse.root) return undefined;
  const resolved = resolveTemplate(parse);
  if (!resolved.isTemplate) return undefined;
  return endpointCatalogue(buildModel(resolved));
}
