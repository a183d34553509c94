import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model-fixtures';
import { isUnknown, type PublicAddress } from '../../../server/src/model/types';

const m = model('auto-scaling.yaml');
const ep = (id: string) => m.index.endpoint.get(id)!;
const kind = (a: PublicAddress): string => (isUnknown(a) ? 'unknown' : a.kind);

test('an Auto Scaling group is an instance endpoint with one placement per VPCZoneIdentifier subnet, SGs from its launch template', () => {
  const e = ep('Asg');
  assert.equal(e.kind, 'instance');
  assert.equal(e.type, 'AWS::AutoScaling::AutoScalingGroup');
  assert.deepEqual(e.placements.map((p) => [p.subnet, p.securityGroups, kind(p.publicIp), p.privateIp]), [
    ['A', ['WebSg'], 'none', undefined],
    ['B', ['WebSg'], 'none', undefined],
  ]);
  assert.deepEqual(e.ephemeral.range, { from: 32768, to: 60999 });
});

test('a launch configuration gives AssociatePublicIpAddress and its groups; a group name is Unknown', () => {
  const p = ep('LcAsg').placements;
  assert.equal(p.length, 1);
  assert.equal(kind(p[0].publicIp), 'auto');
  assert.equal(p[0].securityGroups[0], 'WebSg');
  assert.ok(isUnknown(p[0].securityGroups[1]));
  assert.ok(m.unknowns.some((u) => u.resource === 'Lc' && u.property === 'SecurityGroups'));
});
