import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model-fixtures';
import { isUnknown, type PublicAddress } from '../../../server/src/model/types';
import { formatIp } from '../../../server/src/net/ip';

const m = model('endpoints.yaml');
const ep = (id: string) => m.index.endpoint.get(id)!;
const kind = (a: PublicAddress): string => (isUnknown(a) ? 'unknown' : a.kind);
const ip = (v: unknown) => (v && !isUnknown(v as never) ? formatIp(v as never) : v);

test('an instance in a MapPublicIpOnLaunch subnet gets an automatic public IP; its address is not invented', () => {
  const p = ep('Web').placements[0];
  assert.equal(p.subnet, 'PublicA');
  assert.equal(kind(p.publicIp), 'auto');
  assert.equal(p.privateIp, undefined);
  assert.deepEqual(p.securityGroups, ['AppSg']);
  assert.equal(p.sourceDestCheck, true);
  assert.equal(ep('Web').kind, 'instance');
  assert.deepEqual(ep('Web').ephemeral.range, { from: 32768, to: 60999 });
  assert.match(ep('Web').ephemeral.assumption, /Linux default ip_local_port_range 32768-60999/);
});

test('an instance without security groups gets the VPC default SG, flagged; a fixed address is kept', () => {
  const p = ep('Bare').placements[0];
  assert.deepEqual(p.securityGroups, ['Vpc#default-sg']);
  assert.equal(p.usesDefaultSecurityGroup, true);
  assert.equal(ip(p.privateIp), '10.0.1.10');
  assert.equal(kind(p.publicIp), 'none');
});

test('NetworkInterfaces: one placement each; AssociatePublicIpAddress on device 0 only; SourceDestCheck', () => {
  const ps = ep('Multi').placements;
  assert.equal(ps.length, 2);
  assert.deepEqual([ps[0].subnet, kind(ps[0].publicIp), ps[0].securityGroups], ['PrivateA', 'auto', ['AppSg']]);
  assert.deepEqual([ps[1].subnet, kind(ps[1].publicIp), ps[1].securityGroups, ip(ps[1].privateIp)], ['PrivateB', 'none', ['DbSg'], '10.0.2.20']);
  assert.ok(ps.every((p) => p.sourceDestCheck === false));
});

test('an EIPAssociation gives the instance that Elastic IP', () => {
  assert.deepEqual(ep('WithEip').placements[0].publicIp, { kind: 'eip', eip: 'Eip' });
  assert.deepEqual(m.index.elasticIp.get('Eip')!.associatedWith, { kind: 'instance', id: 'WithEip' });
});

test('an ENI is an endpoint of its own and, once attached, a placement of the instance', () => {
  const eni = ep('Eni');
  assert.equal(eni.kind, 'network-interface');
  assert.equal(eni.placements[0].networkInterface, 'Eni');
  assert.equal(ip(eni.placements[0].privateIp), '10.0.2.99');
  const web = ep('Web').placements;
  assert.equal(web.length, 2);
  assert.equal(web[1].networkInterface, 'Eni');
  assert.equal(web[1].origin.resource, 'EniAttach');
});

test('a NAT gateway: its EIP, subnet, no security groups, 1024-65535', () => {
  const nat = m.index.natGateway.get('Nat')!;
  assert.deepEqual([nat.subnet, nat.eip, nat.connectivity], ['PublicA', 'NatEip', 'public']);
  assert.deepEqual(m.index.elasticIp.get('NatEip')!.associatedWith, { kind: 'nat-gateway', id: 'Nat' });
  const e = ep('Nat');
  assert.equal(e.kind, 'nat-gateway');
  assert.deepEqual(e.placements[0].securityGroups, []);
  assert.deepEqual(e.placements[0].publicIp, { kind: 'eip', eip: 'NatEip' });
  assert.deepEqual(e.ephemeral.range, { from: 1024, to: 65535 });
});

test('a Lambda with VpcConfig has one placement per subnet and never a public IP; without VpcConfig it is no endpoint', () => {
  const fn = ep('Fn');
  assert.equal(fn.kind, 'lambda');
  assert.deepEqual(fn.placements.map((p) => p.subnet), ['PrivateA', 'PrivateB']);
  assert.ok(fn.placements.every((p) => kind(p.publicIp) === 'none' && p.securityGroups[0] === 'AppSg'));
  assert.deepEqual(fn.ephemeral.range, { from: 1024, to: 65535 });
  assert.equal(m.index.endpoint.has('NoVpcFn'), false);
});

test('RDS: placements from the DB subnet group, SGs from VPCSecurityGroups; an Aurora member takes its cluster network', () => {
  const db = ep('Db');
  assert.deepEqual(db.placements.map((p) => p.subnet), ['PrivateA', 'PrivateB']);
  assert.ok(db.placements.every((p) => p.securityGroups.length === 1 && p.securityGroups[0] === 'DbSg' && kind(p.publicIp) === 'none'));
  assert.equal(db.placements[0].origin.resource, 'DbSubnets');
  const member = ep('ClusterMember');
  assert.deepEqual(member.placements.map((p) => [p.subnet, p.securityGroups[0]]), [['PrivateA', 'DbSg'], ['PrivateB', 'DbSg']]);
  assert.equal(ep('Cluster').kind, 'rds-cluster');
});

test('an instance using an existing ENI takes its subnet, SGs, source/dest check and the EIP associated to the ENI', () => {
  const p = ep('ByEni').placements;
  assert.equal(p.length, 1);
  assert.deepEqual([p[0].subnet, p[0].securityGroups, p[0].networkInterface, p[0].sourceDestCheck], ['PublicA', ['AppSg'], 'Eni2', false]);
  assert.deepEqual(p[0].publicIp, { kind: 'eip', eip: 'Eni2Eip' });
  assert.deepEqual(m.index.elasticIp.get('Eni2Eip')!.associatedWith, { kind: 'network-interface', id: 'Eni2' });
});

test('an EIP with InstanceId is that instance public address', () => {
  assert.deepEqual(ep('Direct').placements[0].publicIp, { kind: 'eip', eip: 'DirectEip' });
});
