// docs/semantics.md names, for each data-plane fact, the test that covers it: `dir/file.test.ts` then
// the test names in quotes (a trailing "…" abbreviates). Every such file must exist and every named test
// must be a test of that file, so the review cannot point at tests that were renamed or never written;
// and the review must cover the 39 facts, each numbered once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOC = readFileSync(join('docs', 'semantics.md'), 'utf8');

test('docs/semantics.md reviews facts 1-39, each once', () => {
  const numbers = [...DOC.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1]));
  assert.deepEqual(numbers, Array.from({ length: 39 }, (_, i) => i + 1));
});

test('every test docs/semantics.md cites exists, in the file it names', () => {
  let cited = 0;
  // A citation: `walk/x.test.ts` followed by one or more "name" (separated by commas), on one logical line.
  const flat = DOC.replace(/\n\s+/g, ' ');
  for (const m of flat.matchAll(/`([a-z-]+\/[a-z0-9-]+\.test\.ts)`((?:\s*"[^"]+",?)+)/g)) {
    const file = join('test', 'unit', m[1]);
    assert.ok(existsSync(file), `${m[1]} exists`);
    const source = readFileSync(file, 'utf8').replace(/\\'/g, "'");
    for (const n of m[2].matchAll(/"([^"]+)"/g)) {
      // "…" stands for omitted words: every part around it is in the test's name.
      for (const part of n[1].split('…').map((x) => x.trim()).filter(Boolean)) assert.ok(source.includes(part), `${m[1]} has a test whose name contains "${part}"`);
      cited++;
    }
  }
  assert.ok(cited >= 39, `only ${cited} tests cited`);
});
