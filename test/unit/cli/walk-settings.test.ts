// `--ephemeral <from-to>` and `--public-ip <EipId>=<address>`: the walk assumptions a template cannot
// state (the OS picks the ephemeral range; EC2 allocates an EIP's address at deploy). Parsed and
// validated up front (exit 2 on a bad value or an EIP name no template defines), applied by `trace`
// and by `check` to every declared flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../../server/src/cli/args';
import { UsageError } from '../../../server/src/cli/errors';
import { parseEphemeral, parsePublicIp, walkSettingsFromArgs } from '../../../server/src/cli/walk-settings';
import { usage } from '../../../server/src/cli/usage';
import { cli, cliJson, FIXTURES, assertNoStack } from './run-cli';

const DNS = ['trace', 'examples/private-subnet-dns.yaml', '--from', 'Red', '--to', '8.8.8.8', '--protocol', 'udp', '--port', '53'];
const EPHEMERAL = `${FIXTURES}/ephemeral.yaml`;
const settingsOf = (...argv: string[]) => walkSettingsFromArgs(parseArgs(['trace', 't.yaml', ...argv]));

test('--ephemeral takes a from-to range within 1-65535', () => {
  assert.deepEqual(parseEphemeral('49152-65535'), { from: 49152, to: 65535 });
  assert.deepEqual(parseEphemeral(' 1024 - 65535 '), { from: 1024, to: 65535 });
  for (const bad of ['', '32768', '60999-32768', '0-100', '1024-70000', 'a-b', '1024-', '-1-5']) {
    assert.throws(() => parseEphemeral(bad), (e: unknown) => e instanceof UsageError && /--ephemeral/.test(e.message), bad);
  }
  assert.deepEqual(settingsOf('--ephemeral', '49152-65535'), { instanceEphemeral: { from: 49152, to: 65535 } });
  assert.deepEqual(settingsOf('--ephemeral=1024-65535'), { instanceEphemeral: { from: 1024, to: 65535 } });
  assert.deepEqual(settingsOf(), {}, 'no flag: the engine defaults apply');
});

test('--public-ip takes EipLogicalId=address, a public IPv4 address, and repeats', () => {
  assert.deepEqual(parsePublicIp('NatEip=3.224.9.52'), { eip: 'NatEip', address: '3.224.9.52' });
  const bad: Array<[string, RegExp]> = [
    ['NatEip', /EipLogicalId=address/],
    ['=3.3.3.3', /EipLogicalId=address/],
    ['NatEip=', /EipLogicalId=address/],
    ['Nat-Eip=3.3.3.3', /EipLogicalId=address/],
    ['NatEip=3.3.3', /not an IPv4 address/],
    ['NatEip=2001:db8::1', /Elastic IPs are IPv4/],
    ['NatEip=10.0.0.5', /private address/],
    ['NatEip=100.64.1.1', /private address/],
  ];
  for (const [text, why] of bad) {
    assert.throws(() => parsePublicIp(text), (e: unknown) => e instanceof UsageError && /--public-ip/.test(e.message) && why.test(e.message), text);
  }
  // A map without prototype: a logical id such as "constructor" is just a key.
  const given = settingsOf('--public-ip', 'A=3.3.3.3', '--public-ip=B=4.4.4.4', '--public-ip', 'A=3.3.3.3', '--public-ip', 'constructor=5.5.5.5');
  assert.deepEqual({ ...given.publicIps }, { A: '3.3.3.3', B: '4.4.4.4', constructor: '5.5.5.5' });
  assert.throws(() => settingsOf('--public-ip', 'A=3.3.3.3', '--public-ip', 'A=4.4.4.4'), /given twice/);
  assert.throws(() => parseArgs(['model', 't.yaml', '--public-ip', 'A=3.3.3.3']), /unknown option '--public-ip' for 'model'/);
  assert.throws(() => parseArgs(['model', 't.yaml', '--ephemeral', '1-2']), /unknown option '--ephemeral' for 'model'/);
});

test('--help of trace and check documents both flags', () => {
  for (const cmd of ['trace', 'check'] as const) {
    const text = usage(cmd);
    assert.match(text, /--ephemeral <from-to> .*32768-60999/s);
    assert.match(text, /--public-ip <EipId>=<address>[\s\S]*repeatable/);
  }
  assert.doesNotMatch(usage('model'), /--public-ip|--ephemeral/);
  assert.match(usage(null), /--ephemeral <from-to> and --public-ip <EipId>=<address>/);
});

