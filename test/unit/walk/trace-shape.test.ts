// The trace object is the `trace --format json` contract: every hop complete, ports as numbers or
// {from,to}, ranges inside the text; traceFlow never throws, whatever the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceFlow } from '../../../server/src/walk/trace';
import type { NetworkModel } from '../../../server/src/model/types';
import type { HeaderPort, TraceResult } from '../../../shared/protocol';
import { analyze, fixture } from './walk-fixtures';

function checkPort(p: HeaderPort | null): void {
  if (p === null || typeof p === 'number') return;
  assert.ok(Number.isInteger(p.from) && Number.isInteger(p.to) && p.from < p.to, JSON.stringify(p));
}

function checkShape(t: TraceResult, textLength: number): void {
  assert.ok(['reachable', 'blocked', 'unknown'].includes(t.verdict));
  assert.equal(t.verdict === 'blocked', t.blockedAt !== null);
  for (const h of t.hops) {
    for (const k of ['resource', 'type', 'direction', 'in', 'out', 'decision', 'rule', 'code', 'reason', 'range'] as const) assert.ok(k in h, `hop lacks ${k}`);
    assert.ok(h.resource.length > 0 && h.type.startsWith('AWS::'), `${h.resource} ${h.type}`);
    assert.ok(h.reason.length > 10);
    for (const hd of [h.in, h.out]) {
      checkPort(hd.srcPort);
      checkPort(hd.dstPort);
      assert.ok(hd.src && hd.dst && hd.protocol);
    }
    assert.ok(h.range.start >= 0 && h.range.end <= textLength && h.range.start <= h.range.end);
    if (h.decision === 'drop') assert.ok(t.blockers.some((b) => b.code === h.code), `drop ${h.code} has a blocker`);
  }
  for (const b of t.blockers) assert.ok(b.resource && b.code && b.message && b.range);
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t, 'plain JSON data');
}

test('every trace in the fixtures has the contract shape', () => {
  for (const name of ['two-tier.yaml', 'seed-001-lambda-rds.yaml', 'seed-002-private-dns.yaml', 'seed-003-nat-clients.yaml']) {
    const text = fixture(name);
    const model = analyze(text).model!;
    const ends = [...model.endpoints.map((e) => e.id), ...model.subnets.map((s) => s.id), 'internet', '8.8.8.8'];
    let n = 0;
    for (const from of ends) {
      for (const to of ends) {
        if (from === to) continue;
        for (const protocol of ['tcp', 'udp', 'icmp', 'all'] as const) {
          checkShape(traceFlow(model, { from, to, protocol, port: protocol === 'icmp' ? 8 : 443 }), text.length);
          n++;
        }
      }
    }
    assert.ok(n > 20, `${name}: ${n} traces`);
  }
});

test('traceFlow never throws, even on a broken model', () => {
  const broken = { endpoints: [{ id: 'X', placements: [{ subnet: 'Nope' }] }], subnets: [], vpcs: [], index: { endpoint: new Map([['X', { id: 'X', placements: [{ subnet: 'Nope' }] }]]) } } as unknown as NetworkModel;
  const t = traceFlow(broken, { from: 'X', to: 'internet', protocol: 'tcp', port: 1 });
  assert.equal(t.verdict, 'unknown');
  const empty = traceFlow({} as NetworkModel, { from: 'a', to: 'b', protocol: 'tcp', port: 1 });
  assert.equal(empty.verdict, 'unknown');
});
