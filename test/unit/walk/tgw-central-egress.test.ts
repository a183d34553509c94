// Centralised egress through a transit gateway: a spoke VPC's 0.0.0.0/0 goes to the transit gateway, the
// spoke table sends it to the egress VPC, whose attachment subnet routes it to a NAT gateway in a public
// subnet; the reply comes back through the NAT gateway and the transit gateway. Each test reads the trace:
// the headers at the NAT gateway and the internet gateway, and every blocker with its direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('tgw-central-egress.yaml');
const SETTINGS = { publicIps: { NatEip: '3.3.3.3' } };

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource}${h.element ? `#${h.element}` : ''} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

test('spoke → internet through the transit gateway and the egress VPC\'s NAT gateway: reachable, both translations and their undoing in the headers', () => {
  const t = trace(TEXT, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'reachable', show(t));
  const order = hopsOf(t, 'forward').map((h) => h.resource).filter((r) => ['SpokeDefault', 'SpokeAttachment', 'SpokeTable', 'EgressAttachment', 'EgressTgwDefault', 'Nat', 'PublicDefault', 'Igw'].includes(r));
  assert.deepEqual(order, ['SpokeDefault', 'SpokeAttachment', 'SpokeTable', 'EgressAttachment', 'EgressTgwDefault', 'Nat', 'PublicDefault', 'Igw']);
  const snat = hopAt(t, 'Nat', 'forward');
  assert.deepEqual([snat.in.src, snat.out.src], ['10.0.1.10', '10.100.1.5']);
  const igw = hopAt(t, 'Igw', 'forward');
  assert.deepEqual([igw.in.src, igw.out.src], ['10.100.1.5', '3.3.3.3']);
  const back = hopsOf(t, 'return').map((h) => h.resource).filter((r) => ['Igw', 'Nat', 'PublicToSpokes', 'EgressAttachment', 'EgressTable', 'SpokeAttachment', 'AppSg'].includes(r));
  assert.deepEqual(back, ['Igw', 'Nat', 'PublicToSpokes', 'EgressAttachment', 'EgressTable', 'SpokeAttachment', 'AppSg']);
  const unsnat = hopAt(t, 'Nat', 'return');
  assert.deepEqual([unsnat.in.dst, unsnat.out.dst], ['10.100.1.5', '10.0.1.10']);
  assert.equal(hopAt(t, 'EgressTable', 'return').in.dst, '10.0.1.10');
});

