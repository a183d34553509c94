// `packetwalk trace`, spawned: verdict exit codes, the JSON TraceResult shape, the hop-by-hop text,
// parameters from flags and files, and usage errors (exit 2) including unknown endpoint names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, cliJson, FIXTURES, assertNoStack } from './run-cli';

const DNS = ['trace', 'examples/private-subnet-dns.yaml', '--from', 'Red', '--to', '8.8.8.8', '--protocol', 'udp', '--port', '53'];
const WEB = (...extra: string[]) => ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'internet', '--to', 'Web', '--port', '443', ...extra];

test('seed 002: Red reaches 8.8.8.8 udp/53 through the NAT gateway (text: verdict, headers, both directions, NAT rewrite)', () => {
  const r = cli(DNS);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^Verdict: REACHABLE$/m);
  assert.match(r.stdout, /== Packet Headers ==/);
  assert.match(r.stdout, /== Packet Path ==/);
  assert.match(r.stdout, /^Source: +10\.0\.142\.154$/m);
  assert.match(r.stdout, /^Destination: +8\.8\.8\.8$/m);
  assert.match(r.stdout, /Forward hops:/);
  assert.match(r.stdout, /Return hops:/);
  assert.match(r.stdout, /^Forward: .*NatGateway.*InternetGateway/m);
  // The NAT gateway rewrites the source to its own address: shown as in -> out.
  assert.match(r.stdout, /out: +10\.0\.8\.143:.* -> 8\.8\.8\.8:53 udp +\(rewritten\)/);
});

test('--source-port pins the initiator port, as in the seed (47129)', () => {
  const r = cli(DNS.concat('--source-port', '47129', '--source-ip', '10.0.142.154'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Source Port: +47129$/m);
  assert.match(r.stdout, /headers: 10\.0\.142\.154:47129 -> 8\.8\.8\.8:53 udp/);
});

test('trace --format json prints the TraceResult', () => {
  const { run, data } = cliJson(DNS.concat('--format', 'json'));
  assert.equal(run.status, 0);
  assert.equal(data.verdict, 'reachable');
  assert.equal(data.blockedAt, null);
  assert.deepEqual(data.blockers, []);
  assert.ok(Array.isArray(data.assumptions));
  assert.ok(data.hops.length > 0);
  for (const hop of data.hops) {
    for (const k of ['resource', 'type', 'direction', 'in', 'out', 'decision', 'rule', 'code', 'reason', 'range']) assert.ok(k in hop, `hop lacks ${k}`);
    assert.ok(['forward', 'return'].includes(hop.direction));
    assert.equal(typeof hop.range.start, 'number');
  }
  assert.ok(data.hops.some((h: any) => h.direction === 'return'));
  assert.equal(data.hops[0].in.src, '10.0.142.154');
  assert.equal(data.hops[0].in.dstPort, 53);
});

test('seed 001: Fn -> Db is blocked on the return path by the database NACL (exit 1)', () => {
  const { run, data } = cliJson(['trace', 'examples/lambda-rds.yaml', '--from', 'Fn', '--to', 'Db', '--port', '5432', '--format', 'json']);
  assert.equal(run.status, 1);
  assert.equal(data.verdict, 'blocked');
  assert.equal(data.blockedAt.direction, 'return');
  assert.match(data.blockedAt.resource, /^DbNacl/);
  const text = cli(['trace', 'examples/lambda-rds.yaml', '--from', 'Fn', '--to', 'Db', '--port', '5432']);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^Verdict: BLOCKED$/m);
  assert.match(text.stdout, /== Blockers ==/);
  assert.match(text.stdout, /DROP/);
});

test('--param changes the answer; --parameters takes both file shapes; --param wins over the file', () => {
  assert.equal(cli(WEB()).status, 0);
  assert.equal(cli(WEB('--param', 'WebPort=8443')).status, 1);
  assert.equal(cli(WEB('--parameters', `${FIXTURES}/params-list.json`)).status, 1);
  assert.equal(cli(WEB('--parameters', `${FIXTURES}/params-object.json`)).status, 1);
  assert.equal(cli(WEB('--parameters', `${FIXTURES}/params-list.json`, '--param', 'WebPort=443')).status, 0);
});

test('an endpoint the template does not define: exit 2 with the closest names', () => {
  const r = cli(['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Webb', '--to', 'App', '--port', '8080']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Webb/);
  assert.match(r.stderr, /\bWeb\b/);
  assert.equal(r.stdout, '');
  assertNoStack(r.stderr);
  // 2 wins even when the other side would be blocked.
  assert.equal(cli(['trace', 'examples/lambda-rds.yaml', '--from', 'Fn', '--to', 'Dbb', '--port', '5432']).status, 2);
});

test('usage and input errors: exit 2, one message, no stack trace', () => {
  const cases: string[][] = [
    ['trace', `${FIXTURES}/missing.yaml`, '--from', 'A', '--to', 'B', '--port', '1'],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App'],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', 'http'],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', '8080', '--bogus'],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', '8080', '--format', 'xml'],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', '8080', '--parameters', `${FIXTURES}/nope.json`],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', '8080', '--parameters', `${FIXTURES}/web-app.yaml`],
    ['trace', `${FIXTURES}/web-app.yaml`, '--from', 'Web', '--to', 'App', '--port', '8080', '--param', 'WebPort'],
    ['trace', '--from', 'Web', '--to', 'App', '--port', '8080'],
  ];
  for (const args of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')} -> ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /^packetwalk: /);
    assertNoStack(r.stderr);
  }
});

test('a template that does not parse: verdict unknown, exit 1, not a crash', () => {
  const { run, data } = cliJson(['trace', `${FIXTURES}/broken.yaml`, '--from', 'Vpc', '--to', '8.8.8.8', '--port', '53', '--format', 'json']);
  assert.equal(run.status, 1);
  assert.equal(data.verdict, 'unknown');
  assert.match(run.stderr, /broken\.yaml:\d+:\d+/);
});
