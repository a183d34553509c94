// Spoke to spoke through an inspection VPC with AWS Network Firewall behind a transit gateway: the gateway
// delivers into the inspection VPC, the attachment subnet's route sends the packet to its zone's firewall
// endpoint, the firewall subnet sends it back to the gateway, which crosses again to the destination. Both
// directions must meet the same endpoint: without appliance mode, the gateway keeps each direction in the
// zone it entered by, so ends in different zones meet different endpoints and the firewall drops the reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('tgw-inspection-firewall.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.rule ?? ''} | ${h.reason}`).join('\n');
}

const applianceMode = (text: string) =>
  edit(text, ['SubnetIds: [!Ref InspTgwA, !Ref InspTgwB]', 'SubnetIds: [!Ref InspTgwA, !Ref InspTgwB]\n      Options: { ApplianceModeSupport: enable }']);

test('app (us-east-1a) → db (us-east-1b) without appliance mode: blocked on the reply, which meets the other zone\'s firewall endpoint (MIDDLEBOX_ASYMMETRIC_ROUTING)', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ASYMMETRIC_ROUTING', show(t));
  assert.equal(t.blockedAt?.direction, 'return');
  assert.match(t.blockedAt!.message, /request goes through endpoint 0 of firewall Firewall .* but the reply through endpoint 1/);
  assert.match(t.blockedAt!.message, /delivered the request into subnet InspTgwA, us-east-1a, and the reply into subnet InspTgwB, us-east-1b: .*turn ApplianceModeSupport on/);
  // The request: two crossings of the gateway, the firewall between them, no translation.
  const fwd = hopsOf(t, 'forward').map((h) => h.resource);
  const order = ['AppAttachment', 'SpokeTable', 'InspectionAttachment', 'InspToFirewallA', 'Firewall', 'FwBackToTgw', 'InspectionTable', 'DataAttachment', 'DbSg'];
  assert.deepEqual(fwd.filter((r) => order.includes(r)), ['AppAttachment', 'SpokeTable', 'InspectionAttachment', 'InspToFirewallA', 'Firewall', 'FwBackToTgw', 'InspectionAttachment', 'InspectionTable', 'DataAttachment', 'DbSg']);
  const fw = hopsOf(t, 'forward').find((h) => h.resource === 'Firewall')!;
  assert.equal(fw.code, 'FIREWALL_POLICY_NOT_EVALUATED');
  assert.deepEqual([fw.in.src, fw.in.dst], ['10.0.1.10', '10.1.2.20']);
  assert.ok(hopsOf(t, 'return').some((h) => h.resource === 'InspToFirewallB'), show(t));
});

test('with ApplianceModeSupport on the inspection attachment, the reply comes out in the request\'s zone, meets the same endpoint: reachable, the zone choice stated', () => {
  const t = trace(applianceMode(TEXT), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  const back = hopsOf(t, 'return');
  assert.ok(back.some((h) => h.resource === 'InspToFirewallA'), show(t));
  assert.ok(!back.some((h) => h.resource === 'InspToFirewallB'), show(t));
  assert.ok(t.assumptions.some((a) => /appliance mode is on for attachment InspectionAttachment: .*flow hash/.test(a)), t.assumptions.join('\n'));
  // The inspection itself is assumed, on both directions, naming the policy.
  for (const d of ['forward', 'return'] as const) {
    const fw = hopsOf(t, d).find((h) => h.resource === 'Firewall');
    assert.equal(fw?.code, 'FIREWALL_POLICY_NOT_EVALUATED', show(t));
    assert.match(fw!.reason, /firewall policy FwPolicy/);
  }
});

test('both ends in one zone: both directions stay in that zone and meet the same endpoint without appliance mode: reachable', () => {
  const sameZone = edit(TEXT, ['CidrBlock: 10.1.2.0/24, AvailabilityZone: us-east-1b', 'CidrBlock: 10.1.2.0/24, AvailabilityZone: us-east-1a']);
  const t = trace(sameZone, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
});

test('the firewall subnet has no route back to the transit gateway: the request never leaves the inspection VPC (NO_ROUTE_TO_DESTINATION at its table)', () => {
  const noWayBack = edit(TEXT, ['DestinationCidrBlock: 10.0.0.0/8, TransitGatewayId: !Ref Tgw', 'DestinationCidrBlock: 192.168.0.0/16, TransitGatewayId: !Ref Tgw']);
  const t = trace(applianceMode(noWayBack), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.resource, 'FwRoutes');
  assert.equal(t.blockedAt?.direction, 'forward');
});

test('the inspection table sends the destination back into the inspection VPC: a routing loop, dropped after a few crossings (MIDDLEBOX_ROUTING_LOOP)', () => {
  const loop = edit(applianceMode(TEXT), [
    '  DataIntoInspection:\n    Type: AWS::EC2::TransitGatewayRouteTablePropagation\n    Properties: { TransitGatewayAttachmentId: !Ref DataAttachment, TransitGatewayRouteTableId: !Ref InspectionTable }',
    '  DataIntoInspection:\n    Type: AWS::EC2::TransitGatewayRoute\n    Properties: { TransitGatewayRouteTableId: !Ref InspectionTable, DestinationCidrBlock: 10.1.0.0/16, TransitGatewayAttachmentId: !Ref InspectionAttachment }',
  ]);
  const t = trace(loop, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'MIDDLEBOX_ROUTING_LOOP', show(t));
});

test('one firewall endpoint for both zones: request and reply meet the same endpoint whatever the zones, so no appliance mode is needed: reachable', () => {
  const single = edit(TEXT, [
    '        - SubnetId: !Ref FwSubnetA\n        - SubnetId: !Ref FwSubnetB\n',
    '        - SubnetId: !Ref FwSubnetA\n',
  ], ["!Select [1, !Split [':', !Select [1, !GetAtt Firewall.EndpointIds]]]", "!Select [1, !Split [':', !Select [0, !GetAtt Firewall.EndpointIds]]]"]);
  const t = trace(single, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  assert.ok(hopsOf(t, 'return').some((h) => h.resource === 'InspToFirewallB'), 'the reply still enters by its own zone');
  assert.equal(hopsOf(t, 'return').filter((h) => h.resource === 'Firewall').length, 1);
});
