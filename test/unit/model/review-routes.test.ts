// Review: routes more specific than local are accepted only to a whole subnet CIDR through a NAT gateway,
// a network interface or a GWLB endpoint; others are VPC_LOCAL_ROUTE_CIDR_RESTRICTION problems on the route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';

const text = readFileSync(join('test', 'fixtures', 'review', 'more-specific.yaml'), 'utf8');

test('more specific than local: whole subnet via NAT/ENI accepted; half a subnet or via the IGW is a problem on that route', () => {
  const a = analyzeText(text);
  const problems = a.problems.filter((p) => p.code === 'VPC_LOCAL_ROUTE_CIDR_RESTRICTION');
  const on = (id: string) => problems.find((p) => text.slice(p.range.start, p.range.end).includes(id) || p.message.startsWith(`Route ${id} `));
  assert.equal(problems.length, 2, JSON.stringify(problems, null, 1));
  assert.match(on('HalfApp')!.message, /10\.0\.1\.0\/25 is not the whole CIDR of a subnet of Vpc/);
  assert.match(on('AppViaIgw')!.message, /its target is an internet gateway/);
  assert.ok(!on('ToAppViaNat') && !on('ToPubViaEni') && !on('Default'));
  for (const p of problems) assert.equal(p.severity, 'error');
});

test('a subnet block outside its VPC is SUBNET_CIDR_OUTSIDE_VPC on its CidrBlock; inside, or undecided, is not', () => {
  const lpm = readFileSync(join('test', 'fixtures', 'review', 'lpm.yaml'), 'utf8');
  const outside = analyzeText(lpm, { parameters: { DbCidr: '10.1.2.0/24' } });
  const p = outside.problems.find((x) => x.code === 'SUBNET_CIDR_OUTSIDE_VPC');
  assert.ok(p, JSON.stringify(outside.problems));
  assert.match(p!.message, /Subnet Db's block 10\.1\.2\.0\/24 is not inside any block of VPC Vpc \(10\.0\.0\.0\/16\)/);
  assert.equal(analyzeText(lpm, { parameters: { DbCidr: '10.0.2.0/24' } }).problems.filter((x) => x.code === 'SUBNET_CIDR_OUTSIDE_VPC').length, 0);
  assert.equal(analyzeText(lpm).problems.filter((x) => x.code === 'SUBNET_CIDR_OUTSIDE_VPC').length, 0);
});
