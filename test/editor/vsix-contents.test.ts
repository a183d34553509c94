// The .vsix must hold only the manifest, README, LICENSE, the dist bundles and docs/codes.md (.vscodeignore):
// no sources, tests, fixtures, source maps or node_modules. `vsce ls` prints what `npm run package` would pack.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const ALLOWED = new Set(['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'docs/codes.md']);

test('the packaged extension holds only the manifest, docs and bundles', () => {
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  assert.ok(existsSync(vsce), 'npm ci installs @vscode/vsce');
  const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean);
  const extra = listed.filter((f) => !ALLOWED.has(f));
  assert.deepEqual(extra, [], `files that must not be in the .vsix: ${extra.join(', ')}`);
  for (const needed of ['package.json', 'dist/client.js', 'dist/server.js']) assert.ok(listed.includes(needed), `${needed} is missing from the .vsix`);
});
