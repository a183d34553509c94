// A pinned source address must be one the source can have. `--source-ip`, a flow's `SourceIp` and a
// NetworkInsightsPath's FilterAtSource.SourceAddress that match none of the source's placements used
// to be dropped silently (the trace then answered for every address). Now: exit 2 for the CLI, a
// FLOW_SOURCE_IP_MISMATCH error for declared flows, an unknown trace naming the reason for the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';
import { checkFlowSpec, pinSourceIp, resolveEndpoint } from '../../../server/src/walk/endpoints';
import type { FlowSpec } from '../../../server/src/walk/types';
import { cli, cliJson, FIXTURES, assertNoStack } from './run-cli';

const FILE = `${FIXTURES}/source-ip.yaml`;
const TEXT = readFileSync(join(FIXTURES, 'source-ip.yaml'), 'utf8');
const analysis = analyzeText(TEXT);
const model = analysis.model!;
const spec = (from: string, sourceIp?: string): FlowSpec => ({ from, to: 'Db', protocol: 'tcp', port: 5432, sourceIp });

test('checkFlowSpec accepts an address the source can have', () => {
  assert.ok(model, 'the fixture has a model');
  assert.equal(checkFlowSpec(model, spec('Fn', '10.2.1.7')), null, 'inside one of the Lambda subnets');
  assert.equal(checkFlowSpec(model, spec('Fn', '10.2.2.200')), null, 'inside the other one');
  assert.equal(checkFlowSpec(model, spec('Web', '10.2.1.10')), null, 'the fixed private address itself');
  assert.equal(checkFlowSpec(model, spec('SubnetB', '10.2.2.9')), null, 'a probe host in a subnet');
  assert.equal(checkFlowSpec(model, spec('internet', '203.0.113.9')), null, 'a public address for the internet');
  assert.equal(checkFlowSpec(model, spec('Fn')), null, 'no pin at all');
});

test('checkFlowSpec rejects an address the source cannot have, and says what it can have', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['Fn', '10.2.9.9', /Fn is in subnet SubnetA 10\.2\.1\.0\/24; Fn is in subnet SubnetB 10\.2\.2\.0\/24/],
    ['Web', '10.2.1.11', /Web has the fixed private address 10\.2\.1\.10/],
    ['Box', '10.2.1.10', /fixed private address of Web/],
    ['SubnetA', '10.2.2.9', /SubnetA is in subnet SubnetA 10\.2\.1\.0\/24/],
    ['10.2.1.0/25', '10.2.1.200', /10\.2\.1\.0\/25/],
    ['internet', '10.2.1.7', /the internet/],
    ['Fn', '2001:db8::1', /not an address the source can have/],
  ];
  for (const [from, ip, why] of cases) {
    const bad = checkFlowSpec(model, spec(from, ip));
    assert.ok(bad, `${from} pinned to ${ip} should be rejected`);
    assert.equal(bad.field, 'sourceIp');
    assert.match(bad.message, new RegExp(`^${ip.replace(/\./g, '\\.')} is not an address the source can have`));
    assert.match(bad.message, why);
  }
  // Endpoint problems come first and name the field.
  assert.equal(checkFlowSpec(model, { ...spec('Fnn', '10.2.1.7') })?.field, 'from');
  assert.equal(checkFlowSpec(model, { ...spec('Fn', '10.2.1.7'), to: 'Dbb' })?.field, 'to');
});

test('pinSourceIp keeps only the placements that can have the address, with that address in the headers', () => {
  const r = resolveEndpoint(model, 'Fn');
  assert.ok(r.ok && r.sides.length === 2);
  const pinned = pinSourceIp(model, r.ok ? r.sides : [], '10.2.2.9');
  assert.ok(pinned.ok);
  assert.equal(pinned.sides.length, 1);
  const side = pinned.sides[0];
  assert.ok(side.kind === 'placement' && side.placement.subnet === 'SubnetB');
  assert.equal(pinSourceIp(model, r.ok ? r.sides : [], 'not-an-ip').ok, false);
});

