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

test('a nested stack or a custom resource named as an endpoint is unknown with why, not an unsupported component', () => {
  const text = edit(BASE, [
    'Resources:\n',
    `Resources:
  Services:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/example-bucket/services.yaml
  LocalServices:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./services.yaml
  SubnetTweak:
    Type: Custom::SubnetModify
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:tweak
`,
  ]);
  const model = analyze(text).model!;
  for (const name of ['Services', 'LocalServices', 'SubnetTweak']) assert.equal(checkEndpoint(model, name), null, `${name} exists: not a typo`);
  const nested = trace(text, { from: 'Services', to: 'Web', port: 443 });
  assert.equal(nested.verdict, 'unknown');
  assert.match(nested.assumptions.join('\n'), /Services is a nested stack \(AWS::CloudFormation::Stack\), not one endpoint: .* at https:\/\/s3\.amazonaws\.com\/example-bucket\/services\.yaml, which packetwalk never fetches/);
  assert.doesNotMatch(nested.assumptions.join('\n'), /cannot use/);
  assert.match(trace(text, { from: 'Web', to: 'LocalServices', port: 443 }).assumptions.join('\n'), /\(\.\/services\.yaml\); when that template is a local file, name one of its resources as LocalServices\/<LogicalId>/);
  const custom = trace(text, { from: 'SubnetTweak', to: 'Web', port: 443 });
  assert.equal(custom.verdict, 'unknown');
  assert.match(custom.assumptions.join('\n'), /SubnetTweak is a custom resource \(Custom::SubnetModify\): what it creates is decided by its provider's code/);
  // Declared, such a flow is an unresolved value of the template, not an unmodelled component.
  const declared = edit(text, ['Resources:\n', `Metadata:\n  PacketWalk:\n    Flows:\n      - {Name: to-services, From: Web, To: Services, Protocol: tcp, Port: 443}\nResources:\n`]);
  const codes = analyze(declared).findings.filter((f) => /to-services/.test(f.message)).map((f) => f.code);
  assert.ok(codes.length > 0, 'the flow has a finding');
  assert.ok(!codes.includes('UNSUPPORTED_COMPONENT'), codes.join(', '));
});
