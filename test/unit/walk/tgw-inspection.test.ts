// A transit gateway that routes a flow between two spokes through an inspection VPC: the appliance between
// the two crossings of the gateway is not walked (unknown, never a drop), and the trace states what the
// attachment's appliance mode decides for the two directions; without a way on in the inspection VPC the
// packet never reaches the destination (a drop). The model reports appliance mode per attachment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, trace } from './walk-fixtures';
import { modelText } from '../../../server/src/model/view';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('tgw-inspection.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} | ${h.reason}`).join('\n');
}

function inspectionHop(t: TraceResult) {
  const h = t.hops.find((x) => x.decision === 'unknown' && x.code === 'UNSUPPORTED_COMPONENT');
  assert.ok(h, show(t));
  return h;
}

test('app (us-east-1a) → db (us-east-1b) through an inspection VPC without appliance mode: unknown at the appliance, the trace saying the two directions meet different zones\' appliances', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.equal(t.blockers.length, 0, show(t));
  const h = inspectionHop(t);
  assert.equal(h.resource, 'InspToAppliance');
  assert.equal(h.direction, 'forward');
  assert.match(h.reason, /delivers 10\.1\.2\.20 into InspectionVpc \(an inspection VPC\), whose subnet InspTgwA sends it to instance Appliance/);
  assert.match(h.reason, /appliance mode is off for attachment InspectionAttachment: .*request \(from us-east-1a\) and the reply \(from us-east-1b\) go through the appliances of different zones/);
  // The gateway keeps the zone it was entered by: the inspection VPC is entered through its us-east-1a subnet.
  assert.ok(t.hops.some((x) => x.resource === 'InspectionAttachment' && x.rule === 'InspectionAttachment (InspTgwA)'), show(t));
  // The other way, from us-east-1b: entered through the us-east-1b subnet.
  const back = trace(TEXT, { from: 'Db', to: 'App', port: 22 });
  assert.equal(back.verdict, 'unknown', show(back));
  assert.match(inspectionHop(back).reason, /whose subnet InspTgwB sends it/);
});

test('with ApplianceModeSupport enabled, the trace says one zone\'s appliance sees both directions; the model lists the option', () => {
  const text = edit(TEXT, ['      SubnetIds: [!Ref InspTgwA, !Ref InspTgwB]\n', '      SubnetIds: [!Ref InspTgwA, !Ref InspTgwB]\n      Options:\n        ApplianceModeSupport: enable\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.match(inspectionHop(t).reason, /appliance mode is on for attachment InspectionAttachment: the transit gateway sends both directions of the flow through the same zone's interface/);
  const a = analyze(text);
  assert.equal(a.model!.tgwAttachments!.find((x) => x.id === 'InspectionAttachment')?.applianceMode, true);
  assert.equal(analyze(TEXT).model!.tgwAttachments!.find((x) => x.id === 'InspectionAttachment')?.applianceMode, false);
  assert.match(modelText(a.model!), /attachment InspectionAttachment .*appliance mode/);
  assert.doesNotMatch(modelText(analyze(TEXT).model!), /appliance mode/);
});

test('both ends in one zone without appliance mode: the trace says both directions stay in that zone', () => {
  const text = edit(TEXT, ['CidrBlock: 10.1.2.0/24, AvailabilityZone: us-east-1b', 'CidrBlock: 10.1.2.0/24, AvailabilityZone: us-east-1a']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.match(inspectionHop(t).reason, /both ends are in us-east-1a, so the transit gateway keeps both directions in that zone/);
});

test('the inspection VPC\'s attachment subnets have no route on: the packet never reaches the destination VPC, blocked with the reason', () => {
  const text = edit(TEXT, ['    Properties: { RouteTableId: !Ref InspTgwRoutes, DestinationCidrBlock: 0.0.0.0/0, InstanceId: !Ref Appliance }\n', '    Properties: { RouteTableId: !Ref InspTgwRoutes, DestinationCidrBlock: 192.168.0.0/16, InstanceId: !Ref Appliance }\n']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'NO_ROUTE_TO_DESTINATION');
  assert.equal(t.blockedAt?.direction, 'forward');
  assert.match(t.blockedAt!.message, /transit gateway Tgw sends 10\.1\.2\.20 through attachment InspectionAttachment into InspectionVpc, but the destination is in DataVpc, and route table InspTgwRoutes \(subnet InspTgwA\) has no route to 10\.1\.2\.20/);
});
