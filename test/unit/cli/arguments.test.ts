// Argument parsing and parameter files: pure functions, tested without spawning the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../../server/src/cli/args';
import { UsageError, worstExit } from '../../../server/src/cli/errors';
import { mergeParameters, parseParamFlags, parseParametersFile } from '../../../server/src/cli/parameters';
import { parsePortArg, flowSpecFromArgs } from '../../../server/src/cli/flow-spec';
import { guard } from '../../../server/src/cli/run';

test('flags in both spellings, repeated --param, positionals', () => {
  const a = parseArgs(['trace', 't.yaml', '--from', 'A', '--to=B', '--param', 'X=1', '--param=Y=a=b', '--format', 'json']);
  assert.equal(a.command, 'trace');
  assert.deepEqual(a.positionals, ['t.yaml']);
  assert.equal(a.flags.get('from'), 'A');
  assert.equal(a.flags.get('to'), 'B');
  assert.deepEqual(a.params, ['X=1', 'Y=a=b']);
  assert.deepEqual({ ...parseParamFlags(a.params) }, { X: '1', Y: 'a=b' });
});

test('unknown command, unknown flag, flag of another command, missing value are usage errors', () => {
  assert.throws(() => parseArgs(['trac']), UsageError);
  assert.throws(() => parseArgs(['trace', 't', '--frm', 'A']), /unknown option '--frm'/);
  assert.throws(() => parseArgs(['model', 't', '--strict']), /unknown option '--strict'/);
  assert.throws(() => parseArgs(['trace', 't', '--from']), /needs a value/);
  assert.throws(() => parseArgs(['check', '.', '--strict=yes']), /takes no value/);
  assert.equal(parseArgs(['check', '.', '--strict']).booleans.has('strict'), true);
});

test('--help and --version anywhere', () => {
  assert.equal(parseArgs(['--help']).help, true);
  assert.equal(parseArgs(['check', '--help']).command, 'check');
  assert.equal(parseArgs(['--version']).version, true);
});

test('--param needs Name=Value', () => {
  assert.throws(() => parseParamFlags(['novalue']), /Name=Value/);
  assert.throws(() => parseParamFlags(['=x']), /Name=Value/);
  assert.deepEqual({ ...parseParamFlags(['Empty=']) }, { Empty: '' });
});

test('parameters file: CloudFormation list and {"Parameters": {}} object; flags win', () => {
  const list = parseParametersFile(
    '\uFEFF[{"ParameterKey":"A","ParameterValue":"1"},{"ParameterKey":"B","ParameterValue":5},{"ParameterKey":"L","ParameterValue":["a","b"]},{"ParameterKey":"P","UsePreviousValue":true}]',
    'p.json',
  );
  assert.deepEqual({ ...list }, { A: '1', B: '5', L: 'a,b' });
  const obj = parseParametersFile('{"Parameters":{"A":"x","N":3}}', 'p.json');
  assert.deepEqual({ ...obj }, { A: 'x', N: '3' });
  assert.deepEqual({ ...mergeParameters(obj, { A: 'flag' }) }, { A: 'flag', N: '3' });
});

test('bad parameters files are usage errors naming the file', () => {
  assert.throws(() => parseParametersFile('{nope', 'bad.json'), /bad\.json: not valid JSON/);
  assert.throws(() => parseParametersFile('{"A":"1"}', 'bad.json'), /bad\.json: expected/);
  assert.throws(() => parseParametersFile('[{"ParameterValue":"1"}]', 'bad.json'), /ParameterKey/);
  assert.throws(() => parseParametersFile('[{"ParameterKey":"A"}]', 'bad.json'), /no "ParameterValue"/);
});

test('ports: numbers, ranges, and rejects', () => {
  assert.equal(parsePortArg('53'), 53);
  assert.deepEqual(parsePortArg('1024-65535'), { from: 1024, to: 65535 });
  assert.equal(parsePortArg('80-80'), 80);
  assert.throws(() => parsePortArg('70000'), UsageError);
  assert.throws(() => parsePortArg('http'), UsageError);
  assert.throws(() => parsePortArg('90-80'), /from is above to/);
});

test('flow spec: defaults, required port for tcp/udp, icmp type, source ip validation', () => {
  const spec = (argv: string[]) => flowSpecFromArgs(parseArgs(['trace', 't', ...argv]));
  assert.deepEqual(spec(['--from', 'A', '--to', 'B', '--port', '443']), { from: 'A', to: 'B', protocol: 'tcp', port: 443 });
  assert.throws(() => spec(['--from', 'A', '--to', 'B']), /--port is required for tcp/);
  assert.throws(() => spec(['--to', 'B', '--port', '1']), /--from/);
  assert.deepEqual(spec(['--from', 'A', '--to', 'B', '--protocol', 'icmp', '--port', '8']).port, 8);
  assert.equal(spec(['--from', 'A', '--to', 'B', '--protocol', 'all']).port, undefined);
  assert.throws(() => spec(['--from', 'A', '--to', 'B', '--protocol', 'sctp']), /invalid value 'sctp'/);
  assert.throws(() => spec(['--from', 'A', '--to', 'B', '--port', '1', '--source-ip', '10.0.0.300']), /--source-ip/);
  assert.equal(spec(['--from', 'A', '--to', 'B', '--port', '1', '--source-ip', '10.0.0.3', '--source-port', '40000']).sourcePort, 40000);
});

test('exit code 2 wins over 1', () => {
  assert.equal(worstExit(1, 2), 2);
  assert.equal(worstExit(2, 0), 2);
  assert.equal(worstExit(0, 1), 1);
});

test('an unexpected exception is one line and exit 2; the stack only in debug mode', () => {
  const boom = () => {
    throw new TypeError('cannot read x of undefined');
  };
  const quiet = guard(boom, false);
  assert.equal(quiet.exitCode, 2);
  assert.equal(quiet.stdout, '');
  assert.match(quiet.stderr, /^packetwalk: internal error: cannot read x of undefined \(set PACKETWALK_DEBUG=1 for details\)\n$/);
  assert.match(guard(boom, true).stderr, /\n\s+at /);
  const usage = guard(() => {
    throw new UsageError('bad flag');
  }, false);
  assert.equal(usage.exitCode, 2);
  assert.match(usage.stderr, /^packetwalk: bad flag\nRun 'packetwalk --help' for usage\.\n$/);
  assert.deepEqual(guard(() => ({ stdout: 'x', stderr: '', exitCode: 1 }), false), { stdout: 'x', stderr: '', exitCode: 1 });
});
