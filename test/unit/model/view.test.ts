import { test } from 'node:test';
import assert from 'node:assert/strict';
import { model } from './model-fixtures';
import { modelText, modelView } from '../../../server/src/model/view';

const m = model('view.yaml');
const v = modelView(m);

test('the view has the documented top-level keys, and is plain JSON data', () => {
  assert.deepEqual(Object.keys(v), ['vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'endpoints', 'gateways', 'peerings', 'transitGateways', 'prefixLists', 'flows', 'unknowns', 'problems']);
  assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
  assert.deepEqual(v.vpcs, [{ id: 'Vpc', cidrs: ['10.0.0.0/16'] }]);
});

test('subnets: "main"/"default" for implicit elements, public from the IGW route', () => {
  const pub = v.subnets.find((s) => (s as { id: string }).id === 'Public');
  assert.deepEqual(pub, { id: 'Public', vpc: 'Vpc', cidr: '10.0.0.0/24', az: 'eu-west-1a', routeTable: 'PublicRt', networkAcl: 'default', public: true, mapPublicIpOnLaunch: false });
  const priv = v.subnets.find((s) => (s as { id: string }).id === 'Private') as Record<string, unknown>;
  assert.equal(priv.routeTable, 'main');
  assert.equal(priv.public, false);
});

test('a CIDR from a parameter without default or value is null and listed under unknowns', () => {
  const priv = v.subnets.find((s) => (s as { id: string }).id === 'Private') as Record<string, unknown>;
  assert.equal(priv.cidr, null);
  const u = v.unknowns.find((x) => x.resource === 'Private' && x.property === 'CidrBlock');
  assert.ok(u, JSON.stringify(v.unknowns));
  assert.match(u.reason, /PrivateCidr/);
  // Given a value, it resolves.
  const given = modelView(model('view.yaml', { PrivateCidr: '10.0.1.0/24', WithBastion: 'no' }));
  assert.equal((given.subnets.find((s) => (s as { id: string }).id === 'Private') as Record<string, unknown>).cidr, '10.0.1.0/24');
});

test('resources whose Condition is undecided carry "condition": "unknown"; decided false ones are absent', () => {
  const sg = v.securityGroups.find((g) => (g as { id: string }).id === 'BastionSg') as Record<string, unknown>;
  assert.equal(sg.condition, 'unknown');
  const inst = v.endpoints.find((e) => (e as { id: string }).id === 'Bastion') as Record<string, unknown>;
  assert.equal(inst.condition, 'unknown');
  const no = modelView(model('view.yaml', { PrivateCidr: '10.0.1.0/24', WithBastion: 'no' }));
  assert.equal(no.endpoints.some((e) => (e as { id: string }).id === 'Bastion'), false);
});

test('routeTables, networkAcls and gateways are listed in the same style', () => {
  const rt = v.routeTables.find((t) => (t as { id: string }).id === 'PublicRt') as { routes: unknown[] };
  assert.deepEqual(rt.routes, [
    { id: 'Vpc#local:10.0.0.0/16', destination: '10.0.0.0/16', target: { kind: 'local' } },
    { id: 'Default', destination: '0.0.0.0/0', target: { kind: 'internet-gateway', id: 'Igw' } },
  ]);
  assert.deepEqual(v.gateways, [{ id: 'Igw', type: 'AWS::EC2::InternetGateway', kind: 'internet-gateway', vpcs: ['Vpc'] }]);
  const acl = v.networkAcls[0] as { implicit: string; entries: unknown[] };
  assert.equal(acl.implicit, 'defaultNetworkAcl');
  assert.deepEqual(acl.entries[0], { id: 'Vpc#default-acl:ingress:100', rule: 100, direction: 'ingress', action: 'allow', protocol: 'all', cidr: '0.0.0.0/0' });
});

test('the text view is aligned and shows unknowns with their reasons', () => {
  const t = modelText(m);
  assert.match(t, /^VPCs \(1\)\n {2}Vpc {2}10\.0\.0\.0\/16\n/);
  const lines = t.split('\n');
  const header = lines.find((l) => l.includes('ROUTE TABLE'))!;
  const pub = lines.find((l) => l.startsWith('  Public '))!;
  assert.equal(pub.indexOf('PublicRt'), header.indexOf('ROUTE TABLE'));
  assert.match(t, /Private\.CidrBlock .*PrivateCidr/);
  assert.match(t, /Private +Vpc +\? +eu-west-1b +main +default +false/);
});
