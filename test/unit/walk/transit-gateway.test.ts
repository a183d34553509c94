// Transit gateways: a VPC reaches the gateway only from zones where its attachment has a subnet; the
// attachment's route table (the default one, named by the gateway, or an explicit one) routes by longest
// prefix, static before propagated, blackholes drop; the reply is routed again from the destination's
// side; attachment subnets' NACLs apply as the Transit Gateway guide says. Traces read both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('tgw.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource}${h.element ? `(${h.element})` : ''} ${h.decision} ${h.code} ${h.rule} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

/** The fixture with the default route table turned off and an explicit table, associations and propagations. */
const EXPLICIT = edit(TEXT, [
  '      Description: hub\n',
  `      Description: hub
      DefaultRouteTableAssociation: disable
      DefaultRouteTablePropagation: disable
  TgwRt:
    Type: AWS::EC2::TransitGatewayRouteTable
    Properties:
      TransitGatewayId: !Ref Tgw
  AppRtAssociation:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties:
      TransitGatewayAttachmentId: !Ref AppAttachment
      TransitGatewayRouteTableId: !GetAtt TgwRt.TransitGatewayRouteTableId
  DataRtAssociation:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties:
      TransitGatewayAttachmentId: !Ref DataAttachment
      TransitGatewayRouteTableId: !Ref TgwRt
  DataPropagation:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Properties:
      TransitGatewayAttachmentId: !Ref DataAttachment
      TransitGatewayRouteTableId: !Ref TgwRt
  AppPropagation:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Properties:
      TransitGatewayAttachmentId: !Ref AppAttachment
      TransitGatewayRouteTableId: !Ref TgwRt
`,
]);

test('app → db through the transit gateway\'s default route table: reachable both ways, the default table named by the gateway', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = hopsOf(t, 'forward');
  const names = fwd.map((h) => h.resource);
  assert.ok(names.indexOf('AppAttachment') < names.indexOf('Tgw') && names.indexOf('Tgw') < names.indexOf('DataAttachment'), show(t));
  const table = fwd.find((h) => h.resource === 'Tgw');
  assert.equal(table?.element, 'defaultRouteTable');
  assert.equal(table?.type, 'AWS::EC2::TransitGateway');
  assert.equal(table?.rule, '10.1.0.0/16 → DataAttachment (propagated)');
  assert.deepEqual([table?.in.src, table?.in.dst, table?.out.dst], ['10.0.1.10', '10.1.2.20', '10.1.2.20']);
  const back = hopsOf(t, 'return').find((h) => h.resource === 'Tgw');
  assert.equal(back?.rule, '10.0.0.0/16 → AppAttachment (propagated)', show(t));
  assert.deepEqual([back?.in.src, back?.in.dst], ['10.1.2.20', '10.0.1.10']);
  // The attachment subnets' network ACLs are checked on the way in and out of the gateway.
  assert.ok(fwd.some((h) => h.side === 'inbound' && h.reason.includes('subnet AppTgwSubnet')), show(t));
  assert.ok(fwd.some((h) => h.side === 'outbound' && h.reason.includes('subnet DataTgwSubnet')), show(t));
});