test('the trace follows the pin: subnet A is admitted, subnet B is not; an impossible pin is unknown, never ignored', () => {
  assert.equal(traceInModel(analysis, spec('Fn')).verdict, 'blocked', 'unpinned, the subnet B placement fails');
  const a = traceInModel(analysis, spec('Fn', '10.2.1.7'));
  assert.equal(a.verdict, 'reachable');
  assert.equal(a.hops[0].in.src, '10.2.1.7');
  assert.ok(!a.assumptions.some((x) => x.includes('some address in 10.2.1.7')), a.assumptions.join('\n'));
  assert.equal(traceInModel(analysis, spec('Fn', '10.2.2.9')).verdict, 'blocked');
  const impossible = traceInModel(analysis, spec('Fn', '10.2.9.9'));
  assert.equal(impossible.verdict, 'unknown');
  assert.deepEqual(impossible.hops, []);
  assert.match(impossible.assumptions[0], /^source IP 10\.2\.9\.9: 10\.2\.9\.9 is not an address the source can have/);
});

test('declared flows: an impossible SourceIp or FilterAtSource.SourceAddress is a FLOW_SOURCE_IP_MISMATCH error and is not traced', () => {
  const mismatches = analysis.findings.filter((f) => f.code === 'FLOW_SOURCE_IP_MISMATCH');
  const names = mismatches.map((f) => /^Flow (\S+):/.exec(f.message)?.[1]).sort();
  assert.deepEqual(names, ['WrongFilterPath', 'box-takes-web-address', 'fn-pinned-nowhere', 'web-not-its-address']);
  for (const f of mismatches) assert.equal(f.severity, 'error');
  const traced = analysis.flows.map((f) => f.flow.name).sort();
  assert.deepEqual(traced, ['WebToDbPath', 'fn-pinned-in-a']);
  for (const f of analysis.flows) assert.equal(f.trace.verdict, 'reachable', f.flow.name);
  // The finding underlines the flow's declaration.
  const nowhere = mismatches.find((f) => f.message.startsWith('Flow fn-pinned-nowhere'))!;
  assert.match(TEXT.slice(nowhere.range.start, nowhere.range.end), /Name: fn-pinned-nowhere/);
});

test('packetwalk trace --source-ip the source cannot have: exit 2 with the reason', () => {
  const r = cli(['trace', FILE, '--from', 'Fn', '--to', 'Db', '--port', '5432', '--source-ip', '10.2.9.9']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /--source-ip 10\.2\.9\.9: .*not an address the source can have \(Fn is in subnet SubnetA 10\.2\.1\.0\/24; Fn is in subnet SubnetB 10\.2\.2\.0\/24\)/);
  assertNoStack(r.stderr);
  const web = cli(['trace', FILE, '--from', 'Web', '--to', 'Db', '--port', '5432', '--source-ip', '10.2.1.11', '--format', 'json']);
  assert.equal(web.status, 2);
  assert.match(web.stderr, /fixed private address 10\.2\.1\.10/);
});

test('packetwalk trace --source-ip a possible address narrows the placements (exit 0 in subnet A, 1 in subnet B)', () => {
  const a = cliJson(['trace', FILE, '--from', 'Fn', '--to', 'Db', '--port', '5432', '--source-ip', '10.2.1.7', '--format', 'json']);
  assert.equal(a.run.status, 0, a.run.stderr);
  assert.equal(a.data.hops[0].in.src, '10.2.1.7');
  const b = cli(['trace', FILE, '--from', 'Fn', '--to', 'Db', '--port', '5432', '--source-ip', '10.2.2.9']);
  assert.equal(b.status, 1, b.stderr);
  assert.match(b.stdout, /^Verdict: BLOCKED$/m);
});

test('packetwalk check reports FLOW_SOURCE_IP_MISMATCH (exit 1) with a docs link in SARIF', () => {
  const { run, data } = cliJson(['check', FILE, '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const codes = data.findings.map((f: { code: string }) => f.code);
  assert.equal(codes.filter((c: string) => c === 'FLOW_SOURCE_IP_MISMATCH').length, 4);
  const sarif = cliJson(['check', FILE, '--format', 'sarif']).data;
  const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'FLOW_SOURCE_IP_MISMATCH');
  assert.ok(rule, 'the SARIF run declares the rule');
  assert.match(JSON.stringify(rule), /codes\.md#flow_source_ip_mismatch/);
});
