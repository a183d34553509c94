// Every code the walk and the analysis emit has an entry in docs/codes.md whose anchor is the code in
// lower case (diagnostics link there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
}

test('docs/codes.md documents every code emitted by server/src/walk and server/src/analyze', () => {
  const doc = readFileSync(join('docs', 'codes.md'), 'utf8');
  const anchors = new Set([...doc.matchAll(/^## ([a-z0-9_]+)$/gm)].map((m) => m[1]));
  const emitted = new Set<string>();
  for (const text of [...sources(join('server', 'src', 'walk')), ...sources(join('server', 'src', 'analyze'))]) {
    for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) emitted.add(m[1]);
  }
  assert.ok(emitted.size >= 15, `found only ${[...emitted].join(', ')}`);
  const missing = [...emitted].filter((c) => !anchors.has(c.toLowerCase()));
  assert.deepEqual(missing, []);
  for (const a of anchors) assert.match(a, /^[a-z0-9_]+$/);
});
