// Implied flows on templates without any declared flow: the seeds' traps give exactly one implied finding,
// at the element to fix, with the implying rule as related information; the fixed templates give none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, edit, implied, impliedFindings, textAt } from './implied-fixtures';

const LAMBDA_RDS = implied('lambda-rds-nacl-trap.yaml');
const NAT_PRIVATE = implied('nat-in-private-subnet.yaml');

test('Lambda → RDS, the database NACL allows outbound 5432 only: one implied warning on that NACL, the SG rule related', () => {
  const a = analyze(LAMBDA_RDS);
  const flow = a.implied?.find((r) => r.flow.name === 'Fn -> Db tcp/5432');
  assert.ok(flow, `implied flows: ${a.implied?.map((r) => r.flow.name).join(', ')}`);
  assert.equal(flow.trace.verdict, 'blocked');
  const found = impliedFindings(a);
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  const f = found[0];
  assert.equal(f.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(f.severity, 'warning');
  assert.equal(f.resource, 'DbNacl');
  assert.deepEqual(f.flows, ['Fn -> Db tcp/5432']);
  assert.match(f.message, /implied flow Fn -> Db tcp\/5432/);
  assert.ok(
    f.related.some((r) => /implied by security group DbSg admits FnSg on tcp\/5432/.test(r.message) && textAt(LAMBDA_RDS, r.range).includes('SourceSecurityGroupId: !Ref FnSg')),
    JSON.stringify(f.related),
  );
  // Nothing else: no declared flow, no error.
  assert.equal(a.findings.filter((x) => x.severity === 'error').length, 0);
});

test('Lambda → RDS with the ephemeral ports allowed out of the database subnets: the implied flow is reachable, no finding', () => {
  const fixed = edit(LAMBDA_RDS, ['      CidrBlock: 10.0.2.0/24\n      PortRange: { From: 5432, To: 5432 }\n  DbNaclA', '      CidrBlock: 10.0.2.0/24\n      PortRange: { From: 1024, To: 65535 }\n  DbNaclA']);
  const a = analyze(fixed);
  assert.equal(a.implied?.find((r) => r.flow.name === 'Fn -> Db tcp/5432')?.trace.verdict, 'reachable');
  assert.deepEqual(impliedFindings(a), []);
});

test('a private subnet routed to a NAT gateway that sits in that same private subnet: one implied warning, the route related', () => {
  const a = analyze(NAT_PRIVATE);
  const flow = a.implied?.find((r) => r.flow.name === 'App -> internet tcp/443');
  assert.ok(flow);
  assert.equal(flow.trace.verdict, 'blocked');
  const found = impliedFindings(a);
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  assert.equal(found[0].code, 'NAT_SUBNET_NOT_PUBLIC');
  assert.match(found[0].message, /NAT gateway Nat sits in subnet PrivateSubnet/);
  assert.ok(found[0].related.some((r) => r.message.includes('route table PrivateRoutes sends 0.0.0.0/0 to NAT gateway Nat') && textAt(NAT_PRIVATE, r.range) === '!Ref Nat'));
});

test('the NAT gateway moved to the public subnet: App reaches the internet on 443, no implied finding', () => {
  const fixed = edit(NAT_PRIVATE, ['      AllocationId: !GetAtt NatEip.AllocationId\n      SubnetId: !Ref PrivateSubnet', '      AllocationId: !GetAtt NatEip.AllocationId\n      SubnetId: !Ref PublicSubnet']);
  const a = analyze(fixed);
  assert.equal(a.implied?.find((r) => r.flow.name === 'App -> internet tcp/443')?.trace.verdict, 'reachable');
  assert.deepEqual(impliedFindings(a), []);
});

test('a declared flow replaces the implied flow it covers: its finding is an error of the declared flow, not an implied warning', () => {
  const declared = edit(LAMBDA_RDS, ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  PacketWalk:\n    Flows:\n      - { Name: fn-db, From: Fn, To: Db, Protocol: tcp, Port: 5432 }\n"]);
  const a = analyze(declared);
  assert.equal(a.implied?.some((r) => r.flow.name === 'Fn -> Db tcp/5432'), false);
  assert.deepEqual(impliedFindings(a), []);
  const f = a.findings.find((x) => x.code === 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(f?.severity, 'error');
  assert.deepEqual(f?.flows, ['fn-db']);
});

test('implied flows off (the impliedFlows setting, check --no-implied): no implied flow and no implied finding', () => {
  const a = analyze(LAMBDA_RDS, { implied: false });
  assert.equal(a.implied, undefined);
  assert.deepEqual(impliedFindings(a), []);
});

test('a rule from 0.0.0.0/0 implies no flow; an ingress rule from a group with no member implies none either', () => {
  const open = edit(LAMBDA_RDS, ['          SourceSecurityGroupId: !Ref FnSg', '          CidrIp: 0.0.0.0/0']);
  assert.equal(analyze(open).implied?.length, 0);
  const orphan = edit(LAMBDA_RDS, ['        SecurityGroupIds: [!Ref FnSg]', '        SecurityGroupIds: [!Ref DbSg]']);
  assert.equal(analyze(orphan).implied?.some((r) => r.flow.name.startsWith('Fn ->') && r.flow.name.includes('Db tcp')), false);
});

test('a rule from a CIDR inside the VPC implies a flow from the workloads in the subnets it covers', () => {
  const cidr = edit(LAMBDA_RDS, ['          SourceSecurityGroupId: !Ref FnSg', '          CidrIp: 10.0.2.0/24']);
  const a = analyze(cidr);
  assert.deepEqual(a.implied?.map((r) => r.flow.name), ['Fn -> Db tcp/5432']);
  assert.equal(impliedFindings(a).length, 1);
});

test('one rule over several source instances is one all-or-nothing implied flow naming the failing pairs', () => {
  // Two more members of FnSg, in a subnet the database NACL does not admit (the replies are fixed for the
  // function's subnet): the function's pair passes, the workers' pairs fail, the flow is blocked.
  const three = edit(
    LAMBDA_RDS,
    ['      CidrBlock: 10.0.2.0/24\n      PortRange: { From: 5432, To: 5432 }\n  DbNaclA', '      CidrBlock: 10.0.2.0/24\n      PortRange: { From: 1024, To: 65535 }\n  DbNaclA'],
    [
      '  DbSubnets:\n',
      `  Worker1:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      SubnetId: !Ref OtherSubnet\n      SecurityGroupIds: [!Ref FnSg]\n  Worker2:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      SubnetId: !Ref OtherSubnet\n      SecurityGroupIds: [!Ref FnSg]\n  OtherSubnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.9.0/24\n  DbSubnets:\n`,
    ],
  );
  const a = analyze(three);
  const flows = a.implied?.filter((r) => r.flow.name.endsWith('Db tcp/5432')) ?? [];
  assert.equal(flows.length, 1, flows.map((r) => r.flow.name).join(', '));
  assert.equal(flows[0].flow.name, 'FnSg -> Db tcp/5432');
  assert.equal(flows[0].trace.verdict, 'blocked');
  assert.deepEqual(flows[0].pairs.map((p) => `${p.from}:${p.verdict}`).sort(), ['Fn:reachable', 'Worker1:blocked', 'Worker2:blocked']);
  const found = impliedFindings(a);
  // The NACL drops the workers' requests on its inbound side and their replies on its outbound side: two fixes.
  assert.deepEqual(found.map((f) => `${f.resource}:${f.code}`).sort(), ['DbNacl:NACL_RETURN_EPHEMERAL_BLOCKED', 'DbNacl:SUBNET_ACL_RESTRICTION']);
  for (const f of found) assert.match(f.message, /failing pairs: Worker1 → Db, Worker2 → Db\)/);
});

// A subnet whose default route goes to a Network Firewall or Gateway Load Balancer endpoint sends its hosts
// to the internet through the inspection: the same implied flow as a default route to a NAT gateway.
const FIREWALL = readFileSync(join('test', 'fixtures', 'walk', 'firewall-distributed.yaml'), 'utf8');
const GWLB = readFileSync(join('test', 'fixtures', 'walk', 'gwlb-appliance.yaml'), 'utf8');

test("a default route to a Network Firewall endpoint implies its subnet's workloads to the internet, walked through the firewall", () => {
  const a = analyze(FIREWALL);
  const flow = a.implied?.find((r) => r.flow.name === 'Web -> internet tcp/443');
  assert.ok(flow, `implied flows: ${a.implied?.map((r) => r.flow.name).join(', ')}`);
  assert.deepEqual(flow.flow.impliedBy.map((b) => b.text), ['route table ProtectedRt sends 0.0.0.0/0 to an endpoint of Network Firewall Firewall']);
  // The place is the default route's target (the ProtectedRt route to 0.0.0.0/0, not the one to the app subnet).
  const at = flow.flow.impliedBy[0].origin.range;
  assert.equal(textAt(FIREWALL, at), "!Select [1, !Split [':', !Select [0, !GetAtt Firewall.EndpointIds]]]");
  assert.match(FIREWALL.slice(0, at.start), /RouteTableId: !Ref ProtectedRt\n\s+DestinationCidrBlock: 0\.0\.0\.0\/0\n\s+VpcEndpointId: $/);
  assert.equal(flow.trace.verdict, 'reachable');
  assert.ok(flow.trace.hops.some((h) => h.resource === 'Firewall'), 'the firewall is a hop');
  assert.ok(flow.trace.assumptions.some((x) => /firewall Firewall's rules .* are assumed/.test(x)), flow.trace.assumptions.join('\n'));
  assert.deepEqual(impliedFindings(a), []);
});

test('the firewall subnet without a route to the internet: one implied warning on its route table, the default route related', () => {
  const broken = edit(FIREWALL, ['      RouteTableId: !Ref FirewallRt\n      DestinationCidrBlock: 0.0.0.0/0', '      RouteTableId: !Ref FirewallRt\n      DestinationCidrBlock: 192.0.2.0/24']);
  const found = impliedFindings(analyze(broken));
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  assert.equal(found[0].code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(found[0].resource, 'FirewallRt');
  assert.deepEqual(found[0].flows, ['Web -> internet tcp/443']);
  assert.ok(found[0].related.some((r) => /implied by route table ProtectedRt sends 0\.0\.0\.0\/0 to an endpoint of Network Firewall Firewall/.test(r.message)), JSON.stringify(found[0].related));
});

test('a default route to a Gateway Load Balancer endpoint implies the same flow, through the endpoint', () => {
  const flow = analyze(GWLB).implied?.find((r) => r.flow.name === 'Web -> internet tcp/443');
  assert.ok(flow);
  assert.deepEqual(flow.flow.impliedBy.map((b) => b.text), ['route table ProtectedRt sends 0.0.0.0/0 to Gateway Load Balancer endpoint InspectionEndpoint']);
  assert.equal(flow.trace.verdict, 'reachable');
  assert.ok(flow.trace.hops.some((h) => h.resource === 'InspectionEndpoint'));
});
