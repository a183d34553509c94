// The names a user can pick as a flow's ends (packetwalk/endpoints): the model's endpoints, every subnet
// (a host in it) and the internet. Pure: the analysis worker computes it from the model it holds.
import type { EndpointInfo } from '../../../shared/protocol';
import { isUnknown, type NetworkModel } from '../model/types';
import { formatCidr } from '../net/ip';

export function endpointList(model: NetworkModel): EndpointInfo[] {
  const out: EndpointInfo[] = [];
  for (const ep of model.endpoints) {
    if (ep.id.includes('#')) continue; // implicit elements are not names a user can type
    const subnets = ep.placements.map((p) => (isUnknown(p.subnet) ? '?' : p.subnet));
    const where = subnets.length > 0 ? ` in ${[...new Set(subnets)].join(', ')}` : '';
    out.push({ id: ep.id, type: ep.type, label: `${ep.id} (${ep.type}${where})` });
  }
  for (const s of model.subnets) {
    const cidr = isUnknown(s.cidr) ? 'CIDR unknown' : formatCidr(s.cidr);
    out.push({ id: s.id, type: 'AWS::EC2::Subnet', label: `${s.id} (subnet ${cidr}, a host in it)` });
  }
  out.push({ id: 'internet', type: 'internet', label: 'internet (any public address)' });
  return out;
}
