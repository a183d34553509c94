// IPv6 flows (IpVersion 6, or an end written as an IPv6 address): walked with IPv6 addresses, routes,
// network ACL entries and security-group rules only. The fixture's /56 is Amazon-provided (unknown before
// deploy), its subnets carve /64s of it with Fn::Cidr; verdicts that depend only on ::/0 rules and the
// local route are still decided. Each behaviour is checked both ways, with the hops that decide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import { checkSourceIp } from '../../../server/src/walk/endpoints';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('ipv6-dual-stack.yaml');

function show(t: TraceResult): string {
  return [...t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.rule} | ${h.in.src}→${h.in.dst} | ${h.reason}`), ...t.assumptions].join('\n');
}

const v6 = (from: string, to: string, port: number) => trace(TEXT, { from, to, port, ipVersion: 6 });

test('the IPv6 internet reaches an instance in a subnet routed ::/0 to the internet gateway, with no address translation, and its reply goes back the same way', () => {
  const t = v6('internet', 'Web', 443);
  assert.equal(t.verdict, 'reachable', show(t));
  const igw = hopAt(t, 'Igw', 'forward');
  assert.equal(igw.rule, 'IPv6: no address translation');
  assert.equal(igw.in.dst, 'some IPv6 address in Pub', 'the destination is the ENI\'s own IPv6 address, not a public IPv4');
  assert.equal(hopAt(t, 'WebSg', 'forward').rule, 'WebSg ingress tcp 443 from ::/0');
  assert.equal(hopAt(t, 'PubDefault6', 'return').rule, '::/0 → Igw');
  assert.equal(hopAt(t, 'Igw', 'return').decision, 'pass');
  assert.ok(!t.hops.some((h) => /1:1 NAT/.test(h.rule)), show(t));
  assert.ok(t.assumptions.some((a) => /walked over IPv6/.test(a)), show(t));
  // The other way: the instance to the IPv6 internet.
  const out = v6('Web', 'internet', 443);
  assert.equal(out.verdict, 'reachable', show(out));
  assert.equal(hopAt(out, 'WebSg', 'forward').rule, 'WebSg egress all to ::/0');
  assert.equal(hopAt(out, 'Igw', 'forward').in.dst, 'internet (IPv6)');
});

test('security groups: a CidrIp rule does not admit IPv6 and a CidrIpv6 rule does not admit IPv4', () => {
  const t = v6('internet', 'Web', 80);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.deepEqual([t.blockedAt?.resource, t.blockedAt?.code], ['WebSg', 'ENI_SG_RULES_MISMATCH']);
  // The same port over IPv4 is admitted by the 0.0.0.0/0 rule.
  assert.equal(trace(TEXT, { from: 'internet', to: 'Web', port: 80 }).verdict, 'reachable');
  // WorkerSg admits 22 from ::/0 only: an IPv4 probe in another subnet is refused, an IPv6 one admitted.
  const v4 = trace(TEXT, { from: 'Pub', to: 'Worker', port: 22 });
  assert.equal(v4.verdict, 'blocked', show(v4));
  assert.equal(v4.blockedAt?.resource, 'WorkerSg');
  const inside6 = v6('Web', 'Worker', 22);
  assert.equal(inside6.verdict, 'reachable', show(inside6));
  assert.match(hopsOf(inside6, 'forward').find((h) => h.type === 'AWS::EC2::RouteTable' || h.resource === 'PubRt')?.reason ?? '', /local/, show(inside6));
});

test('a new security group without egress rules keeps only the IPv4 allow-all egress: IPv6 out is refused, IPv4 out is not', () => {
  const t = v6('Plain', 'internet', 443);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.deepEqual([t.blockedAt?.resource, t.blockedAt?.code], ['PlainSg', 'ENI_SG_RULES_MISMATCH']);
  assert.ok(t.assumptions.some((a) => /IPv4 only: 0\.0\.0\.0\/0/.test(a)), show(t));
  // An explicit ::/0 egress rule lets it out (through the egress-only gateway of its subnet).
  const fixed = edit(TEXT, ['Properties: { GroupDescription: no egress rules, VpcId: !Ref Vpc }', "Properties: { GroupDescription: no egress rules, VpcId: !Ref Vpc, SecurityGroupEgress: [{ IpProtocol: '-1', CidrIpv6: '::/0' }] }"]);
  assert.equal(trace(fixed, { from: 'Plain', to: 'internet', port: 443, ipVersion: 6 }).verdict, 'reachable');
});

test('egress-only internet gateway: connections out and their replies pass; a connection from the internet is dropped at it', () => {
  const out = v6('Worker', 'internet', 443);
  assert.equal(out.verdict, 'reachable', show(out));
  assert.equal(hopAt(out, 'PrivDefault6', 'forward').rule, '::/0 → Eigw');
  assert.equal(hopAt(out, 'Eigw', 'forward').type, 'AWS::EC2::EgressOnlyInternetGateway');
  assert.equal(hopAt(out, 'Eigw', 'return').decision, 'pass');
  // In: the VPC's internet gateway delivers it, the group admits 22 from ::/0, but the reply is routed to
  // the egress-only gateway, which has no state for a connection started outside.
  const into = v6('internet', 'Worker', 22);
  assert.equal(into.verdict, 'blocked', show(into));
  assert.deepEqual([into.blockedAt?.resource, into.blockedAt?.code, into.blockedAt?.direction], ['Eigw', 'EGRESS_ONLY_IGW_NO_INBOUND', 'return']);
  assert.equal(hopAt(into, 'WorkerSg', 'forward').decision, 'pass');
  // Without an internet gateway, the egress-only gateway is the only way in: dropped on the way in.
  const noIgw = edit(TEXT, ['Properties: { VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw }', 'Properties: { VpcId: !Ref Other, InternetGatewayId: !Ref Igw }'], ['  Igw:\n', '  Other:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.9.0.0/16 }\n  Igw:\n']);
  const t = trace(noIgw, { from: 'internet', to: 'Worker', port: 22, ipVersion: 6 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.ok(t.blockers.some((b) => b.resource === 'Eigw' && b.code === 'EGRESS_ONLY_IGW_NO_INBOUND' && b.direction === 'forward'), show(t));
});

test('network ACL: IPv4 entries do not admit IPv6 (the custom ACL denies it at *), and IPv6 entries do', () => {
  const into = v6('internet', 'Behind', 443);
  assert.equal(into.verdict, 'blocked', show(into));
  assert.deepEqual([into.blockedAt?.resource, into.blockedAt?.code, into.blockedAt?.direction], ['GuardAcl', 'SUBNET_ACL_RESTRICTION', 'forward']);
  const out = v6('Behind', 'internet', 443);
  assert.equal(out.verdict, 'blocked', show(out));
  assert.equal(out.blockedAt?.resource, 'GuardAcl');
  // The same ACL admits IPv4 both ways.
  assert.equal(trace(TEXT, { from: 'internet', to: 'Behind', port: 443 }).verdict, 'reachable');
  assert.equal(trace(TEXT, { from: 'Behind', to: 'internet', port: 443 }).verdict, 'reachable');
  // IPv6 entries (Ipv6CidrBlock) in both directions open it.
  const entries = "  GuardIn6:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties: { NetworkAclId: !Ref GuardAcl, RuleNumber: 101, Protocol: -1, RuleAction: allow, Egress: false, Ipv6CidrBlock: '::/0' }\n  GuardOut6:\n    Type: AWS::EC2::NetworkAclEntry\n    Properties: { NetworkAclId: !Ref GuardAcl, RuleNumber: 101, Protocol: -1, RuleAction: allow, Egress: true, Ipv6CidrBlock: '::/0' }\n  GuardAclAssoc:\n";
  const opened = edit(TEXT, ['  GuardAclAssoc:\n', entries]);
  for (const [from, to] of [['internet', 'Behind'], ['Behind', 'internet']]) {
    const t = trace(opened, { from, to, port: 443, ipVersion: 6 });
    assert.equal(t.verdict, 'reachable', show(t));
    assert.ok(t.hops.some((h) => h.resource === 'GuardIn6' || h.rule.includes('rule 101')), show(t));
  }
});

test('a subnet without an IPv6 block: its instance has no IPv6 address, both ways (ENI_NO_IPV6_ADDRESS), while IPv4 works', () => {
  for (const [from, to] of [['Old', 'internet'], ['internet', 'Old'], ['Worker', 'Old']]) {
    const t = v6(from, to, 22);
    assert.equal(t.verdict, 'blocked', `${from}→${to}\n${show(t)}`);
    assert.deepEqual([t.blockedAt?.resource, t.blockedAt?.code], ['Old', 'ENI_NO_IPV6_ADDRESS']);
    assert.match(t.blockedAt!.message, /subnet Legacy has no IPv6 CIDR block/);
  }
  assert.equal(trace(TEXT, { from: 'Old', to: 'internet', port: 443 }).verdict, 'reachable');
  // In a subnet with a block, an instance that asks for no address (no Ipv6AddressCount, the subnet does
  // not assign on creation) has none either; a Lambda function needs Ipv6AllowedForDualStack.
  for (const who of ['NoV6Asked', 'FnV4']) {
    const t = v6(who, 'internet', 443);
    assert.deepEqual([t.verdict, t.blockedAt?.code], ['blocked', 'ENI_NO_IPV6_ADDRESS'], show(t));
  }
  const fn = v6('Fn', 'internet', 443);
  assert.equal(fn.verdict, 'reachable', show(fn));
  assert.equal(hopAt(fn, 'Eigw', 'forward').decision, 'pass');
});

test('an IPv6 address as an end makes the flow IPv6; mixing families is refused; IpVersion in declared flows is read and checked', () => {
  const a = analyze(edit(TEXT, ['Ipv6AddressCount: 1, SecurityGroupIds: [!Ref WorkerSg] }', 'Ipv6Addresses: [{ Ipv6Address: 2600:1f18:0:1::10 }], SecurityGroupIds: [!Ref WorkerSg] }']));
  const byAddress = trace(edit(TEXT, ['AmazonProvidedIpv6CidrBlock: true', 'Ipv6CidrBlock: 2600:1f18:0:0::/56']), { from: '2606:4700::1111', to: 'Web', port: 443 });
  assert.equal(byAddress.verdict, 'reachable', show(byAddress));
  assert.equal(hopAt(byAddress, 'Igw', 'forward').in.src, '2606:4700::1111');
  const mixed = trace(TEXT, { from: '8.8.8.8', to: '2606:4700::1111', port: 443 });
  assert.equal(mixed.verdict, 'unknown');
  assert.match(mixed.assumptions[0], /one address family/);
  assert.ok(a.model!.endpoints.find((e) => e.id === 'Worker')!.placements[0].ipv6);
  const declared = analyze(TEXT).flows;
  assert.deepEqual(declared.map((f) => [f.flow.name, f.flow.ipVersion, f.trace.verdict, f.asExpected]), [
    ['web-from-v6-internet', 6, 'reachable', true],
    ['worker-not-from-v6-internet', 6, 'blocked', true],
  ]);
  const bad = analyze(edit(TEXT, ['        Port: 443\n        IpVersion: 6\n', '        Port: 443\n        IpVersion: 5\n']));
  assert.ok(bad.problems.some((p) => p.code === 'FLOW_BAD_IP_VERSION'), JSON.stringify(bad.problems));
});

test('an IPv6 packet routed to a NAT gateway is unknown (NAT64 is not walked), never a guess', () => {
  const nat = "  NatEip:\n    Type: AWS::EC2::EIP\n    Properties: { Domain: vpc }\n  Nat:\n    Type: AWS::EC2::NatGateway\n    Properties: { SubnetId: !Ref Pub, AllocationId: !GetAtt NatEip.AllocationId }\n  PrivRt:\n";
  const text = edit(TEXT, ['  PrivRt:\n', nat], ['EgressOnlyInternetGatewayId: !Ref Eigw', 'NatGatewayId: !Ref Nat']);
  const t = trace(text, { from: 'Worker', to: 'internet', port: 443, ipVersion: 6 });
  assert.equal(t.verdict, 'unknown', show(t));
  const u = t.hops.find((h) => h.decision === 'unknown');
  assert.deepEqual([u?.resource, u?.code], ['Nat', 'UNSUPPORTED_COMPONENT']);
  assert.match(u!.reason, /NAT64/);
});

test('an IPv6 source address pin is checked against the source\'s IPv6 block and makes the flow IPv6', () => {
  const text = edit(TEXT, ['AmazonProvidedIpv6CidrBlock: true', 'Ipv6CidrBlock: 2600:1f18:0:0::/56']);
  const t = trace(text, { from: 'Web', to: '2606:4700::1111', port: 443, sourceIp: '2600:1f18::99' });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.equal(hopAt(t, 'Igw', 'forward').in.src, '2600:1f18::99');
  const m = analyze(text).model!;
  assert.equal(checkSourceIp(m, 'Web', '2600:1f18::99'), null);
  assert.match(checkSourceIp(m, 'Web', '2600:1f18:0:5::1') ?? '', /not an address the source can have/);
});
