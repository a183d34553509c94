// Network ACLs. A custom AWS::EC2::NetworkAcl starts with no entries, i.e. it denies everything until
// entries are added (AWS VPC guide, vpc-network-acls.md "Custom network ACLs"); entries that name
// `GetAtt Vpc.DefaultNetworkAcl` extend the VPC's default NACL. Entries are kept sorted by rule number
// because the data plane evaluates them lowest first and stops at the first match.
import type { Maybe, NaclEntry, NetworkAcl } from './types';
import { isUnknown } from './types';
import { at, bad, existsOf, field, originOf, prop, readBool, readCidr, readLink, readNumber, readString, resourcesOfType, unknown, type Ctx } from './read';
import { parseProtocol, type PortRange } from '../net/ports';
import type { Cidr } from '../net/ip';
import type { RValue, ResolvedResource } from '../template/values';
import type { Range } from '../template/located';

export function buildNetworkAcls(ctx: Ctx, defaults: NetworkAcl[]): NetworkAcl[] {
  const acls: NetworkAcl[] = [...defaults];
  for (const r of resourcesOfType(ctx, 'AWS::EC2::NetworkAcl')) {
    const vpc = readLink(at(ctx, r.id, 'VpcId'), prop(r, 'VpcId'));
    acls.push({ id: r.id, vpc: vpc ?? unknown(ctx, r.id, 'VpcId', 'VpcId is missing', r.range), entries: [], origin: originOf(r), exists: existsOf(r) });
  }
  const byId = new Map(acls.map((a) => [a.id, a]));

  for (const r of resourcesOfType(ctx, 'AWS::EC2::NetworkAclEntry')) {
    const aclId = readLink(at(ctx, r.id, 'NetworkAclId'), prop(r, 'NetworkAclId'));
    const acl = typeof aclId === 'string' ? byId.get(aclId) : undefined;
    if (!acl) continue;
    const e = readEntry(ctx, r);
    const egressV = readBool(at(ctx, r.id, 'Egress'), prop(r, 'Egress'));
    if (isUnknown(egressV)) {
      // Egress undecided: the entry may sit on either side, so it is a "maybe" on both (never a guess).
      const existsReason = `whether NACL entry ${e.id} is inbound or outbound is undecided (Egress: ${egressV.reason})`;
      acl.entries.push({ ...e, egress: false, exists: 'unknown', existsReason }, { ...e, egress: true, exists: 'unknown', existsReason });
    } else acl.entries.push(e);
  }

  for (const acl of acls) {
    acl.entries.sort((a, b) => order(a) - order(b));
    const seen = new Map<string, NaclEntry>();
    for (const e of acl.entries) {
      if (isUnknown(e.ruleNumber) || e.exists !== 'yes') continue;
      const key = `${e.egress}:${e.ruleNumber}`;
      const first = seen.get(key);
      if (first) {
        const other = first.origin.element ? `the default NACL's own rule` : first.id;
        ctx.problems.push({
          code: 'NACL_DUPLICATE_RULE_NUMBER',
          message: `${e.id} and ${other} both use ${e.egress ? 'egress' : 'ingress'} rule number ${e.ruleNumber} in ${acl.id}; CloudFormation rejects the second`,
          range: e.origin.range,
          severity: 'error',
        });
      }
      if (!first) seen.set(key, e);
    }
  }
  return acls;
}

function order(e: NaclEntry): number {
  return isUnknown(e.ruleNumber) ? 1e9 : e.ruleNumber;
}

