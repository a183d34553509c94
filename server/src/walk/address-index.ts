// Where a flow's address may land in a model, looked up instead of scanned: the interface whose fixed
// private address it is, and the subnets whose IPv4 block may hold it. A template names many flows by
// address (a thousand on a large landing zone), and scanning every endpoint and subnet for each made
// resolving them quadratic. Built once per model (the model is not changed after it is built) and kept
// only as long as the model is.
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type Subnet, type Vpc } from '../model/types';
import type { Cidr } from '../net/ip';

/** IPv4 subnets are grouped by their /16 (a subnet is never wider than a /16 in AWS, but a template may say anything). */
const BUCKET_BITS = 16n;
const BUCKET_PREFIX = 16;

interface AddressIndex {
  /** Fixed private addresses by family and value: the first placement (in model order) that has it. */
  hosts: Map<string, { endpoint: Endpoint; placement: Placement }>;
  /** IPv4 subnets with a known block of /16 or narrower, by the /16 that holds them, in model order. */
  buckets: Map<bigint, Subnet[]>;
  /** The other IPv4 subnets with a known block (wider than a /16), in model order. */
  wide: Subnet[];
  /** Each subnet's position in the model, to merge the two lists back into model order. */
  order: Map<Subnet, number>;
  /** The Amazon DNS server address of each VPC (its primary IPv4 block's base + 2): the first VPC in model order that has it. */
  dnsServers: Map<bigint, Vpc>;
}

const indexes = new WeakMap<NetworkModel, AddressIndex>();

function indexOf(model: NetworkModel): AddressIndex {
  let index = indexes.get(model);
  if (index) return index;
  index = { hosts: new Map(), buckets: new Map(), wide: [], order: new Map(), dnsServers: new Map() };
  for (const endpoint of model.endpoints) {
    for (const placement of endpoint.placements) {
      const ip = placement.privateIp;
      if (!ip || isUnknown(ip)) continue;
      const key = `${ip.family}/${ip.value}`;
      if (!index.hosts.has(key)) index.hosts.set(key, { endpoint, placement });
    }
  }
  model.subnets.forEach((s, i) => {
    index!.order.set(s, i);
    if (isUnknown(s.cidr) || s.cidr.family !== 4) return;
    if (s.cidr.prefix < BUCKET_PREFIX) {
      index!.wide.push(s);
      return;
    }
    const key = s.cidr.base >> BUCKET_BITS;
    const list = index!.buckets.get(key);
    if (list) list.push(s);
    else index!.buckets.set(key, [s]);
  });
  for (const v of model.vpcs) {
    // The primary block is the VPC's own CidrBlock (the first block read); the DNS server sits at its base + 2.
    const primary = v.cidrs[0];
    if (!primary || isUnknown(primary.cidr) || primary.cidr.family !== 4 || primary.origin.resource !== v.id) continue;
    const dns = primary.cidr.base + 2n;
    if (!index.dnsServers.has(dns)) index.dnsServers.set(dns, v);
  }
  indexes.set(model, index);
  return index;
}

/** The endpoint and placement whose fixed private address is exactly `host` (a /32 or /128), if any. */
export function placementWithAddress(model: NetworkModel, host: Cidr): { endpoint: Endpoint; placement: Placement } | undefined {
  return indexOf(model).hosts.get(`${host.family}/${host.base}`);
}

/** The VPC whose Amazon DNS server is at the IPv4 address `host` (a /32), if any. */
export function vpcWithDnsServerAt(model: NetworkModel, host: Cidr): Vpc | undefined {
  return host.family === 4 ? indexOf(model).dnsServers.get(host.base) : undefined;
}

/**
 * The subnets whose known block may contain or overlap `cidr`, in model order: for an IPv4 block of /16 or
 * narrower, only those in its /16 and the wider ones; otherwise every subnet with a known block.
 */
export function subnetsNear(model: NetworkModel, cidr: Cidr): Subnet[] {
  if (cidr.family !== 4 || cidr.prefix < BUCKET_PREFIX) return model.subnets.filter((s) => !isUnknown(s.cidr));
  const index = indexOf(model);
  const bucket = index.buckets.get(cidr.base >> BUCKET_BITS) ?? [];
  if (index.wide.length === 0) return bucket;
  return [...bucket, ...index.wide].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