test('the NAT gateway\'s subnet has no route back to the spoke: its 0.0.0.0/0 sends the reply to the internet gateway, blocked on the return with NO_ROUTE_TO_DESTINATION', () => {
  const text = edit(TEXT, ['  PublicToSpokes:\n    Type: AWS::EC2::Route\n', '  PublicToSpokes:\n    Type: AWS::EC2::Route\n    Condition: Never\n'], ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n']);
  const t = trace(text, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers.length, 1, show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'PublicRoutes');
  assert.match(t.blockedAt!.message, /NAT gateway Nat's subnet PublicSubnet routes the reply to 10\.0\.1\.10 to internet-gateway Igw, which drops a private destination: it needs a route for SpokeVpc \(10\.0\.0\.0\/16\) back to the transit gateway/);
  // The forward half went all the way out.
  assert.equal(hopAt(t, 'Igw', 'forward').decision, 'pass');
});

test('the egress attachment\'s transit gateway table has no route to the spoke: blocked on the return at that table', () => {
  const text = edit(TEXT, ['  SpokeIntoEgressTable:\n    Type: AWS::EC2::TransitGatewayRouteTablePropagation\n', '  SpokeIntoEgressTable:\n    Type: AWS::EC2::TransitGatewayRouteTablePropagation\n    Condition: Never\n'], ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n']);
  const t = trace(text, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'EgressTable');
  assert.match(t.blockedAt!.message, /transit gateway route table EgressTable \(associated with attachment EgressAttachment\) has no route to 10\.0\.1\.10/);
});

test('the spoke table has no default route: blocked on the forward path in the transit gateway, the egress VPC never reached', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      TransitGatewayAttachmentId: !Ref EgressAttachment\n', '      DestinationCidrBlock: 10.100.0.0/16\n      TransitGatewayAttachmentId: !Ref EgressAttachment\n']);
  const t = trace(text, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.equal(t.blockedAt?.resource, 'SpokeTable');
  assert.ok(!t.hops.some((h) => h.resource === 'Nat'), show(t));
});

test('the attachment subnet routes the internet straight to the internet gateway: the spoke\'s private source has no public address there, blocked', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref Nat\n', '      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref Igw\n']);
  const t = trace(text, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  assert.equal(t.blockedAt?.resource, 'Igw');
  assert.match(t.blockedAt!.message, /comes from another VPC through transit gateway Tgw/);
});

test('a spoke subnet in a zone where the spoke attachment has no subnet cannot use the transit gateway: TGW_ROUTE_AZ_RESTRICTION', () => {
  const text = edit(TEXT, ['      CidrBlock: 10.0.1.0/24\n      AvailabilityZone: us-east-1a\n', '      CidrBlock: 10.0.1.0/24\n      AvailabilityZone: us-east-1b\n']);
  const t = trace(text, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'TGW_ROUTE_AZ_RESTRICTION');
});

test('a network ACL on the NAT gateway\'s subnet that denies the spoke\'s range outbound drops the un-translated reply on its way to the transit gateway', () => {
  const nacl = `  PublicNacl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref EgressVpc
  PublicNaclDenySpoke:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PublicNacl
      RuleNumber: 90
      Protocol: -1
      Egress: true
      RuleAction: deny
      CidrBlock: 10.0.0.0/16
  PublicNaclOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PublicNacl
      RuleNumber: 100
      Protocol: -1
      Egress: true
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  PublicNaclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref PublicNacl
      RuleNumber: 100
      Protocol: -1
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  PublicNaclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref PublicSubnet
      NetworkAclId: !Ref PublicNacl
  App:
`;
  const t = trace(edit(TEXT, ['  App:\n', nacl]), { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockers.length, 1, show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(t.blockedAt?.resource, 'PublicNaclDenySpoke');
});

test('the internet cannot start a connection to the spoke: the spoke VPC has no internet gateway', () => {
  const t = trace(TEXT, { from: 'internet', to: 'App', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'IGW_NOT_ATTACHED');
});

/** The egress VPC with a Network Firewall between the transit gateway and the NAT gateway, both ways. */
const INSPECTED = edit(
  TEXT,
  ['      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref Nat\n', "      DestinationCidrBlock: 0.0.0.0/0\n      VpcEndpointId: !Select [1, !Split [':', !Select [0, !GetAtt EgressFirewall.EndpointIds]]]\n"],
  ['      DestinationCidrBlock: 10.0.0.0/8\n      TransitGatewayId: !Ref Tgw\n', "      DestinationCidrBlock: 10.0.0.0/8\n      VpcEndpointId: !Select [1, !Split [':', !Select [0, !GetAtt EgressFirewall.EndpointIds]]]\n"],
  [
    '  App:\n',
    `  FirewallSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref EgressVpc
      CidrBlock: 10.100.2.0/24
      AvailabilityZone: us-east-1a
  EgressPolicy:
    Type: AWS::NetworkFirewall::FirewallPolicy
    Properties:
      FirewallPolicyName: egress
      FirewallPolicy:
        StatelessDefaultActions: ['aws:forward_to_sfe']
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe']
  EgressFirewall:
    Type: AWS::NetworkFirewall::Firewall
    Properties:
      FirewallName: egress
      FirewallPolicyArn: !GetAtt EgressPolicy.FirewallPolicyArn
      VpcId: !Ref EgressVpc
      SubnetMappings:
        - SubnetId: !Ref FirewallSubnet
  FirewallRoutes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref EgressVpc
  FirewallToNat:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref FirewallRoutes
      DestinationCidrBlock: 0.0.0.0/0
      NatGatewayId: !Ref Nat
  FirewallToSpokes:
    Type: AWS::EC2::Route
    DependsOn: EgressAttachment
    Properties:
      RouteTableId: !Ref FirewallRoutes
      DestinationCidrBlock: 10.0.0.0/8
      TransitGatewayId: !Ref Tgw
  FirewallAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref FirewallSubnet
      RouteTableId: !Ref FirewallRoutes
  App:
`,
  ],
);

test('an inspection VPC: the transit gateway delivers to the firewall endpoint, then the NAT gateway; the reply goes back through the same firewall to the gateway, reachable', () => {
  const t = trace(INSPECTED, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = hopsOf(t, 'forward').map((h) => h.resource).filter((r) => ['EgressAttachment', 'EgressFirewall', 'FirewallToNat', 'Nat', 'Igw'].includes(r));
  assert.deepEqual(fwd, ['EgressAttachment', 'EgressFirewall', 'FirewallToNat', 'Nat', 'Igw']);
  const back = hopsOf(t, 'return').map((h) => h.resource).filter((r) => ['Igw', 'Nat', 'PublicToSpokes', 'EgressFirewall', 'FirewallToSpokes', 'EgressAttachment', 'EgressTable'].includes(r));
  assert.deepEqual(back, ['Igw', 'Nat', 'PublicToSpokes', 'EgressFirewall', 'FirewallToSpokes', 'EgressAttachment', 'EgressTable']);
  assert.equal(hopAt(t, 'EgressFirewall', 'forward').in.src, '10.0.1.10', 'the firewall sees the spoke address, before the NAT gateway');
  assert.equal(hopAt(t, 'EgressFirewall', 'return').in.dst, '10.0.1.10');
  assert.ok(t.assumptions.some((a) => /assumed to let this flow through/.test(a)), t.assumptions.join('\n'));
});

test('an inspection VPC whose NAT subnet sends the reply straight to the transit gateway: the firewall never sees the reply, blocked on the return', () => {
  const bypass = edit(INSPECTED, ["      DestinationCidrBlock: 10.0.0.0/8\n      VpcEndpointId: !Select [1, !Split [':', !Select [0, !GetAtt EgressFirewall.EndpointIds]]]\n", '      DestinationCidrBlock: 10.0.0.0/8\n      TransitGatewayId: !Ref Tgw\n']);
  const t = trace(bypass, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING');
  assert.equal(t.blockedAt?.resource, 'PublicRoutes', 'the route that goes around the firewall is the one to fix');
  assert.ok(!hopsOf(t, 'return').some((h) => h.resource === 'EgressFirewall' && h.decision === 'pass'), show(t));
});

test('an inspection VPC whose firewall subnet has no route back to the spokes: the reply follows 0.0.0.0/0 to the NAT gateway, blocked with the reason', () => {
  const noBack = edit(INSPECTED, ['  FirewallToSpokes:\n    Type: AWS::EC2::Route\n', '  FirewallToSpokes:\n    Type: AWS::EC2::Route\n    Condition: Never\n'], ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n']);
  const t = trace(noBack, { from: 'App', to: 'internet', port: 443 }, SETTINGS);
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.match(t.blockedAt!.message, /subnet FirewallSubnet \(after the firewall endpoint of EgressFirewall in subnet FirewallSubnet \(us-east-1a\)\) routes the reply to 10\.0\.1\.10 to nat-gateway Nat: it needs a route for SpokeVpc \(10\.0\.0\.0\/16\) back to the transit gateway/);
});
