// Middleboxes: a route to an instance or network interface (a NAT instance, an appliance). It forwards
// only with its source/destination check off, its own security groups filter what it forwards, and it is
// assumed to masquerade to its own address (stated). Both ways, with the headers at each hop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopsOf, trace } from './walk-fixtures';
import type { TraceResult } from '../../../shared/protocol';

const TEXT = fixture('nat-instance.yaml');

function show(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} ${h.in.src}→${h.in.dst} ⇒ ${h.out.src}→${h.out.dst} | ${h.reason}`).join('\n');
}

test('app → internet through a NAT instance: reachable; the instance masquerades, the internet gateway maps it to its Elastic IP, and both are undone on the reply', () => {
  const t = trace(TEXT, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'reachable', show(t));
  const nat = hopsOf(t, 'forward').find((h) => h.resource === 'NatInstance');
  assert.deepEqual([nat?.in.src, nat?.out.src, nat?.out.dst], ['10.0.1.10', '10.0.0.5', '8.8.8.8'], show(t));
  assert.match(nat!.rule, /\(assumed\)/);
  const igw = hopsOf(t, 'forward').find((h) => h.resource === 'Igw');
  assert.deepEqual([igw?.in.src, igw?.out.src], ['10.0.0.5', 'EIP NatEip'], show(t));
  // The instance's own group admitted the forwarded packet from the app subnet.
  assert.ok(hopsOf(t, 'forward').some((h) => h.resource === 'NatSg' && h.decision === 'pass'), show(t));
  const back = hopsOf(t, 'return');
  const unNat = back.find((h) => h.resource === 'NatInstance');
  assert.deepEqual([unNat?.in.dst, unNat?.out.dst], ['10.0.0.5', '10.0.1.10'], show(t));
  assert.ok(back.findIndex((h) => h.resource === 'Igw') < back.findIndex((h) => h.resource === 'NatInstance'));
  assert.ok(t.assumptions.some((a) => /NatInstance forwards the traffic routed to it and masquerades it/.test(a)), t.assumptions.join('\n'));
});

test('the NAT instance keeps its source/destination check on: blocked at the instance (ENI_SOURCE_DEST_CHECK_RESTRICTION)', () => {
  const t = trace(edit(TEXT, ['      SourceDestCheck: false\n', '']), { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'ENI_SOURCE_DEST_CHECK_RESTRICTION');
  assert.equal(t.blockedAt?.resource, 'NatInstance');
  assert.match(t.blockedAt!.message, /needs SourceDestCheck: false/);
});

test('the NAT instance\'s security group does not admit the app subnet: blocked at its group, forward', () => {
  const t = trace(edit(TEXT, ['          CidrIp: 10.0.1.0/24\n', '          CidrIp: 10.0.9.0/24\n']), { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
  assert.equal(t.blockedAt?.resource, 'NatSg');
  assert.equal(t.blockedAt?.direction, 'forward');
});

test('a NAT instance without a public address: the internet gateway drops what it forwards', () => {
  const text = edit(TEXT, ['  NatEip:\n    Type: AWS::EC2::EIP\n    Properties:\n      Domain: vpc\n      InstanceId: !Ref NatInstance\n', '']);
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked', show(t));
  assert.equal(t.blockedAt?.code, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
  assert.equal(t.blockedAt?.resource, 'NatInstance');
});

test('app → db through the instance as an appliance: the database sees the appliance\'s address, so its rules must admit that address', () => {
  const t = trace(TEXT, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'reachable', show(t));
  const sg = hopsOf(t, 'forward').find((h) => h.resource === 'DbSg');
  assert.equal(sg?.in.src, '10.0.0.5', show(t));
  // A rule for the initiator's own range does not admit the forwarded packet.
  const direct = trace(edit(TEXT, ['          CidrIp: 10.0.0.0/24\n', '          CidrIp: 10.0.1.0/24\n']), { from: 'App', to: 'Db', port: 5432 });
  assert.equal(direct.verdict, 'blocked', show(direct));
  assert.equal(direct.blockedAt?.resource, 'DbSg');
  assert.match(direct.blockedAt!.message, /from 10\.0\.0\.5/);
  // The reply comes back to the appliance and is sent on to the app.
  const back = hopsOf(t, 'return').find((h) => h.resource === 'NatInstance');
  assert.deepEqual([back?.in.dst, back?.out.dst], ['10.0.0.5', '10.0.1.10'], show(t));
});

test('SourceDestCheck from a parameter without value: unknown at the instance, never a confident drop; given false, reachable', () => {
  const text = edit(
    TEXT,
    ["AWSTemplateFormatVersion: '2010-09-09'\n", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Forwarding:\n    Type: String\n"],
    ['      SourceDestCheck: false\n', '      SourceDestCheck: !Ref Forwarding\n'],
  );
  const t = trace(text, { from: 'App', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'unknown', show(t));
  assert.ok(!t.blockers.some((b) => b.code === 'ENI_SOURCE_DEST_CHECK_RESTRICTION'), show(t));
  const hop = hopsOf(t, 'forward').find((h) => h.resource === 'NatInstance' && h.decision === 'unknown');
  assert.ok(hop, show(t));
  assert.match(hop!.reason, /SourceDestCheck cannot be known/);
  const given = edit(text, ['  Forwarding:\n    Type: String\n', "  Forwarding:\n    Type: String\n    Default: 'false'\n"]);
  assert.equal(trace(given, { from: 'App', to: '8.8.8.8', port: 443 }).verdict, 'reachable');
});

test('the appliance\'s own subnet routes the destination back to the appliance itself: unknown (its software decides, e.g. a tunnel it terminates), not an unmodelled component', () => {
  const selfRoute = edit(TEXT, [
    '  PublicAssoc:\n',
    '  PublicToData:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref PublicRt\n      DestinationCidrBlock: 10.0.2.0/24\n      InstanceId: !Ref NatInstance\n  PublicAssoc:\n',
  ]);
  const t = trace(selfRoute, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown', show(t));
  const u = t.hops.find((h) => h.decision === 'unknown');
  assert.equal(u?.resource, 'PublicRt', show(t));
  assert.equal(u?.code, 'ASSUMPTION_UNRESOLVED_VALUE');
  assert.match(u!.reason, /routes 10\.0\.2\.\S+ back to NatInstance itself \(instance NatInstance\): how the instance forwards it then .* is decided by its software/);
  assert.ok(!t.hops.some((h) => h.code === 'UNSUPPORTED_COMPONENT'), show(t));
});
