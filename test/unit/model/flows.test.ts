import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureText, model, modelOf, slice } from './model-fixtures';

const m = model('flows.yaml');
const text = fixtureText('flows.yaml');
const flow = (name: string) => m.flows.find((f) => f.name === name)!;
const problems = (code: string) => m.problems.filter((p) => p.code === code);

test('template Metadata flows: fields, defaults (tcp, reachable) and default names', () => {
  const f = flow('fn-to-db');
  assert.deepEqual([f.from, f.to, f.protocol, f.port, f.expect, f.declaredBy], ['Fn', 'Db', 'tcp', { from: 5432, to: 5432 }, 'reachable', 'metadata']);
  assert.equal(f.origin.resource, 'Metadata');
  assert.match(slice(text, f.origin.range), /^Name: fn-to-db/);
  const r = flow('Fn->internet:tcp/1024-2048');
  assert.deepEqual([r.protocol, r.port, r.expect], ['tcp', { from: 1024, to: 2048 }, 'blocked']);
  const all = flow('Fn->10.0.0.0/16:all');
  assert.equal(all.port, undefined, 'all ignores Port');
  assert.equal(flow('Fn->Db:icmp').port, undefined, 'icmp Port is optional');
  const ping = flow('Fn->Db:icmp/8');
  assert.deepEqual([ping.port, ping.sourceIp, ping.sourcePort, ping.description], [{ from: 8, to: 8 }, '10.0.0.5', 40000, 'ping']);
});

test('resource Metadata flows default From to the resource', () => {
  const f = flow('Fn->Db:tcp/5432');
  assert.equal(f.origin.resource, 'Fn');
  assert.equal(f.from, 'Fn');
  assert.equal(flow('Other->Db:tcp/443').from, 'Other');
});

test('NetworkInsightsPath: Source/Destination refs, DestinationIp, ports, FilterAtSource, expect reachable', () => {
  const p = flow('Path');
  assert.deepEqual([p.from, p.to, p.protocol, p.port, p.expect, p.declaredBy], ['Fn', 'Db', 'tcp', { from: 5432, to: 5432 }, 'reachable', 'network-insights-path']);
  assert.deepEqual([p.sourceIp, p.sourcePort, p.origin.resource], ['10.0.0.7', 50000, 'Path']);
  const q = flow('PathToIp');
  assert.deepEqual([q.to, q.protocol, q.port], ['8.8.8.8', 'udp', { from: 53, to: 53 }]);
  assert.equal(m.flows.some((f) => f.name === 'PathNoPort'), false);
  assert.equal(problems('FLOW_PORT_REQUIRED').filter((p) => p.severity === 'warning').length, 1);
});

test('a duplicate name is a problem on the later flow', () => {
  const d = problems('FLOW_DUPLICATE_NAME');
  assert.equal(d.length, 1);
  assert.match(slice(text, d[0].range), /^Name: fn-to-db\n\s+From: Fn\n\s+To: Db\n\s+Port: 5433/);
});

test('every flow problem has its code and points at the flow or the bad field', () => {
  const at = (code: string) => problems(code).map((p) => slice(text, p.range));
  assert.equal(problems('FLOW_PORT_REQUIRED').filter((p) => p.severity === 'error').length, 1);
  assert.match(at('FLOW_PORT_REQUIRED').find((s) => s.includes('udp'))!, /Protocol: udp/);
  assert.deepEqual(at('FLOW_BAD_PORT'), ['70000']);
  assert.deepEqual(at('FLOW_UNKNOWN_KEY'), ['Colour']);
  assert.equal(problems('FLOW_UNKNOWN_KEY')[0].severity, 'warning');
  assert.ok(m.flows.some((f) => f.port?.from === 22), 'an unknown key is only a warning');
  assert.deepEqual(at('FLOW_BAD_PROTOCOL'), ['sctp']);
  assert.deepEqual(at('FLOW_MISSING_FROM').length, 1);
  assert.deepEqual(at('FLOW_BAD_EXPECT'), ['maybe']);
  assert.deepEqual(at('FLOW_NOT_A_MAP'), ['just a string']);
  assert.deepEqual(at('FLOW_BAD_SOURCE_IP'), ['not-an-ip']);
});

test('Flows that is not a list is a problem', () => {
  const mm = modelOf('Metadata:\n  PacketWalk:\n    Flows: nope\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.0.0.0/16 }\n');
  assert.deepEqual(mm.problems.map((p) => p.code), ['FLOW_NOT_A_LIST']);
  assert.equal(mm.flows.length, 0);
});
