// The one-line path of a trace (hover cannot draw): every element with its mark, the drop marked ✗ before
// its name, the hops after the drop counted; and the flow hover shows it before the hop tables.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hopLabel, pathSummary } from '../../../server/src/features/path-summary';
import { flowMarkdown } from '../../../server/src/features/hover';
import { analyze, fixture, trace } from '../walk/walk-fixtures';

const APP_DB = readFileSync(join('test', 'fixtures', 'editor', 'workspace', 'app-db.yaml'), 'utf8');

test('a blocked reply: the path up to the NACL that drops it, then how many hops were not reached', () => {
  const t = trace(APP_DB, { from: 'App', to: 'Db', port: 5432 });
  const forward = t.hops.filter((h) => h.direction === 'forward');
  const back = t.hops.filter((h) => h.direction === 'return');
  assert.equal(pathSummary(forward), 'SG AppSg ✓ → default NACL ✓ → main route table ✓ → NACL DbNacl ✓ → SG DbSg ✓');
  assert.equal(pathSummary(back), 'SG DbSg ✓ → ✗ NACL DbNacl → (3 not reached)');
  assert.equal(pathSummary([]), '');
});

test('gateways, NAT and unknown hops get their short names and marks', () => {
  const t = trace(fixture('seed-003-nat-clients.yaml'), { from: 'ClientA', to: '198.51.100.7', port: 8080 });
  const line = pathSummary(t.hops.filter((h) => h.direction === 'forward'));
  assert.match(line, /route PrivateDefault ✓ → default NACL ✓ → NAT Nat ✓ → .* → IGW Igw ✓$/);
  const unknown = { ...t.hops[0], decision: 'unknown' as const };
  assert.equal(pathSummary([unknown]), `? ${hopLabel(unknown)}`);
});

test('the flow hover shows the path at a glance before the hop tables', () => {
  const a = analyze(APP_DB);
  const result = a.flows.find((f) => f.flow.name === 'app-to-db');
  assert.ok(result);
  const md = flowMarkdown(result);
  const glance = md.indexOf('Return: `SG DbSg ✓ → ✗ NACL DbNacl → (3 not reached)`');
  assert.ok(glance > 0, md);
  assert.ok(md.indexOf('Forward: `SG AppSg ✓') < glance);
  assert.ok(glance < md.indexOf('**Forward**'), 'the glance comes before the tables');
});
