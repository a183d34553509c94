// The IPv6 address of a placement (an ENI): the addresses the template writes (Ipv6Addresses), one EC2
// assigns from the subnet's IPv6 block (Ipv6AddressCount > 0, the subnet's AssignIpv6AddressOnCreation,
// a Lambda function's Ipv6AllowedForDualStack), or none. An interface gets an IPv6 address only in a
// subnet with an IPv6 block (VPC User Guide, "IPv6 addressing"; EC2 NetworkInterface Ipv6AddressCount).
import { parseIp, type Ip } from '../net/ip';
import { isUnknown, type Ipv6Assignment, type Maybe, type Subnet } from './types';
import { at, field, readBool, readList, readNumber, readString, type Ctx } from './read';
import type { RValue } from '../template/values';

/** Reads `Ipv6Addresses: [{ Ipv6Address }]` and `Ipv6AddressCount` of an ENI-like map (instance, interface). */
export function ipv6OfInterface(ctx: Ctx, resource: string, base: string, m: RValue | undefined, subnet: Maybe<string>, subnets: Map<string, Subnet>): Ipv6Assignment {
  const name = (p: string) => (base ? `${base}.${p}` : p);
  const list = readList(at(ctx, resource, name('Ipv6Addresses')), field(m, 'Ipv6Addresses'));
  if (list !== undefined) {
    if (isUnknown(list)) return list;
    const ips: Ip[] = [];
    for (const item of list) {
      const t = readString(at(ctx, resource, name('Ipv6Addresses')), field(item, 'Ipv6Address') ?? item);
      if (t === undefined) continue;
      if (isUnknown(t)) return t;
      const ip = parseIp(t);
      if (ip && ip.family === 6) ips.push(ip);
    }
    if (ips.length > 0) return { kind: 'fixed', ips, reason: `${base ? `${base}.` : ''}Ipv6Addresses gives it ${ips.length === 1 ? 'an address' : 'addresses'}` };
  }
  const count = readNumber(at(ctx, resource, name('Ipv6AddressCount')), field(m, 'Ipv6AddressCount'));
  if (count !== undefined) {
    if (isUnknown(count)) return count;
    if (count > 0) return { kind: 'auto', reason: `${name('Ipv6AddressCount')} is ${count}: EC2 assigns an address from the subnet's IPv6 block` };
    return { kind: 'none', reason: `${name('Ipv6AddressCount')} is 0` };
  }
  return fromSubnet(subnet, subnets);
}

/** No explicit request: the subnet's AssignIpv6AddressOnCreation decides (default false). */
function fromSubnet(subnet: Maybe<string>, subnets: Map<string, Subnet>): Ipv6Assignment {
  if (isUnknown(subnet)) return subnet;
  const s = subnets.get(subnet);
  if (!s) return { kind: 'none', reason: `subnet ${subnet} is not in the template` };
  if (s.assignIpv6OnCreation !== undefined && isUnknown(s.assignIpv6OnCreation)) return s.assignIpv6OnCreation;
  if (s.assignIpv6OnCreation === true || s.ipv6Native) return { kind: 'auto', reason: `subnet ${subnet} ${s.ipv6Native ? 'is IPv6-only (Ipv6Native)' : 'has AssignIpv6AddressOnCreation true'}` };
  return { kind: 'none', reason: `no Ipv6Addresses or Ipv6AddressCount, and subnet ${subnet} does not assign IPv6 addresses on creation` };
}

/** A VPC Lambda function uses IPv6 for outbound traffic only with Ipv6AllowedForDualStack (VpcConfig). */
export function ipv6OfLambda(ctx: Ctx, resource: string, vc: RValue | undefined): Ipv6Assignment {
  const v = readBool(at(ctx, resource, 'VpcConfig.Ipv6AllowedForDualStack'), field(vc, 'Ipv6AllowedForDualStack'));
  if (v !== undefined && isUnknown(v)) return v;
  return v === true
    ? { kind: 'auto', reason: 'VpcConfig.Ipv6AllowedForDualStack is true: the function uses IPv6 in dual-stack subnets' }
    : { kind: 'none', reason: 'VpcConfig.Ipv6AllowedForDualStack is not true, so the function sends no IPv6 traffic' };
}
