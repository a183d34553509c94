// The .vsix a user installs: built the way `npm run package` builds it (production bundles, then
// `vsce package` with the script's own flags), in a temporary copy of the source tree, offline. It must stay
// small and hold only the manifest, README, licence and the dist bundles: no sources, tests, fixtures, docs,
// source maps or node_modules (.vscodeignore decides).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const vsce = join(root, 'node_modules', '.bin', 'vsce');
const MAX_BYTES = 2 * 1024 * 1024;

/** What vsce writes (it renames README.md and LICENSE) plus its own two manifest files. */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/analysis-worker.js',
  'extension/dist/cli.js',
].sort();

/** The names in a zip archive, read from its central directory (a .vsix is a zip). */
function zipEntryNames(zip: Buffer): string[] {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'not a zip archive: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${n} is corrupt`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The files a fresh clone holds (tracked, plus new files not yet committed and not ignored). */
function sourceTree(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && existsSync(join(root, f)) && statSync(join(root, f)).isFile());
}

/** The vsce arguments of `npm run package`, with the output file replaced. */
function packageArgs(out: string): string[] {
  const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.package;
  const step = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce package'));
  assert.ok(step, `the package script runs no "vsce package": ${script}`);
  assert.match(script, /esbuild\.mjs --production/, 'the package script must bundle for production first');
  const args = step.split(/\s+/).slice(1);
  const o = args.indexOf('-o');
  if (o >= 0) args.splice(o, 2);
  return [...args, '-o', out];
}

test('the packaged .vsix is under 2 MB and holds only the manifest, README, licence and bundles', () => {
  assert.ok(existsSync(vsce), 'npm ci installs @vscode/vsce');
  const dir = mkdtempSync(join(tmpdir(), 'packetwalk-vsix-'));
  try {
    for (const f of sourceTree()) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(root, f), join(dir, f));
    }
    execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', join(dir, 'dist')], { cwd: root, stdio: 'pipe' });
    const vsix = join(dir, 'packetwalk.vsix');
    execFileSync(vsce, packageArgs(vsix), { cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_offline: 'true' } });
    const size = statSync(vsix).size;
    assert.ok(size < MAX_BYTES, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
    const names = zipEntryNames(readFileSync(vsix)).sort();
    assert.deepEqual(names, EXPECTED, `unexpected .vsix contents:\n${names.join('\n')}`);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.ok(names.includes(`extension/${manifest.main.replace(/^\.\//, '')}`), `the entry point ${manifest.main} is not packaged`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in the working tree, .vscodeignore leaves out source maps, tests and node_modules too', () => {
  // `vsce ls` lists what `vsce package` would take from this tree (dist/ here also holds source maps and the cdk bundle).
  const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean).sort();
  assert.deepEqual(listed.filter((f) => !['package.json', 'README.md', 'LICENSE', 'dist/client.js', 'dist/server.js', 'dist/analysis-worker.js', 'dist/cli.js'].includes(f)), []);
  assert.ok(listed.includes('dist/client.js') && listed.includes('dist/server.js') && listed.includes('dist/analysis-worker.js'), listed.join(', '));
});

test('the zip reader names every entry of an archive', () => {
  // A stored (uncompressed) two-entry zip built by hand: local headers, central directory, end record.
  const entries = ['a.txt', 'dir/b.txt'];
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of entries) {
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    local.write(name, 30);
    const c = Buffer.alloc(46 + name.length);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    c.write(name, 46);
    parts.push(local);
    central.push(c);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  assert.deepEqual(zipEntryNames(Buffer.concat([...parts, cd, end])), entries);
  assert.throws(() => zipEntryNames(Buffer.from('not a zip, just text that is long enough')), /not a zip/);
});
