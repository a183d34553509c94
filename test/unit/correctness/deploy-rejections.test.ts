// Template mistakes EC2 rejects at deploy are errors with ranges, and the walk never uses the rejected
// element as if it worked: a subnet associated with another VPC's route table or network ACL, a route to
// another VPC's gateway, NAT gateway or interface, a security group of another VPC on an interface, and
// subnet blocks outside their VPC, overlapping each other or not aligned to their prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopsText, problemCodes, trace } from './helpers';

const TEXT = fixture('two-vpcs.yaml');

function problem(text: string, code: string) {
  const a = analyze(text);
  const p = a.problems.find((x) => x.code === code);
  assert.ok(p, `${code} expected, got ${a.problems.map((x) => x.code).join(', ')}`);
  return { p, snippet: text.slice(p.range.start, p.range.end) };
}

test('the valid template has none of these problems and its flows are reachable', () => {
  const codes = problemCodes(TEXT);
  for (const c of ['SUBNET_ASSOCIATION_OTHER_VPC', 'ROUTE_TARGET_OTHER_VPC', 'SG_OTHER_VPC', 'SUBNET_CIDR_OVERLAP', 'SUBNET_CIDR_MISALIGNED', 'SUBNET_CIDR_OUTSIDE_VPC', 'INSTANCE_AZ_MISMATCH']) assert.ok(!codes.includes(c), c);
  assert.equal(trace(TEXT, { from: 'WebA', to: 'internet', port: 443 }).verdict, 'reachable');
  assert.equal(trace(TEXT, { from: 'WorkerA', to: 'internet', port: 443 }).verdict, 'reachable');
  assert.equal(trace(TEXT, { from: 'internet', to: 'WebA', port: 443 }).verdict, 'reachable');
});

