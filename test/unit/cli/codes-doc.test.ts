// Every code the CLI itself emits (check's input findings) has an entry in docs/codes.md, because SARIF
// rules and text output link to `docs/codes.md#<code>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

test('docs/codes.md documents every code emitted by server/src/cli', () => {
  const doc = readFileSync(join('docs', 'codes.md'), 'utf8');
  const anchors = new Set([...doc.matchAll(/^## ([a-z0-9_]+)$/gm)].map((m) => m[1]));
  const emitted = new Set<string>();
  for (const f of readdirSync(join('server', 'src', 'cli'))) {
    if (!f.endsWith('.ts')) continue;
    const text = readFileSync(join('server', 'src', 'cli', f), 'utf8');
    for (const m of text.matchAll(/code: '([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) emitted.add(m[1]);
  }
  assert.deepEqual([...emitted].sort(), ['CDK_MANIFEST_INVALID', 'INPUT_TOO_LARGE', 'NOT_A_TEMPLATE']);
  assert.deepEqual([...emitted].filter((c) => !anchors.has(c.toLowerCase())), []);
});
