// `check --write-baseline` / `--baseline`: adopting packetwalk on a repository that already has findings.
// The baseline hides the recorded findings (also after unrelated edits move their lines) and lets new
// ones through; a bad baseline file is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, assertNoStack, tempDir, REPO } from './run-cli';

const BROKEN = fs.readFileSync(path.join(REPO, 'examples/lambda-rds.yaml'), 'utf8');

function workspace(text: string): { dir: string; file: string; baseline: string } {
  const dir = tempDir('baseline');
  fs.writeFileSync(path.join(dir, 'app.yaml'), text);
  return { dir, file: 'app.yaml', baseline: 'packetwalk-baseline.json' };
}

test('--write-baseline records every finding and exits 0; --baseline then hides them (exit 0)', () => {
  const w = workspace(BROKEN);
  const before = cliJson(['check', w.file, '--format', 'json'], { cwd: w.dir });
  assert.equal(before.run.status, 1);
  const n = before.data.findings.length;
  assert.ok(n > 0);
  const write = cli(['check', w.file, '--write-baseline', w.baseline], { cwd: w.dir });
  assert.equal(write.status, 0, write.stderr);
  assert.match(write.stdout, new RegExp(`wrote ${n} findings? to the baseline`));
  const saved = JSON.parse(fs.readFileSync(path.join(w.dir, w.baseline), 'utf8'));
  assert.equal(saved.findings.length, n);
  assert.deepEqual(Object.keys(saved.findings[0]).sort(), ['code', 'file', 'flow', 'message', 'resource']);

  const after = cliJson(['check', w.file, '--baseline', w.baseline, '--format', 'json'], { cwd: w.dir });
  assert.equal(after.run.status, 0);
  assert.deepEqual(after.data.findings, []);
  const text = cli(['check', `./${w.file}`, '--baseline', w.baseline], { cwd: w.dir });
  assert.equal(text.status, 0);
  assert.match(text.stdout, new RegExp(`0 findings .*; ${n} findings? accepted by the baseline not shown`));
});

test('the baseline survives edits that move lines, and a new finding gets through (exit 1)', () => {
  const w = workspace(BROKEN);
  assert.equal(cli(['check', w.file, '--write-baseline', w.baseline], { cwd: w.dir }).status, 0);
  // Ten lines of comments above everything: every finding moves.
  fs.writeFileSync(path.join(w.dir, w.file), '# moved\n'.repeat(10) + BROKEN);
  assert.equal(cli(['check', w.file, '--baseline', w.baseline], { cwd: w.dir }).status, 0);
  // A new breakage: the function's group no longer admitted by the database group.
  const broken = BROKEN.replace('          SourceSecurityGroupId: !Ref FnSecurityGroup', '          CidrIp: 10.9.0.0/16');
  assert.notEqual(broken, BROKEN);
  fs.writeFileSync(path.join(w.dir, w.file), broken);
  const { run, data } = cliJson(['check', w.file, '--baseline', w.baseline, '--format', 'json'], { cwd: w.dir });
  assert.equal(run.status, 1);
  assert.deepEqual(
    data.findings.map((f: any) => [f.code, f.resource]),
    [['ENI_SG_RULES_MISMATCH', 'DbSecurityGroup']],
  );
});

test('a missing or malformed baseline is a usage error (exit 2, one line)', () => {
  const w = workspace(BROKEN);
  fs.writeFileSync(path.join(w.dir, 'bad.json'), '{"findings": 3}');
  fs.writeFileSync(path.join(w.dir, 'worse.json'), '{"findings": [{"file": "x"}]}');
  for (const [file, message] of [['none.json', /no such file/], ['bad.json', /not a baseline/], ['worse.json', /entry 1 needs "code" and "file"/]] as const) {
    const r = cli(['check', w.file, '--baseline', file], { cwd: w.dir });
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, message);
    assertNoStack(r.stderr);
  }
});
