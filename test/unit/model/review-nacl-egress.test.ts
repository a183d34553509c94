// Review: a NACL entry whose Egress is undecided was silently read as inbound (a guess). It is now a
// "maybe" entry on both sides, with the reason, and the parameter decides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';

const text = readFileSync(join('test', 'fixtures', 'review', 'nacl-egress-param.yaml'), 'utf8');

test('an undecided Egress: the entry is undecided on both sides; the walk says why; --param decides', () => {
  const a = analyzeText(text);
  const acl = a.model!.index.networkAcl.get('Nacl')!;
  const ins = acl.entries.filter((e) => e.id === 'In');
  assert.deepEqual(ins.map((e) => [e.egress, e.exists]).sort(), [[false, 'unknown'], [true, 'unknown']]);
  const t = traceInModel(a, { from: 'A', to: 'B', protocol: 'tcp', port: 22 });
  assert.equal(t.verdict, 'unknown');
  assert.match(t.hops.find((h) => h.decision === 'unknown')!.reason, /whether NACL entry In is inbound or outbound is undecided \(Egress: parameter Out/);
  const inbound = analyzeText(text, { parameters: { Out: 'false' } });
  assert.equal(traceInModel(inbound, { from: 'A', to: 'B', protocol: 'tcp', port: 22 }).verdict, 'reachable');
  const outbound = analyzeText(text, { parameters: { Out: 'true' } });
  assert.equal(traceInModel(outbound, { from: 'A', to: 'B', protocol: 'tcp', port: 22 }).verdict, 'blocked');
});
