// Placements the template pins: an RDS instance with AvailabilityZone (and not MultiAZ) is only in the
// subnet-group subnets of that zone, so all-or-nothing applies to those placements, not to impossible
// ones; an Aurora cluster instance with AvailabilityZone likewise (RDS CreateDBInstance, AvailabilityZone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('placement-pins.yaml');

test('an RDS instance pinned to a zone is walked only in that zone\'s subnet: reachable although the other zone\'s subnet is closed', () => {
  const t = trace(TEXT, { from: 'App', to: 'PinnedDb', port: 5432 });
  assert.equal(t.verdict, 'reachable', hopsText(t));
  assert.deepEqual(analyze(TEXT).model!.index.endpoint.get('PinnedDb')!.placements.map((p) => p.subnet), ['DbSubnetA']);
  // Pinned to the closed zone: blocked by its NACL.
  const b = trace(edit(TEXT, ['      AvailabilityZone: us-east-1a\n      DBSubnetGroupName', '      AvailabilityZone: us-east-1b\n      DBSubnetGroupName']), { from: 'App', to: 'PinnedDb', port: 5432 });
  assert.equal(b.verdict, 'blocked', hopsText(b));
  assert.equal(b.blockedAt?.resource, 'ClosedAcl');
});

test('without the pin, or with MultiAZ, every subnet of the group is a placement: blocked by the closed one', () => {
  const free = trace(edit(TEXT, ['      AvailabilityZone: us-east-1a\n      DBSubnetGroupName', '      DBSubnetGroupName']), { from: 'App', to: 'PinnedDb', port: 5432 });
  assert.equal(free.verdict, 'blocked', hopsText(free));
  const multi = trace(edit(TEXT, ['      AvailabilityZone: us-east-1a\n      DBSubnetGroupName', '      MultiAZ: true\n      AvailabilityZone: us-east-1a\n      DBSubnetGroupName']), { from: 'App', to: 'PinnedDb', port: 5432 });
  assert.equal(multi.verdict, 'blocked', hopsText(multi));
});

test('a zone the subnet group does not cover is an error, and the database is not walked as placed', () => {
  const text = edit(TEXT, ['      AvailabilityZone: us-east-1a\n      DBSubnetGroupName', '      AvailabilityZone: us-east-1c\n      DBSubnetGroupName']);
  const a = analyze(text);
  const p = a.problems.find((x) => x.code === 'RDS_AZ_NOT_IN_SUBNET_GROUP');
  assert.ok(p, a.problems.map((x) => x.code).join(', '));
  assert.equal(text.slice(p.range.start, p.range.end), 'us-east-1c');
  assert.equal(trace(text, { from: 'App', to: 'PinnedDb', port: 5432 }).verdict, 'unknown');
});

test('an Aurora cluster instance with AvailabilityZone is placed in its cluster\'s subnet of that zone', () => {
  assert.equal(trace(TEXT, { from: 'App', to: 'ClusterWriter', port: 5432 }).verdict, 'reachable');
  const b = trace(edit(TEXT, ['      DBClusterIdentifier: !Ref Cluster\n      AvailabilityZone: us-east-1a', '      DBClusterIdentifier: !Ref Cluster\n      AvailabilityZone: us-east-1b']), { from: 'App', to: 'ClusterWriter', port: 5432 });
  assert.equal(b.verdict, 'blocked', hopsText(b));
  const free = trace(edit(TEXT, ['      DBClusterIdentifier: !Ref Cluster\n      AvailabilityZone: us-east-1a', '      DBClusterIdentifier: !Ref Cluster']), { from: 'App', to: 'ClusterWriter', port: 5432 });
  assert.equal(free.verdict, 'blocked', hopsText(free));
});
