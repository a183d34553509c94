// Security groups: inline SecurityGroupIngress/SecurityGroupEgress, standalone AWS::EC2::SecurityGroupIngress
// / SecurityGroupEgress resources, and EC2's default allow-all egress rule. CloudFormation keeps that rule
// only when the group declares no egress ("Remove the default rule", AWS::EC2::SecurityGroup docs); we
// also treat a standalone SecurityGroupEgress as removing it, because EC2 drops the default rule when any
// egress rule is added (aws-cdk#987). Every group states the choice in `egressAssumption`.
import type { Maybe, SecurityGroup, SgPeer, SgRule } from './types';
import { isUnknown } from './types';
import { at, bad, existsOf, field, originOf, prop, readCidr, readLink, readList, readNumber, readRef, readString, resourcesOfType, unknown, type Ctx } from './read';
import { parseProtocol, type PortRange } from '../net/ports';
import { parseCidr, type Cidr } from '../net/ip';
import type { RMap, RValue, ResolvedResource } from '../template/values';
import type { Range } from '../template/located';

const ANY_V4 = (parseCidr('0.0.0.0/0') as { cidr: Cidr }).cidr;

export function buildSecurityGroups(ctx: Ctx, defaults: SecurityGroup[]): SecurityGroup[] {
  const groups: SecurityGroup[] = [...defaults];
  const declared = new Map<string, { sg: SecurityGroup; inlineEgress: 'none' | 'some' | 'placeholder-only' | 'unknown'; res: ResolvedResource }>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::SecurityGroup')) {
    const vpcV = prop(r, 'VpcId');
    const vpc: Maybe<string> =
      vpcV === undefined
        ? unknown(ctx, r.id, 'VpcId', 'no VpcId: the group belongs to the account\u2019s default VPC, which the template does not describe', r.range)
        : (readLink(at(ctx, r.id, 'VpcId'), vpcV) as Maybe<string>);
    const sg: SecurityGroup = { id: r.id, vpc, rules: [], origin: originOf(r), exists: existsOf(r) };
    const exists = sg.exists;
    for (const [prop_, dir] of [['SecurityGroupIngress', 'ingress'], ['SecurityGroupEgress', 'egress']] as const) {
      const items = readList(at(ctx, r.id, prop_), prop(r, prop_));
      if (!items) continue;
      if (isUnknown(items)) {
        // The whole list is undecided: it may hold any rule (see the item case below).
        sg.rules.push({ id: `${r.id}#${dir}:?`, direction: dir, protocol: items, ports: items, peer: { kind: 'cidr', cidr: items }, origin: { resource: r.id, range: items.range }, exists: 'unknown' });
        continue;
      }
      items.forEach((item, i) => {
        if (item.kind !== 'map') {
          if (item.kind === 'unknown') {
            // A rule the template may or may not declare (an Fn::If on an undecided Condition…): it could
            // admit anything, so it stays as a rule whose every field is unknown. Dropping it made flows
            // that depend on it blocked by guess.
            const u = unknown(ctx, r.id, `${prop_}[${i}]`, item.reason, item.range);
            sg.rules.push({ id: `${r.id}#${dir}:${i}`, direction: dir, protocol: u, ports: u, peer: { kind: 'cidr', cidr: u }, origin: { resource: r.id, range: item.range }, exists: 'unknown' });
          }
          return;
        }
        sg.rules.push(readRule(ctx, r.id, `${r.id}#${dir}:${i}`, dir, item, `${prop_}[${i}]`, item.range, exists));
      });
    }
    const eg = prop(r, 'SecurityGroupEgress');
    const egItems = readList(at(ctx, r.id, 'SecurityGroupEgress'), eg);
    let inlineEgress: 'none' | 'some' | 'placeholder-only' | 'unknown' = 'none';
    if (egItems && isUnknown(egItems)) inlineEgress = 'unknown';
    else if (egItems && egItems.length > 0) {
      const rules = sg.rules.filter((x) => x.direction === 'egress');
      const known = rules.filter((x) => x.exists === 'yes' || !isUnknown(x.protocol));
      // Only undecided items: whether any egress rule is declared (and the default removed) is open.
      if (rules.length > 0 && known.length === 0) inlineEgress = 'unknown';
      else inlineEgress = known.length > 0 && known.every((x) => x.placeholder) ? 'placeholder-only' : 'some';
    }
    declared.set(r.id, { sg, inlineEgress, res: r });
    groups.push(sg);
  }
  const byId = new Map(groups.map((g) => [g.id, g]));

  const standaloneEgress = new Map<string, ResolvedResource[]>();
  for (const r of resourcesOfType(ctx, 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress')) {
    const dir = r.type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : 'egress';
    let groupId: Maybe<string> | undefined = readLink(at(ctx, r.id, 'GroupId'), prop(r, 'GroupId'));
    if (groupId === undefined && prop(r, 'GroupName') !== undefined) {
      groupId = unknown(ctx, r.id, 'GroupName', 'a group named by GroupName is in the default VPC, which the template does not describe', prop(r, 'GroupName')!.range);
    }
    if (typeof groupId !== 'string') continue;
    const sg = byId.get(groupId);
    if (!sg) continue;
    sg.rules.push(readRule(ctx, r.id, r.id, dir, r.properties, '', r.range, existsOf(r)));
    if (dir === 'egress') {
      const list = standaloneEgress.get(groupId) ?? [];
      list.push(r);
      standaloneEgress.set(groupId, list);
    }
  }

  for (const { sg, inlineEgress, res } of declared.values()) {
    const standalone = standaloneEgress.get(sg.id) ?? [];
    const sure = standalone.filter((s) => existsOf(s) === 'yes');
    const defaultRule = (exists: 'yes' | 'unknown') => {
      const origin = originOf(res, res.idRange, 'defaultEgress');
      // IPv4 only: EC2's default outbound rule of a new group "allows all outbound IPv4 traffic"
      // (VPC User Guide, security-group-rules.md and the IPv6 migration example); the ::/0 rule is the
      // default security group's only (vpcs.ts). CDK mirrors it: allowAllIpv6Outbound defaults to false.
      for (const [suffix, cidr] of [['v4', ANY_V4]] as const) {
        sg.rules.push({ id: `${sg.id}#default-egress-${suffix}`, direction: 'egress', protocol: -1, ports: 'all', peer: { kind: 'cidr', cidr }, implicitDefaultEgress: true, origin, exists: exists === 'yes' ? sg.exists : 'unknown' });
      }
    };
    if (inlineEgress === 'some') {
      sg.egressAssumption = `SecurityGroup ${sg.id} declares egress rules, so CloudFormation removes EC2's default allow-all egress: only the declared egress rules apply`;
    } else if (inlineEgress === 'placeholder-only' && standalone.length === 0) {
      sg.egressAssumption = `SecurityGroup ${sg.id} declares only CDK's placeholder egress rule (255.255.255.255/32, icmp 252/86), so it allows no egress`;
    } else if (inlineEgress === 'unknown') {
      sg.egressAssumption = `SecurityGroup ${sg.id}'s egress rules cannot be decided from the template, so whether EC2's default allow-all egress stays is unknown`;
      defaultRule('unknown');
    } else if (sure.length > 0) {
      sg.egressAssumption = `SecurityGroupEgress ${sure[0].id} adds an egress rule to SecurityGroup ${sg.id}, which removes EC2's default allow-all egress (aws-cdk#987): only the declared egress rules apply`;
    } else if (standalone.length > 0) {
      sg.egressAssumption = `SecurityGroupEgress ${standalone[0].id} has an undecided Condition; if it is created it removes SecurityGroup ${sg.id}'s default allow-all egress (aws-cdk#987)`;
      defaultRule('unknown');
    } else {
      sg.egressAssumption = `SecurityGroup ${sg.id} declares no egress rule, so CloudFormation keeps EC2's default allow-all egress (IPv4 only: 0.0.0.0/0)`;
      defaultRule('yes');
    }
  }
  return groups;
}

