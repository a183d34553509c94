// The names a user can pick as a flow's ends (packetwalk/endpoints): the model's endpoints, every subnet
// (a host in it) and the internet. Pure: the analysis worker computes it from the model it holds. A
// resource CDK generated is offered by its construct path (`AppStack/Db`, the name the user wrote in code)
// rather than its hashed logical ID; both name the same endpoint in flows and traces.
import type { EndpointInfo } from '../../../shared/protocol';
import { isUnknown, type NetworkModel } from '../model/types';
import { formatCidr } from '../net/ip';

/** A workspace analysis's CDK names: model id → construct path, and the names a flow may use → model id. */
export interface CdkNames {
  constructPaths: ReadonlyMap<string, string>;
  aliases: ReadonlyMap<string, string>;
}

export function endpointList(model: NetworkModel, cdk?: CdkNames): EndpointInfo[] {
  const out: EndpointInfo[] = [];
  const named = (id: string, type: string, describe: (name: string) => string): EndpointInfo => {
    const name = cdk ? constructName(id, cdk) : undefined;
    if (name === undefined) return { id, type, label: describe(id) };
    return { id: name, type, label: describe(name), logicalId: id };
  };
  for (const ep of model.endpoints) {
    if (ep.id.includes('#')) continue; // implicit elements are not names a user can type
    const subnets = ep.placements.map((p) => (isUnknown(p.subnet) ? '?' : ((cdk && constructName(p.subnet, cdk)) ?? p.subnet)));
    const where = subnets.length > 0 ? ` in ${[...new Set(subnets)].join(', ')}` : '';
    out.push(named(ep.id, ep.type, (name) => `${name} (${ep.type}${where})`));
  }
  for (const s of model.subnets) {
    const cidr = isUnknown(s.cidr) ? 'CIDR unknown' : formatCidr(s.cidr);
    out.push(named(s.id, 'AWS::EC2::Subnet', (name) => `${name} (subnet ${cidr}, a host in it)`));
  }
  out.push({ id: 'internet', type: 'internet', label: 'internet (any public address)' });
  return out;
}

/**
 * The construct path that names `id`: shortened (`AppStack/Db/Resource` → `AppStack/Db`, the construct the
 * user created) when that name is its own, else the full path; undefined for a resource CDK did not make.
 */
export function constructName(id: string, cdk: CdkNames): string | undefined {
  const cp = cdk.constructPaths.get(id);
  if (cp === undefined) return undefined;
  const short = cp.replace(/\/(Resource|Default)$/, '');
  if (cdk.aliases.get(short) === id) return short;
  return cdk.aliases.get(cp) === id ? cp : undefined;
}
