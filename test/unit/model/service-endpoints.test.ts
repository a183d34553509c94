import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model-fixtures';
import { isUnknown, type PublicAddress } from '../../../server/src/model/types';

const m = model('services.yaml');
const ep = (id: string) => m.index.endpoint.get(id)!;
const kind = (a: PublicAddress): string => (isUnknown(a) ? 'unknown' : a.kind);

test('an ALB is placed in each subnet, internet-facing by default, with the VPC default SG when none is given', () => {
  const alb = ep('Alb');
  assert.equal(alb.kind, 'load-balancer');
  assert.deepEqual(alb.placements.map((p) => [p.subnet, kind(p.publicIp), p.securityGroups[0], p.usesDefaultSecurityGroup]), [
    ['A', 'auto', 'Vpc#default-sg', true],
    ['B', 'auto', 'Vpc#default-sg', true],
  ]);
  assert.deepEqual(alb.ephemeral.range, { from: 1024, to: 65535 });
});

test('an internal NLB from SubnetMappings has no public address and no security group', () => {
  const nlb = ep('Nlb');
  assert.deepEqual(nlb.placements.map((p) => [p.subnet, kind(p.publicIp), p.securityGroups.length]), [['B', 'none', 0]]);
});

test('an interface endpoint is an endpoint with an ENI per subnet and its security groups; it adds no route', () => {
  const e = ep('Ssm');
  assert.equal(e.kind, 'vpc-endpoint');
  assert.deepEqual(e.placements.map((p) => [p.subnet, p.securityGroups[0]]), [['A', 'EpSg']]);
  assert.equal(m.routeTables.some((t) => t.routes.some((r) => r.target.kind === 'vpc-endpoint')), false);
});