function readRule(ctx: Ctx, resource: string, id: string, direction: 'ingress' | 'egress', m: RMap, base: string, range: Range, exists: SgRule['exists']): SgRule {
  const name = (p: string) => (base ? `${base}.${p}` : p);
  const a = (p: string) => at(ctx, resource, name(p));
  const get = (p: string): RValue | undefined => field(m, p);

  let protocol: Maybe<number>;
  const pv = get('IpProtocol');
  const ps = readString(a('IpProtocol'), pv);
  if (ps === undefined) protocol = bad(a('IpProtocol'), 'SG_BAD_PROTOCOL', `${resource}: a security group rule needs IpProtocol`, range);
  else if (isUnknown(ps)) protocol = ps;
  else {
    const n = parseProtocol(ps);
    protocol = n === null ? bad(a('IpProtocol'), 'SG_BAD_PROTOCOL', `${resource}: "${ps}" is not tcp, udp, icmp, icmpv6, -1 or a protocol number`, pv!.range) : n;
  }

  let ports: SgRule['ports'] = 'all';
  let icmp: SgRule['icmp'];
  const fromV = get('FromPort');
  const toV = get('ToPort');
  if (protocol === 6 || protocol === 17) {
    ports = readPorts(ctx, resource, name('FromPort'), fromV, toV, range);
  } else if (protocol === 1 || protocol === 58) {
    // For ICMP, FromPort is the type and ToPort the code; -1 is the wildcard.
    const t = readNumber(a('FromPort'), fromV);
    const c = readNumber(a('ToPort'), toV);
    icmp = { type: typeof t === 'number' ? t : -1, code: typeof c === 'number' ? c : -1 };
  }

  const peer = readPeer(ctx, resource, direction, get, name, range);
  const rule: SgRule = { id, direction, protocol, ports, peer, origin: { resource, range }, exists };
  if (icmp) rule.icmp = icmp;
  const desc = get('Description');
  if (desc?.kind === 'str') rule.description = desc.value;
  // CDK's allowAllOutbound:false placeholder (aws-cdk-lib aws-ec2 security-group.ts): matches nothing.
  if (direction === 'egress' && protocol === 1 && icmp?.type === 252 && icmp.code === 86 && peer.kind === 'cidr' && !isUnknown(peer.cidr) && peer.cidr.family === 4 && peer.cidr.prefix === 32 && peer.cidr.base === 0xffffffffn) {
    rule.placeholder = true;
  }
  return rule;
}

