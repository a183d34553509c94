// IPv6 between two VPCs whose blocks Amazon assigns at deploy: across a peering (routes to the peer's whole
// IPv6 block, `Fn::Select [0, Fn::GetAtt Vpc.Ipv6CidrBlocks]`) and across a transit gateway (the blocks
// propagate only from attachments with `Ipv6Support: enable`). IPv4 and IPv6 routes and rules never mix:
// each flow takes its own family's routes, security-group rules and network ACL entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';
import { modelText } from '../../../server/src/model/view';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('ipv6-across-vpcs.yaml');
const VIA_TGW = TEXT.split('VpcPeeringConnectionId: !Ref Peering').join('TransitGatewayId: !Ref Tgw');
const NEVER: [string, string] = ['Resources:\n', 'Conditions:\n  Never: !Equals [a, b]\nResources:\n'];

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource}${h.element ? `(${h.element})` : ''} ${h.decision} ${h.code} ${h.rule} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

/** The fixture without one resource (its Condition never holds). */
function without(text: string, id: string): string {
  const m = new RegExp(`  ${id}:\\n    Type: ([^\\n]+)\\n`).exec(text);
  if (!m) throw new Error(`no ${id}`);
  return edit(text, [m[0], `${m[0]}    Condition: Never\n`], NEVER);
}

test('app → db over IPv6 across the peering: reachable both ways through the routes to each other\'s IPv6 block; the IPv4 flow takes the IPv4 routes', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.equal(hopAt(t, 'AppToData6', 'forward').rule, 'IPv6 block of DataVpc → Peering');
  assert.equal(hopAt(t, 'DataToApp6', 'return').rule, 'IPv6 block of AppVpc → Peering');
  const pcx = hopAt(t, 'Peering', 'forward');
  assert.deepEqual([pcx.in.src, pcx.in.dst], ['some IPv6 address in AppSubnet', 'some IPv6 address in DataSubnet']);
  assert.equal(hopAt(t, 'Peering', 'return').decision, 'pass');
  assert.equal(hopAt(t, 'DbSg', 'forward').rule, 'DbSg ingress tcp 5432 from ::/0');
  const v4 = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(v4.verdict, 'reachable', show(v4));
  assert.ok(!v4.hops.some((h) => h.resource === 'AppToData6' || h.resource === 'DataToApp6'), show(v4));
  assert.equal(hopAt(v4, 'DbSg', 'forward').rule, 'DbSg ingress tcp 5432 from 10.0.0.0/16');
});

test('the data VPC routes only IPv4 back through the peering: the IPv6 reply has no route (blocked on the return); IPv4 is unaffected', () => {
  const text = without(TEXT, 'DataToApp6');
  const t = trace(text, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.match(t.blockedAt!.message, /has no route to some IPv6 address in AppSubnet: a peering needs a route on both sides/);
  assert.equal(trace(text, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
});

test('the database\'s group admits IPv4 only: the IPv6 flow across the peering is blocked there, the IPv4 flow is not', () => {
  const text = edit(TEXT, ["        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIpv6: '::/0' }\n", '']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.resource, 'DbSg');
  assert.ok(hopsOf(t, 'forward').some((h) => h.resource === 'Peering' && h.decision === 'pass'), show(t));
  assert.equal(trace(text, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
});

test('app → db over IPv6 across the transit gateway: the default table holds both VPCs\' propagated IPv6 blocks, reachable both ways', () => {
  const t = trace(VIA_TGW, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(t.verdict, 'reachable', show(t));
  const fwd = hopsOf(t, 'forward').find((h) => h.resource === 'Tgw' && h.element === 'defaultRouteTable');
  assert.equal(fwd?.rule, 'IPv6 block of DataVpc → DataAttachment (propagated)', show(t));
  const back = hopsOf(t, 'return').find((h) => h.resource === 'Tgw' && h.element === 'defaultRouteTable');
  assert.equal(back?.rule, 'IPv6 block of AppVpc → AppAttachment (propagated)', show(t));
});

test('without Ipv6Support on the data attachment its IPv6 block does not propagate: no route in an explicit table (blocked), while IPv4 still propagates', () => {
  const explicit = edit(
    VIA_TGW,
    ['    Properties: { Description: hub }\n', `    Properties: { Description: hub, DefaultRouteTableAssociation: disable, DefaultRouteTablePropagation: disable }
  HubTable:
    Type: AWS::EC2::TransitGatewayRouteTable
    Properties: { TransitGatewayId: !Ref Tgw }
  AppHub:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties: { TransitGatewayAttachmentId: !Ref AppAttachment, TransitGatewayRouteTableId: !Ref HubTable }
  DataHub:
    Type: AWS::EC2::TransitGatewayRouteTableAssociation
    Properties: { TransitGatewayAttachmentId: !Ref DataAttachment, TransitGatewayRouteTableId: !Ref HubTable }
  AppIntoHub:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Properties: { TransitGatewayAttachmentId: !Ref AppAttachment, TransitGatewayRouteTableId: !Ref HubTable }
  DataIntoHub:
    Type: AWS::EC2::TransitGatewayRouteTablePropagation
    Properties: { TransitGatewayAttachmentId: !Ref DataAttachment, TransitGatewayRouteTableId: !Ref HubTable }
`],
  );
  assert.equal(trace(explicit, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 }).verdict, 'reachable');
  const off = edit(explicit, ['      VpcId: !Ref DataVpc\n      SubnetIds: [!Ref DataSubnet]\n      Options: { Ipv6Support: enable }\n', '      VpcId: !Ref DataVpc\n      SubnetIds: [!Ref DataSubnet]\n']);
  const t = trace(off, { from: 'App', to: 'Db', port: 5432, ipVersion: 6 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.equal(t.blockedAt?.resource, 'HubTable');
  assert.match(t.blockedAt!.message, /transit gateway route table HubTable \(associated with attachment AppAttachment\) has no route to some IPv6 address in DataSubnet/);
  assert.equal(trace(off, { from: 'App', to: 'Db', port: 5432 }).verdict, 'reachable');
  // The model lists the option per attachment.
  const text = modelText(analyze(off).model!);
  assert.match(text, /attachment AppAttachment .* ipv6/);
  assert.doesNotMatch(text, /attachment DataAttachment [^\n]*ipv6/);
});
