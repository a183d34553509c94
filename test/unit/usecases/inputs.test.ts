// One reader of what a person types: the command line and the editor accept the same values and refuse
// the same ones, with the same reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEphemeralRange, readFlow, readParametersFile, readPort, readStackNames, readWalkSettings } from '../../../server/src/usecases/inputs';
import { parseEphemeral } from '../../../server/src/cli/walk-settings';
import { parseParametersFile } from '../../../server/src/cli/parameters';
import { normalizeSettings } from '../../../server/src/lsp/connection/settings';
import { traceSpecOf } from '../../../server/src/lsp/connection/requests';
import { flowSpecFromArgs } from '../../../server/src/cli/flow-spec';
import { parseArgs } from '../../../server/src/cli/args';

test('an ephemeral range the CLI refuses is refused by the editor settings too, with the same reason', () => {
  for (const text of ['0-100', '60999-32768', '1024-70000', '32768']) {
    const read = readEphemeralRange(text);
    assert.equal(read.value, undefined, text);
    assert.throws(() => parseEphemeral(text), new RegExp(read.problems[0].message), text);
    const logged: string[] = [];
    const settings = normalizeSettings({ ephemeral: { instance: text } }, (m) => logged.push(m));
    assert.equal(settings.instanceEphemeral, undefined, text);
    assert.match(logged.join('\n'), new RegExp(`ephemeral.instance "${text}" is ignored: ${read.problems[0].message}`));
  }
  assert.deepEqual(normalizeSettings({ ephemeral: { instance: '49152-65535' } }).instanceEphemeral, parseEphemeral('49152-65535'));
});

test('a parameters file reads the same in both front ends: JSON or YAML, either shape', () => {
  const yamlList = '- ParameterKey: DbPort\n  ParameterValue: 5432\n- ParameterKey: Env\n  ParameterValue: prod\n';
  assert.deepEqual({ ...parseParametersFile(yamlList, 'p.yaml') }, { DbPort: '5432', Env: 'prod' });
  assert.deepEqual({ ...readParametersFile(yamlList).value }, { DbPort: '5432', Env: 'prod' });
  assert.deepEqual({ ...readParametersFile('{"Parameters":{"A":["x","y"],"B":true}}').value }, { A: 'x,y', B: 'true' });
});

test('a malformed parameters entry is a problem in both: the CLI refuses the file, the editor keeps the good entries', () => {
  const text = '[{"ParameterKey":"A","ParameterValue":"1"},{"ParameterKey":"B"},{"ParameterValue":"2"}]';
  const read = readParametersFile(text);
  assert.deepEqual({ ...read.value }, { A: '1' });
  assert.deepEqual(read.problems.map((p) => p.message), ['item 1 (B) has no "ParameterValue"', 'item 2 needs a "ParameterKey" string']);
  assert.throws(() => parseParametersFile(text, 'p.json'), /p\.json: item 1 \(B\) has no "ParameterValue"; item 2 needs a "ParameterKey"/);
  assert.match(readParametersFile('{"A":"1"}').problems[0].message, /expected a list/);
  assert.match(readParametersFile('{nope: [').problems[0].message, /not valid JSON or YAML/);
});

test('a flow reads the same from CLI flags and from a traceFlow request', () => {
  const cli = flowSpecFromArgs(parseArgs(['trace', 't.yaml', '--from', 'A', '--to', 'B', '--port', '1024-2048', '--source-ip', '10.0.0.3']));
  const lsp = traceSpecOf({ uri: 'file:///t.yaml', from: 'A', to: 'B', port: '1024-2048', sourceIp: '10.0.0.3' });
  assert.deepEqual(lsp, cli);
  assert.deepEqual(readFlow({ from: 'A', to: 'B', protocol: 'icmp', port: 8 }).value, { from: 'A', to: 'B', protocol: 'icmp', port: 8 });
  for (const bad of [{ port: '90-80' }, { port: '70000' }, { protocol: 'sctp', port: 1 }, { port: 1, sourceIp: '10.0.0.300' }, {}]) {
    const read = readFlow({ from: 'A', to: 'B', ...bad });
    assert.equal(read.value, undefined, JSON.stringify(bad));
    assert.throws(() => traceSpecOf({ uri: 'file:///t.yaml', from: 'A', to: 'B', ...(bad as object) }), JSON.stringify(bad));
  }
  assert.deepEqual(readPort('53'), { value: 53, problems: [] });
});

test('walk settings: an Elastic IP address must be public IPv4, and a name given twice differently is a problem', () => {
  const r = readWalkSettings({ publicIps: [['NatEip', '10.0.0.5'], ['Other', '3.3.3.3'], ['Other', '4.4.4.4']] });
  assert.deepEqual({ ...r.value?.publicIps }, { Other: '3.3.3.3' });
  assert.deepEqual(r.problems.map((p) => p.field), ['publicIps.NatEip', 'publicIps.Other']);
});

test('stack names read the same from --stack-name FILE=NAME and from the packetwalk.stackNames setting', () => {
  const cli = readStackNames(['network.yaml=prod-net', 'stacks/app.yaml=prod-app', 'odd=name.yaml=x-1']);
  assert.deepEqual(cli.problems, []);
  assert.deepEqual({ ...cli.value }, { 'network.yaml': 'prod-net', 'stacks/app.yaml': 'prod-app', 'odd=name.yaml': 'x-1' });
  const logged: string[] = [];
  const settings = normalizeSettings({ stackNames: { 'network.yaml': 'prod-net', 'bad.yaml': '1starts-with-digit', 'worse.yaml': 7 } }, (m) => logged.push(m));
  assert.deepEqual(settings.stackNames, { 'network.yaml': 'prod-net' });
  assert.equal(logged.length, 2);
  assert.match(logged[0], /packetwalk\.stackNames "bad\.yaml=1starts-with-digit" is ignored: a stack name is a letter/);
  // CloudFormation's constraint: a letter, then letters, digits and hyphens; at most 128 characters.
  for (const bad of ['no_underscores', 'has space', 'a'.repeat(129), '']) {
    assert.equal(readStackNames([`f.yaml=${bad}`]).problems.length, 1, bad);
  }
  assert.equal(readStackNames(['a'.repeat(128)].map((n) => `f.yaml=${n}`)).problems.length, 0);
  assert.equal(readStackNames(['no-equals-sign']).problems[0].message, 'expected FILE=NAME');
});
