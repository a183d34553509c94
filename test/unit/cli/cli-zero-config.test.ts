// The CLI's zero-configuration faces: `check` reports implied findings (warnings, "implied": true) unless
// --no-implied, and `exposure` lists what the internet reaches with the exit code of the contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliJson } from './run-cli';

const DIR = 'test/fixtures/implied';

test('check on templates without declared flows reports their implied findings as warnings marked implied (exit 0)', () => {
  const { run, data } = cliJson<{ findings: Array<{ code: string; severity: string; implied?: boolean; resource: string | null; related: unknown[] }> }>(['check', `${DIR}/lambda-rds-nacl-trap.yaml`, '--format', 'json']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(data.findings.length, 1);
  assert.deepEqual({ ...data.findings[0], related: data.findings[0].related.length > 0 }, { ...data.findings[0], code: 'NACL_RETURN_EPHEMERAL_BLOCKED', severity: 'warning', implied: true, resource: 'DbNacl', related: true });
});

test('check --no-implied leaves implied flows out', () => {
  const { run, data } = cliJson<{ findings: unknown[] }>(['check', `${DIR}/lambda-rds-nacl-trap.yaml`, '--no-implied', '--format', 'json']);
  assert.equal(run.status, 0);
  assert.deepEqual(data.findings, []);
});

test('check --format sarif carries the implied property', () => {
  const { data } = cliJson<any>(['check', `${DIR}/nat-in-private-subnet.yaml`, '--format', 'sarif']);
  const results = data.runs[0].results;
  assert.equal(results.length, 1);
  assert.equal(results[0].ruleId, 'NAT_SUBNET_NOT_PUBLIC');
  assert.equal(results[0].level, 'warning');
  assert.equal(results[0].properties.implied, true);
});

test('exposure --format json lists the exposed endpoint with its path and rule; a sensitive one left open exits 1', () => {
  const { run, data } = cliJson<{ exposures: any[] }>(['exposure', `${DIR}/public-bastion.yaml`, '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(data.exposures.length, 1);
  const x = data.exposures[0];
  assert.equal(x.endpoint, 'Bastion');
  assert.equal(x.protocol, 'tcp');
  assert.equal(x.ports, '22');
  assert.deepEqual(x.via, ['Igw', 'PublicNacl', 'BastionSg', 'Bastion']);
  assert.equal(x.rule.resource, 'BastionSg');
  assert.equal(typeof x.rule.range.start.line, 'number');
  assert.deepEqual(x.sensitive, ['22 (SSH)']);
  assert.equal(x.accepted, false);
});

test('exposure exits 0 when nothing sensitive is exposed, and 2 for a missing path or a bad flag', () => {
  const r = cli(['exposure', `${DIR}/lambda-rds-nacl-trap.yaml`]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /0 exposures/);
  assert.equal(cli(['exposure', `${DIR}/no-such.yaml`]).status, 2);
  assert.equal(cli(['exposure', `${DIR}/public-bastion.yaml`, '--format', 'xml']).status, 2);
  assert.equal(cli(['exposure']).status, 2);
});

test('exposure --format text and sarif', () => {
  const t = cli(['exposure', `${DIR}/public-bastion.yaml`]);
  assert.match(t.stdout, /public-bastion\.yaml:\d+:\d+ Bastion tcp\/22 at .* \[SENSITIVE: 22 \(SSH\)\]/);
  assert.match(t.stdout, /via Igw → PublicNacl → BastionSg → Bastion/);
  const { data } = cliJson<any>(['exposure', `${DIR}/public-bastion.yaml`, '--format', 'sarif']);
  assert.equal(data.runs[0].results[0].ruleId, 'EXPOSED_SENSITIVE_PORT');
});