function readPorts(ctx: Ctx, resource: string, property: string, fromV: RValue | undefined, toV: RValue | undefined, range: Range): Maybe<PortRange> | 'all' {
  const from = readNumber(at(ctx, resource, property), fromV);
  const to = readNumber(at(ctx, resource, property.replace(/FromPort$/, 'ToPort')), toV);
  if (isUnknown(from)) return from;
  if (isUnknown(to)) return to;
  if (from === undefined && to === undefined) {
    return bad(at(ctx, resource, property), 'SG_BAD_PORTS', `${resource}: tcp and udp rules need FromPort and ToPort`, range, 'warning');
  }
  const f = from ?? to!;
  const t = to ?? from!;
  // -1 for tcp/udp means every port, as EC2 reads it.
  if (f === -1 && t === -1) return { from: 0, to: 65535 };
  if (!Number.isInteger(f) || !Number.isInteger(t) || f < 0 || t > 65535 || f > t) {
    return bad(at(ctx, resource, property), 'SG_BAD_PORTS', `${resource}: port range ${f}-${t} is not within 0-65535 with FromPort <= ToPort`, fromV?.range ?? range);
  }
  return { from: f, to: t };
}

function readPeer(ctx: Ctx, resource: string, direction: 'ingress' | 'egress', get: (p: string) => RValue | undefined, name: (p: string) => string, range: Range): SgPeer {
  const a = (p: string) => at(ctx, resource, name(p));
  const src = direction === 'ingress' ? 'Source' : 'Destination';
  for (const p of ['CidrIp', 'CidrIpv6']) {
    const c = readCidr(a(p), get(p));
    if (c !== undefined) return { kind: 'cidr', cidr: c };
  }
  const sgV = get(`${src}SecurityGroupId`);
  if (sgV !== undefined) {
    const ref = readRef(a(`${src}SecurityGroupId`), sgV);
    if (ref !== undefined) {
      if (isUnknown(ref)) return { kind: 'security-group', group: ref };
      if (ref.absent || ref.undefinedId) {
        const why = ref.absent ? `is not created (Condition ${ref.absent.conditionName} is false)` : 'is not defined in the template';
        return { kind: 'security-group', group: unknown(ctx, resource, name(`${src}SecurityGroupId`), `${ref.id} ${why}`, sgV.range) };
      }
      return { kind: 'security-group', group: ref.id };
    }
  }
  if (direction === 'ingress' && get('SourceSecurityGroupName') !== undefined) {
    const v = get('SourceSecurityGroupName')!;
    return { kind: 'security-group', group: unknown(ctx, resource, name('SourceSecurityGroupName'), 'a group named by SourceSecurityGroupName is in the default VPC, which the template does not describe', v.range) };
  }
  const plV = get(`${src}PrefixListId`);
  if (plV?.kind === 'ref') return { kind: 'prefix-list', id: plV.resource };
  if (plV !== undefined) {
    const pl = readString(a(`${src}PrefixListId`), plV);
    if (pl !== undefined) return { kind: 'prefix-list', id: pl };
  }
  return { kind: 'cidr', cidr: bad(a('CidrIp'), 'SG_MISSING_PEER', `${resource}: the rule names no CidrIp, CidrIpv6, ${src}SecurityGroupId or ${src}PrefixListId`, range) };
}