test('a subnet in a zone where the attachment has no subnet: blocked (TGW_ROUTE_AZ_RESTRICTION)', () => {
  const t = trace(TEXT, { from: 'AppB', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'TGW_ROUTE_AZ_RESTRICTION');
  assert.equal(t.blockedAt?.resource, 'AppAttachment');
  assert.match(t.blockedAt!.message, /AppSubnetB is in us-east-1b, but attachment AppAttachment has no subnet in that Availability Zone/);
  // With a subnet in us-east-1b in the attachment, it passes.
  const fixed = edit(TEXT, ['      SubnetIds: [!Ref AppTgwSubnet]\n', '      SubnetIds: [!Ref AppTgwSubnet, !Ref AppSubnetB]\n']);
  assert.equal(trace(fixed, { from: 'AppB', to: 'Db', port: 5432 }).verdict, 'reachable');
});

test('explicit route table with associations and propagations: reachable; without the source\'s propagation the reply has no route; a blackhole drops', () => {
  assert.equal(trace(EXPLICIT, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
  const t = trace(EXPLICIT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(hopsOf(t, 'forward').find((h) => h.resource === 'TgwRt')?.type, 'AWS::EC2::TransitGatewayRouteTable', show(t));
  const noBack = trace(edit(EXPLICIT, ['      TransitGatewayAttachmentId: !Ref AppAttachment\n      TransitGatewayRouteTableId: !Ref TgwRt\n', '      TransitGatewayAttachmentId: !Ref DataAttachment\n      TransitGatewayRouteTableId: !Ref TgwRt\n']), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(noBack.verdict, 'blocked', show(noBack));
  assert.equal(noBack.blockedAt?.direction, 'return');
  assert.equal(noBack.blockedAt?.resource, 'TgwRt');
  assert.equal(noBack.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  const blackhole = trace(edit(EXPLICIT, ['  AppPropagation:\n', '  DbBlackhole:\n    Type: AWS::EC2::TransitGatewayRoute\n    Properties:\n      TransitGatewayRouteTableId: !Ref TgwRt\n      DestinationCidrBlock: 10.1.2.0/24\n      Blackhole: true\n  AppPropagation:\n']), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(blackhole.verdict, 'blocked', show(blackhole));
  assert.equal(blackhole.blockedAt?.code, 'TGW_RTB_BAD_STATE_ROUTE');
  assert.equal(blackhole.blockedAt?.resource, 'TgwRt');
});

test('default association off and no association: the gateway routes nothing from the attachment', () => {
  const text = edit(TEXT, ['      Description: hub\n', '      Description: hub\n      DefaultRouteTableAssociation: disable\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION');
  assert.equal(t.blockedAt?.resource, 'AppAttachment');
});

test('security-group references do not match across a transit gateway without referencing support', () => {
  const text = edit(TEXT, ['          CidrIp: 10.0.0.0/16\n', '          SourceSecurityGroupId: !Ref AppSg\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.resource, 'DbSg');
  assert.ok(t.assumptions.some((a) => /security-group references do not match across transit gateway Tgw/.test(a)));
});

test('the destination VPC\'s attachment subnet NACL denies the way out of the gateway: blocked there, forward', () => {
  const nacl = `  TgwNacl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref DataVpc
  TgwNaclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref TgwNacl
      RuleNumber: 100
      Protocol: -1
      RuleAction: allow
      CidrBlock: 0.0.0.0/0
  TgwNaclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref DataTgwSubnet
      NetworkAclId: !Ref TgwNacl
`;
  const t = trace(edit(TEXT, ['Resources:\n', `Resources:\n${nacl}`]), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.resource, 'TgwNacl');
  assert.equal(t.blockedAt?.side, 'outbound');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.equal(t.blockedAt?.subnet, 'DataTgwSubnet');
});

test('no route back to the gateway in the destination VPC: blocked on the return path', () => {
  const text = edit(TEXT, ['      DestinationCidrBlock: 10.0.0.0/16\n      TransitGatewayId: !Ref Tgw\n', '      DestinationCidrBlock: 10.9.0.0/16\n      TransitGatewayId: !Ref Tgw\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.match(t.blockedAt!.message, /needs a route back to the transit gateway/);
});

test('no route in an explicit table is a drop; in the default table (default propagation on) or with a VPN connection\'s learned routes it is unknown', () => {
  const far = `  FarVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.2.0.0/16
  FarSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref FarVpc
      CidrBlock: 10.2.0.0/24
      AvailabilityZone: us-east-1a
  AppToFar:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref AppRt
      DestinationCidrBlock: 10.2.0.0/16
      TransitGatewayId: !Ref Tgw
`;
  const vpn = `  Cgw:
    Type: AWS::EC2::CustomerGateway
    Properties:
      Type: ipsec.1
      BgpAsn: 65000
      IpAddress: 203.0.113.10
  Vpn:
    Type: AWS::EC2::VPNConnection
    Properties:
      Type: ipsec.1
      CustomerGatewayId: !Ref Cgw
      TransitGatewayId: !Ref Tgw
`;
  // An explicit table gets only the propagations the template declares: no route is a drop.
  const blocked = trace(edit(EXPLICIT, ['Resources:\n', `Resources:\n${far}`]), { from: 'App', to: 'FarSubnet', port: 443 });
  assert.equal(blocked.verdict, 'blocked', show(blocked));
  assert.equal(blocked.blockedAt?.resource, 'TgwRt');
  assert.equal(blocked.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  // The default table also gets what attachments outside the template propagate: unknown, with the reason.
  const open = trace(edit(TEXT, ['Resources:\n', `Resources:\n${far}`]), { from: 'App', to: 'FarSubnet', port: 443 });
  assert.equal(open.verdict, 'unknown', show(open));
  const hop = open.hops.find((h) => h.decision === 'unknown');
  assert.equal(hop?.resource, 'Tgw');
  assert.equal(hop?.element, 'defaultRouteTable');
  assert.match(hop!.reason, /attachments made outside this template .* propagate into it automatically/);
  const withVpn = edit(TEXT, ['Resources:\n', `Resources:\n${far}${vpn}`]);
  const t = trace(withVpn, { from: 'App', to: 'FarSubnet', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.match(t.hops.find((h) => h.decision === 'unknown')!.reason, /routes VPN connection Vpn propagates .* are not in the template/);
  // A destination a shown route covers is still walked, with the assumption stated.
  const db = trace(withVpn, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(db.verdict, 'reachable', show(db));
  assert.ok(db.assumptions.some((a) => /from Vpn are not in the template; they are assumed not to be more specific/.test(a)), db.assumptions.join('\n'));
});

test('an attachment hop carries the type of the resource that declares it (TransitGatewayAttachment or TransitGatewayVpcAttachment)', () => {
  const typeOf = (text: string) => trace(text, { from: 'App', to: 'Db', port: 5432 }).hops.find((h) => h.resource === 'AppAttachment')?.type;
  assert.equal(typeOf(TEXT), 'AWS::EC2::TransitGatewayAttachment');
  assert.equal(typeOf(edit(TEXT, ['Type: AWS::EC2::TransitGatewayAttachment', 'Type: AWS::EC2::TransitGatewayVpcAttachment'])), 'AWS::EC2::TransitGatewayVpcAttachment');
});
