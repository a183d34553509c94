// Hand-written stacks whose exports are named after the stack (`${AWS::StackName}-VpcId`): the name is
// only known at deploy, so an import of it stays unknown until `--stack-name FILE=NAME` gives it. And
// `model` shows the network of the stacks a template reaches, not only its own resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliJson } from './run-cli';

const DIR = 'test/fixtures/workspace/stack-names';

test('an import of an export named with ${AWS::StackName} is unknown until --stack-name names the stack, then decided', () => {
  const unnamed = cliJson(['check', `${DIR}/app.yaml`, '--format', 'json']).data;
  const unknown = unnamed.findings.find((f: any) => f.code === 'ASSUMPTION_UNRESOLVED_VALUE');
  assert.ok(unknown, JSON.stringify(unnamed.findings.map((f: any) => f.code)));
  assert.match(unknown.message, /AWS::StackName is only known at deploy \(name the stack: --stack-name <file>=<name>/);

  const named = cli(['check', `${DIR}/app.yaml`, '--stack-name', 'net.yaml=prod-net']);
  assert.equal(named.status, 0, named.stdout + named.stderr);
  assert.match(named.stdout, /^0 findings/m);
  const trace = cliJson(['trace', `${DIR}/app.yaml`, '--from', 'Api', '--to', 'Db', '--port', '5432', '--stack-name', `${DIR}/net.yaml=prod-net`, '--format', 'json']).data;
  assert.equal(trace.verdict, 'reachable');
  // Another name: the export is prod-other-…, so the import is missing again (an unknown, not a guess).
  const other = cliJson(['trace', `${DIR}/app.yaml`, '--from', 'Api', '--to', 'Db', '--port', '5432', '--stack-name', 'net.yaml=prod-other', '--format', 'json']).data;
  assert.equal(other.verdict, 'unknown');
});

test('--stack-name with a name CloudFormation refuses, or without FILE=, is a usage error (exit 2)', () => {
  for (const bad of ['net.yaml=9net', 'net.yaml=under_score', 'prod-net']) {
    const run = cli(['check', `${DIR}/app.yaml`, '--stack-name', bad]);
    assert.equal(run.status, 2, bad);
    assert.match(run.stderr, /--stack-name/);
  }
  const model = cli(['diff', `${DIR}/app.yaml`, `${DIR}/app.yaml`, '--stack-name', 'net.yaml=x']);
  assert.equal(model.status, 2, 'diff does not read other stacks, so it does not take --stack-name');
});

test('model shows the network of the stacks a template imports from, named <stack>/<LogicalId>', () => {
  const { run, data } = cliJson(['model', 'test/fixtures/workspace/folder/app.yaml', '--format', 'json']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(data.vpcs.map((v: any) => [v.id, v.cidrs]), [['network/Vpc', ['10.20.0.0/16']]]);
  const data2 = data.subnets.find((s: any) => s.id === 'network/DataSubnet');
  assert.equal(data2.networkAcl, 'network/DbAcl');
  assert.ok(data.securityGroups.some((g: any) => g.id === 'DbSg' && g.vpc === 'network/Vpc'), JSON.stringify(data.securityGroups.map((g: any) => [g.id, g.vpc])));
  // model takes --workspace like every command; one that is not a directory is a usage error.
  assert.equal(cli(['model', 'test/fixtures/workspace/folder/app.yaml', '--workspace', 'no/such/dir']).status, 2);
});
