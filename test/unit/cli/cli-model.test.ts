// `packetwalk model`, spawned: the model view JSON, unknown values as null + unknowns, parameters, text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { cli, cliJson, FIXTURES, REPO, assertNoStack } from './run-cli';

test('model --format json: VPCs and subnets of seed 002 with their CIDRs', () => {
  const { run, data } = cliJson(['model', 'examples/private-subnet-dns.yaml', '--format', 'json']);
  assert.equal(run.status, 0);
  for (const k of ['vpcs', 'subnets', 'securityGroups', 'endpoints', 'unknowns', 'problems']) assert.ok(Array.isArray(data[k]), k);
  const vpc = data.vpcs.find((v: any) => v.id === 'Vpc');
  assert.deepEqual(vpc.cidrs, ['10.0.0.0/16']);
  const cidrs = Object.fromEntries(data.subnets.map((s: any) => [s.id, s.cidr]));
  assert.deepEqual(cidrs, { PublicSubnet: '10.0.0.0/20', PrivateSubnet: '10.0.128.0/20' });
  const priv = data.subnets.find((s: any) => s.id === 'PrivateSubnet');
  assert.equal(priv.vpc, 'Vpc');
  assert.equal(priv.routeTable, 'PrivateRouteTable');
  assert.equal(priv.networkAcl, 'default');
});

test('an unresolvable CIDR is null with an unknowns entry; --param resolves it', () => {
  const { data } = cliJson(['model', `${FIXTURES}/unknown-cidr.yaml`, '--format', 'json']);
  const a = data.subnets.find((s: any) => s.id === 'SubnetA');
  assert.equal(a.cidr, null);
  assert.ok(data.unknowns.some((u: any) => u.resource === 'SubnetA'));
  const given = cliJson(['model', `${FIXTURES}/unknown-cidr.yaml`, '--format', 'json', '--param', 'ACidr=10.2.1.0/24']).data;
  assert.equal(given.subnets.find((s: any) => s.id === 'SubnetA').cidr, '10.2.1.0/24');
});

test('model text output exits 0; a template that does not parse lists its parse problems and exits 1', () => {
  const t = cli(['model', 'examples/private-subnet-dns.yaml']);
  assert.equal(t.status, 0);
  assert.match(t.stdout, /PrivateSubnet/);
  assert.match(t.stdout, /10\.0\.128\.0\/20/);
  const { run, data } = cliJson(['model', `${FIXTURES}/broken.yaml`, '--format', 'json']);
  assert.equal(run.status, 1);
  assert.ok(data.problems.length > 0);
});

test('model on a text with a syntax error after readable resources: the parse problems are listed (not "Problems (0)"), exit 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-model-'));
  const file = path.join(dir, 'half.yaml');
  fs.writeFileSync(file, 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Sub: [a, b\n   x: : y\n');
  const t = cli(['model', file]);
  assert.equal(t.status, 1, t.stdout + t.stderr);
  assert.doesNotMatch(t.stdout, /Problems \(0\)/);
  assert.match(t.stdout, /YAML_SYNTAX/);
  const j = cliJson(['model', file, '--format', 'json']);
  assert.equal(j.run.status, 1);
  assert.ok(j.data.problems.some((p: any) => p.code === 'YAML_SYNTAX'));
  // The same text without the broken lines parses: exit 0.
  fs.writeFileSync(file, 'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n');
  assert.equal(cli(['model', file]).status, 0);
});

test('model: missing file and bad flags exit 2', () => {
  for (const args of [['model', `${FIXTURES}/missing.yaml`], ['model', `${FIXTURES}/web-app.yaml`, '--format', 'sarif'], ['model'], ['model', 'a.yaml', 'b.yaml']]) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assertNoStack(r.stderr);
  }
});

test('--help, --version, no arguments', () => {
  const h = cli(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /packetwalk trace <template>/);
  assert.match(cli(['check', '--help']).stdout, /--strict/);
  const v = cli(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  const none = cli([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /Usage:/);
  assert.equal(cli(['frobnicate']).status, 2);
});

test('model lists peerings, transit gateways (attachments, route tables and their routes) and routes a VPN gateway propagates', () => {
  const peering = cliJson(['model', 'test/fixtures/walk/peering.yaml', '--format', 'json']).data;
  assert.ok(peering.peerings.length > 0);
  for (const p of peering.peerings) assert.ok(typeof p.requester === 'string' && typeof p.accepter === 'string', JSON.stringify(p));
  const tgw = cliJson(['model', 'test/fixtures/walk/tgw.yaml', '--format', 'json']).data;
  assert.ok(tgw.transitGateways.length > 0);
  const g = tgw.transitGateways[0];
  assert.ok(g.attachments.length > 0 && g.attachments.every((a: any) => a.kind === 'vpc' && Array.isArray(a.subnets)), JSON.stringify(g.attachments));
  assert.ok(g.routeTables.some((t: any) => t.routes.length > 0), JSON.stringify(g.routeTables));
  const text = cli(['model', 'test/fixtures/walk/tgw.yaml']).stdout;
  assert.match(text, /^Transit gateways \(\d+\)$/m);
  assert.match(text, /attachment \S+\s+vpc\s+vpc \S+/);
  const vpn = cliJson(['model', 'test/fixtures/walk/vpn-gateway.yaml', '--format', 'json']).data;
  const app = vpn.routeTables.find((t: any) => t.id === 'AppRoutes');
  const learned = app.routes.find((r: any) => r.propagated);
  assert.deepEqual([learned.destination, learned.target], ['192.168.0.0/16', { kind: 'vpn-gateway', id: 'Vgw' }]);
  assert.match(cli(['model', 'test/fixtures/walk/vpn-gateway.yaml']).stdout, /192\.168\.0\.0\/16\s+->\s+vpn-gateway Vgw\s+\(propagated\)/);
});

test('model lists the prefix lists the template declares, with their entries', () => {
  const { data } = cliJson(['model', 'test/fixtures/correctness/prefix-lists.yaml', '--format', 'json']);
  const corp = data.prefixLists.find((l: any) => l.id === 'Corp');
  assert.ok(corp, JSON.stringify(data.prefixLists));
  assert.equal(corp.family, 4);
  assert.ok(Array.isArray(corp.entries) && corp.entries.length > 0, JSON.stringify(corp));
});
