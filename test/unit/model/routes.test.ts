import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c, codes, fixtureText, model, slice } from './model-fixtures';
import { isUnknown, type Route, type RouteTarget } from '../../../server/src/model/types';

const m = model('routes.yaml', { Env: 'dev' });
const text = fixtureText('routes.yaml');
const route = (table: string, id: string): Route => m.index.routeTable.get(table)!.routes.find((r) => r.id === id)!;
const target = (table: string, id: string): RouteTarget => route(table, id).target;

test('an explicit association picks the subnet route table; without one the main table applies', () => {
  assert.equal(m.index.subnet.get('Public')!.routeTable, 'PublicRt');
  assert.equal(m.index.subnet.get('Public')!.routeTableAssociation?.resource, 'PublicAssoc');
  assert.equal(m.index.subnet.get('Private')!.routeTable, 'PrivateRt');
});

test('two associations for one subnet are a problem; the first stays in force', () => {
  const p = m.problems.find((x) => x.code === 'MODEL_DUPLICATE_ASSOCIATION');
  assert.ok(p, codes(m).join());
  assert.match(p.message, /PrivateAssocAgain/);
  assert.match(slice(text, p.range), /^Type: AWS::EC2::SubnetRouteTableAssociation/);
});

test('an association whose Condition is undecided makes the subnet route table Unknown with the reason', () => {
  const rt = m.index.subnet.get('Maybe')!.routeTable;
  assert.equal(rt, 'Vpc#main', 'with Env=dev the association is absent, so the main table');
  const undecided = model('routes.yaml');
  const u = undecided.index.subnet.get('Maybe')!.routeTable;
  assert.ok(isUnknown(u));
  assert.match(u.reason, /MaybeAssoc has a Condition that cannot be decided/);
  assert.ok(undecided.unknowns.some((x) => x.resource === 'Maybe' && x.property === 'RouteTable'));
});

test('each target kind is read from its property, with the target value as origin range', () => {
  assert.deepEqual(target('PublicRt', 'ToIgw'), { kind: 'internet-gateway', id: 'Igw' });
  assert.equal(slice(text, route('PublicRt', 'ToIgw').origin.range), '!Ref Igw');
  assert.deepEqual(target('PublicRt', 'ToIgwV6'), { kind: 'egress-only-internet-gateway', id: 'Eigw' });
  assert.equal(c(route('PublicRt', 'ToIgwV6').destination as never), '::/0');
  assert.deepEqual(target('PrivateRt', 'ToNat'), { kind: 'nat-gateway', id: 'Nat' });
  assert.deepEqual(target('PrivateRt', 'ToVgw'), { kind: 'vpn-gateway', id: 'Vgw' });
  assert.deepEqual(target('PrivateRt', 'ToPcx'), { kind: 'vpc-peering', id: 'Pcx' });
  assert.deepEqual(target('PrivateRt', 'ToTgw'), { kind: 'transit-gateway', id: 'Tgw' });
  assert.deepEqual(target('PrivateRt', 'ToEni'), { kind: 'network-interface', id: 'Eni' });
  assert.deepEqual(route('PrivateRt', 'ToPrefixList').destination, { prefixList: 'pl-12345' });
});

test('a target outside the template keeps its kind with an Unknown id', () => {
  const t = target('PrivateRt', 'ToExternalTgw');
  assert.equal(t.kind, 'transit-gateway');
  assert.ok('id' in t && isUnknown(t.id));
});

test('a route to a resource whose Condition is false is a missing target (blackhole analogue)', () => {
  const t = target('PrivateRt', 'ToGoneNat');
  assert.equal(t.kind, 'missing');
  assert.ok(t.kind === 'missing' && t.id === 'GoneNat' && /Condition Never is false/.test(t.reason));
});

test('a gateway endpoint adds a prefix-list route to each table it names', () => {
  const r = route('PrivateRt', 'S3Endpoint#route:PrivateRt');
  assert.deepEqual(r.destination, { prefixList: 'com.amazonaws.eu-west-1.s3', service: 's3' });
  assert.deepEqual(r.target, { kind: 'vpc-endpoint', id: 'S3Endpoint' });
  assert.equal(m.index.routeTable.get('PublicRt')!.routes.some((x) => x.target.kind === 'vpc-endpoint'), false);
});

test('local routes come first in every table', () => {
  for (const t of m.routeTables) assert.equal(t.routes[0].target.kind, 'local', t.id);
});

test('the IGW is attached to the VPC; other gateways are recorded with their VPCs', () => {
  const igw = m.index.internetGateway.get('Igw')!;
  assert.deepEqual(igw.attachments.map((a) => a.vpc), ['Vpc']);
  assert.deepEqual(m.index.otherGateway!.get('Eigw')!.vpcs, ['Vpc']);
  assert.equal(m.index.otherGateway!.get('Pcx')!.vpcs.length, 2);
  assert.ok(isUnknown(m.index.otherGateway!.get('Pcx')!.vpcs[1]));
});
