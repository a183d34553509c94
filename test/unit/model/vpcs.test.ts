import { test } from 'node:test';
import assert from 'node:assert/strict';
import { c, fixtureText, model, slice } from './model-fixtures';
import { isUnknown } from '../../../server/src/model/types';

test('a VPC lists its CidrBlock and VPCCidrBlock blocks; an Amazon-provided IPv6 block is Unknown with a reason', () => {
  const m = model('vpc-implicit.yaml');
  const vpc = m.index.vpc.get('Vpc')!;
  assert.deepEqual(vpc.cidrs.map((x) => c(x.cidr)), ['10.0.0.0/16', '100.64.0.0/16', '?Amazon assigns the IPv6 /56 block at deploy time']);
  assert.equal(vpc.cidrs[1].origin.resource, 'Secondary');
  assert.ok(m.unknowns.some((u) => u.resource === 'V6' && u.property === 'AmazonProvidedIpv6CidrBlock'));
});

test('every VPC implies a main route table whose local routes cover each VPC CIDR, origin = the VPC', () => {
  const text = fixtureText('vpc-implicit.yaml');
  const m = model('vpc-implicit.yaml');
  const main = m.index.routeTable.get('Vpc#main')!;
  assert.equal(main.implicit, 'mainRouteTable');
  assert.equal(main.origin.resource, 'Vpc');
  assert.equal(main.origin.element, 'mainRouteTable');
  assert.deepEqual(main.routes.map((r) => r.id), ['Vpc#local:10.0.0.0/16', 'Vpc#local:100.64.0.0/16', 'Vpc#local:unknown-2']);
  assert.ok(main.routes.every((r) => r.target.kind === 'local' && r.origin.element === 'localRoute' && r.origin.resource === 'Vpc'));
  assert.equal(slice(text, main.routes[0].origin.range), '10.0.0.0/16');
  // An explicit table of the same VPC starts with the same local routes.
  const explicit = m.index.routeTable.get('Explicit')!;
  assert.deepEqual(explicit.routes.map((r) => r.id), main.routes.map((r) => r.id));
});

test('every VPC implies a default NACL: rule 100 (v4) and 101 (v6) allow all, both directions', () => {
  const m = model('vpc-implicit.yaml');
  const acl = m.index.networkAcl.get('Vpc#default-acl')!;
  assert.equal(acl.implicit, 'defaultNetworkAcl');
  assert.equal(acl.origin.element, 'defaultNetworkAcl');
  const rows = acl.entries.map((e) => `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.action} ${e.protocol} ${c(e.cidr)}`);
  assert.deepEqual(rows.sort(), ['in 100 allow -1 0.0.0.0/0', 'in 101 allow -1 ::/0', 'out 100 allow -1 0.0.0.0/0', 'out 101 allow -1 ::/0']);
});

test('every VPC implies a default SG: all in from itself, all out to 0.0.0.0/0 and ::/0', () => {
  const m = model('vpc-implicit.yaml');
  const sg = m.index.securityGroup.get('Vpc#default-sg')!;
  assert.equal(sg.implicit, 'defaultSecurityGroup');
  const ingress = sg.rules.filter((r) => r.direction === 'ingress');
  assert.equal(ingress.length, 1);
  assert.deepEqual(ingress[0].peer, { kind: 'security-group', group: 'Vpc#default-sg' });
  assert.equal(ingress[0].ports, 'all');
  const egress = sg.rules.filter((r) => r.direction === 'egress').map((r) => (r.peer.kind === 'cidr' ? c(r.peer.cidr) : '?'));
  assert.deepEqual(egress, ['0.0.0.0/0', '::/0']);
});

test('a subnet without associations uses the main route table and the default NACL; a symbolic AZ is kept', () => {
  const m = model('vpc-implicit.yaml');
  const s = m.index.subnet.get('Lone')!;
  assert.equal(s.routeTable, 'Vpc#main');
  assert.equal(s.networkAcl, 'Vpc#default-acl');
  assert.equal(s.mapPublicIpOnLaunch, false);
  assert.ok(!isUnknown(s.az));
  assert.equal(s.az, 'az[0]');
  assert.equal(c(s.cidr), '10.0.1.0/24');
});
