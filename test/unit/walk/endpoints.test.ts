// Endpoint names: logical ids, subnets (probe hosts), addresses and CIDRs, the internet, and
// "did you mean" for names the template does not define.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEndpoint } from '../../../server/src/walk/endpoints';
import { analyze, edit, fixture, trace } from './walk-fixtures';

const BASE = fixture('two-tier.yaml');

test('checkEndpoint: known names pass, unknown ones get the closest logical ids', () => {
  const model = analyze(BASE).model!;
  for (const ok of ['App', 'DbSubnet', '10.0.1.10', '10.0.2.0/28', '8.8.8.8', 'internet']) assert.equal(checkEndpoint(model, ok), null, ok);
  const bad = checkEndpoint(model, 'Dbb');
  assert.ok(bad);
  assert.equal(bad.closest[0], 'Db');
  assert.match(bad.message, /did you mean Db/);
  // A private address outside every VPC (a peer's range, on-premises) is an endpoint: routes decide.
  assert.equal(checkEndpoint(model, '192.168.1.1'), null);
  const gap = checkEndpoint(model, '10.0.200.1');
  assert.match(gap!.message, /none of its modelled subnets/);
});

test('an address that is an ENI fixed address is that ENI (with its groups); another address is a probe without SG', () => {
  const eni = trace(BASE, { from: '10.0.1.10', to: 'Db', port: 5432 });
  assert.equal(eni.verdict, 'reachable', 'App carries AppSg, which DbSg admits');
  const probe = trace(BASE, { from: '10.0.1.99', to: 'Db', port: 5432 });
  assert.equal(probe.verdict, 'blocked', 'a probe host has no security group, so a reference rule cannot match it');
  assert.equal(probe.blockedAt?.resource, 'DbSg');
  assert.ok(probe.assumptions.some((a) => a.includes('probe host')));
  const subnet = trace(BASE, { from: 'AppSubnet', to: 'DbSubnet', port: 5432 });
  assert.equal(subnet.verdict, 'reachable', 'subnet to subnet: routes and NACLs only');
  assert.ok(!subnet.hops.some((h) => h.type === 'AWS::EC2::SecurityGroup'));
});

test('an unknown endpoint gives an unknown trace with the reason, never a throw', () => {
  const t = trace(BASE, { from: 'Nope', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown');
  assert.deepEqual(t.hops, []);
  assert.match(t.assumptions[0], /Nope/);
});

test('a NAT gateway accepts no unsolicited inbound connection', () => {
  const text = fixture('seed-002-private-dns.yaml');
  const t = trace(text, { from: 'internet', to: 'Nat', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.ok(t.blockers.some((b) => b.code === 'NGW_NO_UNSOLICITED_INBOUND' && b.resource === 'Nat'), JSON.stringify(t.blockers));
});

test('routes to components the walk does not model → UNSUPPORTED_COMPONENT, verdict unknown', () => {
  const text = edit(BASE, [
    '  PublicAssoc:\n',
    '  Cgw:\n    Type: AWS::EC2::CarrierGateway\n    Properties:\n      VpcId: !Ref Vpc\n  ToCarrier:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRouteTable\n      DestinationCidrBlock: 198.51.100.0/24\n      CarrierGatewayId: !Ref Cgw\n  PublicAssoc:\n',
  ]);
  const t = trace(text, { from: 'Web', to: '198.51.100.5', port: 443 });
  assert.equal(t.verdict, 'unknown');
  const hop = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.code, 'UNSUPPORTED_COMPONENT');
  assert.match(hop!.reason, /does not model/);
  assert.equal(trace(text, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'reachable');
});

test('a public range routed to a peering is not carried (the peering only carries its peer VPC\'s addresses)', () => {
  const text = edit(BASE, [
    '  PublicAssoc:\n',
    '  Pcx:\n    Type: AWS::EC2::VPCPeeringConnection\n    Properties:\n      VpcId: !Ref Vpc\n      PeerVpcId: !Ref OtherVpc\n  ToPeer:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRouteTable\n      DestinationCidrBlock: 198.51.100.0/24\n      VpcPeeringConnectionId: !Ref Pcx\n  PublicAssoc:\n',
  ]);
  const t = trace(text, { from: 'Web', to: '198.51.100.5', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
  assert.equal(trace(text, { from: 'Web', to: '8.8.8.8', port: 443 }).verdict, 'reachable');
});

test('an internet gateway as an endpoint stands for the internet; other defined resources are unsupported, not unknown names', () => {
  const model = analyze(BASE).model!;
  assert.equal(checkEndpoint(model, 'Igw'), null);
  const t = trace(BASE, { from: 'Igw', to: 'Web', port: 443 });
  assert.equal(t.verdict, 'reachable');
  assert.equal(checkEndpoint(model, 'PublicRouteTable'), null, 'a defined resource is not a typo');
  const u = trace(BASE, { from: 'PublicRouteTable', to: 'Web', port: 443 });
  assert.equal(u.verdict, 'unknown');
  assert.match(u.assumptions[0], /cannot use PublicRouteTable|PublicRouteTable is a resource/);
});