function readEntry(ctx: Ctx, r: ResolvedResource): NaclEntry {
  const a = (p: string) => at(ctx, r.id, p);
  const egressV = readBool(a('Egress'), prop(r, 'Egress'));
  const egress = egressV === true; // default false; an undecidable Egress is recorded as an unknown

  let ruleNumber: Maybe<number>;
  const rn = readNumber(a('RuleNumber'), prop(r, 'RuleNumber'));
  if (rn === undefined) ruleNumber = bad(a('RuleNumber'), 'NACL_BAD_RULE_NUMBER', `${r.id} has no RuleNumber`, r.range);
  else if (!isUnknown(rn) && (!Number.isInteger(rn) || rn < 1 || rn > 32766)) {
    ruleNumber = bad(a('RuleNumber'), 'NACL_BAD_RULE_NUMBER', `${r.id}: rule number ${rn} is outside 1-32766`, prop(r, 'RuleNumber')!.range);
  } else ruleNumber = rn;

  let action: Maybe<'allow' | 'deny'>;
  const act = readString(a('RuleAction'), prop(r, 'RuleAction'));
  if (typeof act === 'string' && (act.toLowerCase() === 'allow' || act.toLowerCase() === 'deny')) action = act.toLowerCase() as 'allow' | 'deny';
  else if (isUnknown(act)) action = act;
  else action = bad(a('RuleAction'), 'NACL_BAD_ACTION', `${r.id}: RuleAction must be allow or deny`, prop(r, 'RuleAction')?.range ?? r.range);

  let protocol: Maybe<number>;
  const pv = prop(r, 'Protocol');
  const ps = readString(a('Protocol'), pv);
  if (ps === undefined) protocol = bad(a('Protocol'), 'NACL_BAD_PROTOCOL', `${r.id} has no Protocol`, r.range);
  else if (isUnknown(ps)) protocol = ps;
  else {
    const n = parseProtocol(ps);
    protocol = n === null ? bad(a('Protocol'), 'NACL_BAD_PROTOCOL', `${r.id}: "${ps}" is not a protocol number (-1 for all)`, pv!.range) : n;
  }

  const c4 = readCidr(a('CidrBlock'), prop(r, 'CidrBlock'));
  const c6 = readCidr(a('Ipv6CidrBlock'), prop(r, 'Ipv6CidrBlock'));
  const cidr: Maybe<Cidr> = c4 ?? c6 ?? bad(a('CidrBlock'), 'NACL_MISSING_CIDR', `${r.id} needs CidrBlock or Ipv6CidrBlock`, r.range);

  const entry: NaclEntry = { id: r.id, ruleNumber, egress, action, protocol, cidr, origin: originOf(r), exists: existsOf(r) };
  if (protocol === 6 || protocol === 17) {
    entry.ports = readPortRange(ctx, r.id, field(prop(r, 'PortRange'), 'From'), field(prop(r, 'PortRange'), 'To'), prop(r, 'PortRange')?.range ?? r.range);
  } else if (protocol === 1 || protocol === 58) {
    const icmp = prop(r, 'Icmp');
    const t = readNumber(a('Icmp.Type'), field(icmp, 'Type'));
    const c = readNumber(a('Icmp.Code'), field(icmp, 'Code'));
    // -1 is the wildcard; an absent value matches every type/code.
    entry.icmp = { type: typeof t === 'number' ? t : -1, code: typeof c === 'number' ? c : -1 };
  }
  return entry;
}

/** A tcp/udp port range from From/To values; 0-65535, From <= To. */
export function readPortRange(ctx: Ctx, resource: string, fromV: RValue | undefined, toV: RValue | undefined, range: Range, prefix = 'PortRange'): Maybe<PortRange> {
  const from = readNumber(at(ctx, resource, `${prefix}.From`), fromV);
  const to = readNumber(at(ctx, resource, `${prefix}.To`), toV);
  if (isUnknown(from)) return from;
  if (isUnknown(to)) return to;
  if (from === undefined || to === undefined) {
    return bad(at(ctx, resource, prefix), 'NACL_BAD_PORTS', `${resource}: tcp and udp entries need ${prefix} From and To`, range);
  }
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) {
    return bad(at(ctx, resource, prefix), 'NACL_BAD_PORTS', `${resource}: port range ${from}-${to} is not within 0-65535 with From <= To`, range);
  }
  return { from, to };
}

