// Where a flow's address may land in a model, looked up instead of scanned: the interface whose fixed
// private address it is, and the subnets whose IPv4 block may hold it. A template names many flows by
// address (a thousand on a large landing zone), and scanning every endpoint and subnet for each made
// resolving them quadratic. Built once per model (the model is not changed after it is built) and kept
// only as long as the model is.
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type Subnet, type Vpc } from '../model/types';
import { cidrOverlaps, type Cidr } from '../net/ip';

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
  /** Known IPv4 VPC blocks of /16 or narrower by the /16 that holds them, and the wider ones, with each VPC's position in the model. */
  vpcBuckets: Map<bigint, VpcBlock[]>;
  wideVpcBlocks: VpcBlock[];
}

interface VpcBlock {
  vpc: Vpc;
  order: number;
  cidr: Cidr;
}

const indexes = new WeakMap<NetworkModel, AddressIndex>();

function indexOf(model: NetworkModel): AddressIndex {
  let index = indexes.get(model);
  if (index) return index;
  index = { hosts: new Map(), buckets: new Map(), wide: [], order: new Map(), dnsServers: new Map(), vpcBuckets: new Map(), wideVpcBlocks: [] };
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
  model.vpcs.forEach((vpc, order) => {
    for (const c of vpc.cidrs) {
      if (isUnknown(c.cidr) || c.cidr.family !== 4) continue;
      const block = { vpc, order, cidr: c.cidr };
      if (c.cidr.prefix < BUCKET_PREFIX) {
        index!.wideVpcBlocks.push(block);
        continue;
      }
      const key = c.cidr.base >> BUCKET_BITS;
      const list = index!.vpcBuckets.get(key);
      if (list) list.push(block);
      else index!.vpcBuckets.set(key, [block]);
    }
  });
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
 * The first VPC (in model order) with a known block that overlaps `cidr`. An IPv4 block of /16 or narrower
 * overlaps another such block only inside one /16, so only that /16's blocks and the wider ones are tried.
 */
export function vpcOverlapping(model: NetworkModel, cidr: Cidr): Vpc | undefined {
  if (cidr.family !== 4 || cidr.prefix < BUCKET_PREFIX) return model.vpcs.find((v) => v.cidrs.some((c) => !isUnknown(c.cidr) && cidrOverlaps(c.cidr, cidr)));
  const index = indexOf(model);
  let best: VpcBlock | undefined;
  for (const list of [index.vpcBuckets.get(cidr.base >> BUCKET_BITS), index.wideVpcBlocks]) {
    for (const b of list ?? []) if ((!best || b.order < best.order) && cidrOverlaps(b.cidr, cidr)) best = b;
  }
  return best?.vpc;
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