test('trace --public-ip: the internet gateway translates to the given EIP address, stated as an assumption', () => {
  const without = cliJson(DNS.concat('--format', 'json')).data;
  const igwOut = (d: any) => d.hops.find((h: any) => h.resource === 'InternetGateway' && h.direction === 'forward').out.src;
  assert.equal(igwOut(without), 'EIP NatEip');
  const { run, data } = cliJson(DNS.concat('--public-ip', 'NatEip=3.224.9.52', '--format', 'json'));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(igwOut(data), '3.224.9.52');
  assert.ok(data.assumptions.some((a: string) => a.includes('NatEip has address 3.224.9.52')), data.assumptions.join('\n'));
  const back = data.hops.find((h: any) => h.resource === 'InternetGateway' && h.direction === 'return');
  assert.equal(back.in.dst, '3.224.9.52');
});

test('trace --public-ip naming no EIP of the template, or a bad value: exit 2 with the reason', () => {
  const typo = cli(DNS.concat('--public-ip', 'NatEipp=3.224.9.52'));
  assert.equal(typo.status, 2);
  assert.equal(typo.stdout, '');
  assert.match(typo.stderr, /--public-ip NatEipp: no AWS::EC2::EIP of that name \(Elastic IPs defined: NatEip\)/);
  assertNoStack(typo.stderr);
  const priv = cli(DNS.concat('--public-ip', 'NatEip=10.1.1.1'));
  assert.equal(priv.status, 2);
  assert.match(priv.stderr, /private address/);
  const eph = cli(DNS.concat('--ephemeral', '60999-32768'));
  assert.equal(eph.status, 2);
  assert.match(eph.stderr, /invalid value '60999-32768' for --ephemeral \(from is above to\)/);
});

test('trace --ephemeral sets the instance source ports, and decides a NACL return path', () => {
  const linux = cliJson(['trace', EPHEMERAL, '--from', 'Client', '--to', 'Server', '--port', '443', '--format', 'json']);
  assert.equal(linux.run.status, 0, linux.run.stderr);
  assert.deepEqual(linux.data.hops[0].in.srcPort, { from: 32768, to: 60999 }, 'Linux default');
  const win = cliJson(['trace', EPHEMERAL, '--from', 'Client', '--to', 'Server', '--port', '443', '--ephemeral', '49152-65535', '--format', 'json']);
  assert.equal(win.run.status, 1);
  assert.deepEqual(win.data.hops[0].in.srcPort, { from: 49152, to: 65535 });
  assert.equal(win.data.blockedAt.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.equal(win.data.blockedAt.direction, 'return');
  assert.match(win.data.blockedAt.resource, /^ClientNacl/);
  assert.ok(win.data.assumptions.some((a: string) => a.includes('49152-65535')));
});

test('check --ephemeral applies to declared flows; --public-ip that no checked template defines is exit 2', () => {
  const linux = cliJson(['check', EPHEMERAL, '--format', 'json']);
  assert.equal(linux.run.status, 0, linux.run.stdout);
  assert.deepEqual(linux.data.findings, []);
  const win = cliJson(['check', EPHEMERAL, '--ephemeral', '49152-65535', '--format', 'json']);
  assert.equal(win.run.status, 1);
  assert.deepEqual(win.data.findings.map((f: any) => [f.code, f.flow]), [['NACL_RETURN_EPHEMERAL_BLOCKED', 'client-to-server']]);

  const ok = cli(['check', 'examples/private-subnet-dns.yaml', EPHEMERAL, '--public-ip', 'NatEip=3.224.9.52']);
  assert.equal(ok.status, 0, ok.stderr + ok.stdout);
  const stray = cli(['check', 'examples/private-subnet-dns.yaml', EPHEMERAL, '--public-ip', 'NateEip=3.224.9.52']);
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /--public-ip NateEip: no AWS::EC2::EIP of that name \(Elastic IPs defined: NatEip\)/);
  assert.equal(cli(['check', EPHEMERAL, '--ephemeral', '1024']).status, 2);
});