test('a subnet associated with a route table of another VPC: an error on the association, and its routing is unknown', () => {
  const text = edit(TEXT, ['      SubnetId: !Ref SubnetA\n      RouteTableId: !Ref RtA', '      SubnetId: !Ref SubnetA\n      RouteTableId: !Ref RtB']);
  const { p, snippet } = problem(text, 'SUBNET_ASSOCIATION_OTHER_VPC');
  assert.equal(p.severity, 'error');
  assert.equal(snippet, '!Ref RtB');
  assert.match(p.message, /route table RtB belongs to VPC VpcB, but subnet SubnetA is in VPC VpcA/);
  const t = trace(text, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.ok(!t.hops.some((h) => h.resource === 'DefaultB' || h.resource === 'IgwB'), hopsText(t));
});

test('a subnet associated with a network ACL of another VPC: an error, and the NACL decision is unknown', () => {
  const text = edit(TEXT, ['      SubnetId: !Ref SubnetA\n      NetworkAclId: !Ref AclA', '      SubnetId: !Ref SubnetA\n      NetworkAclId: !Ref AclB']);
  const { snippet } = problem(text, 'SUBNET_ASSOCIATION_OTHER_VPC');
  assert.equal(snippet, '!Ref AclB');
  const t = trace(text, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.ok(!t.hops.some((h) => h.resource === 'AclB'), hopsText(t));
});

test('routes to a NAT gateway, an internet gateway or an instance of another VPC: errors on the target, and the walk does not follow them', () => {
  const nat = edit(TEXT, ['NatGatewayId: !Ref NatA', 'NatGatewayId: !Ref NatB']);
  const n = problem(nat, 'ROUTE_TARGET_OTHER_VPC');
  assert.equal(n.snippet, '!Ref NatB');
  assert.match(n.p.message, /targets nat gateway NatB, which is in VPC VpcB/);
  const tn = trace(nat, { from: 'WorkerA', to: 'internet', port: 443 });
  assert.equal(tn.verdict, 'unknown', hopsText(tn));
  assert.ok(!tn.hops.some((h) => h.resource === 'NatB'), hopsText(tn));

  const igw = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref IgwA', '      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref IgwB']);
  const g = problem(igw, 'ROUTE_TARGET_OTHER_VPC');
  assert.match(g.p.message, /internet gateway IgwB, which is attached to VpcB/);
  const tg = trace(igw, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(tg.verdict, 'unknown', hopsText(tg));
  assert.ok(!tg.blockers.some((b) => /no AWS::EC2::VPCGatewayAttachment/.test(b.message)), hopsText(tg));

  const inst = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref NatA', '      DestinationCidrBlock: 0.0.0.0/0\n      InstanceId: !Ref WebB']);
  problem(inst, 'ROUTE_TARGET_OTHER_VPC');
});

test('a security group of another VPC on an instance: an error on the reference, and the group decides nothing', () => {
  const text = edit(TEXT, ['      SubnetId: !Ref SubnetA\n      SecurityGroupIds: [!Ref SgA]', '      SubnetId: !Ref SubnetA\n      SecurityGroupIds: [!Ref SgB]']);
  const { p, snippet } = problem(text, 'SG_OTHER_VPC');
  assert.equal(snippet, '!Ref SgB');
  assert.match(p.message, /security group SgB belongs to VPC VpcB, but WebA is in subnet SubnetA of VPC VpcA/);
  const t = trace(text, { from: 'internet', to: 'WebA', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
});

test('a subnet block with host bits set is a warning and EC2 keeps its canonical form: walked on that block; overlapping once canonical: an error', () => {
  const mis = edit(TEXT, ['CidrBlock: 10.0.2.0/24', 'CidrBlock: 10.0.119.0/21']);
  const m = problem(mis, 'SUBNET_CIDR_MISALIGNED');
  assert.equal(m.p.severity, 'warning');
  assert.equal(m.snippet, '10.0.119.0/21');
  assert.match(m.p.message, /10\.0\.112\.0\/21/);
  assert.equal(trace(mis, { from: 'WorkerA', to: 'internet', port: 443 }).verdict, 'reachable');
  // 10.0.1.200/23 is 10.0.0.0/23 once canonical, which overlaps SubnetA's 10.0.1.0/24.
  const clash = edit(TEXT, ['CidrBlock: 10.0.2.0/24', 'CidrBlock: 10.0.1.200/23']);
  problem(clash, 'SUBNET_CIDR_OVERLAP');
  assert.equal(trace(clash, { from: 'WorkerA', to: 'internet', port: 443 }).verdict, 'unknown');
});

test('subnet blocks EC2 refuses: overlapping, outside the VPC; each an error on the block and the subnet unknown', () => {
  const over = edit(TEXT, ['CidrBlock: 10.0.2.0/24', 'CidrBlock: 10.0.1.128/25']);
  const o = problem(over, 'SUBNET_CIDR_OVERLAP');
  assert.equal(o.snippet, '10.0.1.128/25');
  assert.match(o.p.message, /overlaps subnet SubnetA/);
  assert.equal(trace(over, { from: 'WorkerA', to: 'internet', port: 443 }).verdict, 'unknown');
  assert.equal(trace(over, { from: 'WebA', to: 'internet', port: 443 }).verdict, 'unknown');

  const outside = edit(TEXT, ['CidrBlock: 10.0.2.0/24', 'CidrBlock: 10.9.2.0/24']);
  problem(outside, 'SUBNET_CIDR_OUTSIDE_VPC');
  assert.equal(trace(outside, { from: 'WorkerA', to: 'internet', port: 443 }).verdict, 'unknown');
});

test('an instance whose AvailabilityZone is not its subnet\'s zone: an error, and the instance is not walked as launched', () => {
  const text = edit(TEXT, ['      AvailabilityZone: us-east-1a\n      SubnetId: !Ref SubnetA', '      AvailabilityZone: us-east-1c\n      SubnetId: !Ref SubnetA']);
  const { p, snippet } = problem(text, 'INSTANCE_AZ_MISMATCH');
  assert.equal(snippet, 'us-east-1c');
  assert.match(p.message, /its subnet SubnetA is in us-east-1a/);
  assert.equal(trace(text, { from: 'WebA', to: 'internet', port: 443 }).verdict, 'unknown');
});
