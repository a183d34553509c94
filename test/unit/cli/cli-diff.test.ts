// `packetwalk diff`, spawned: two files, two directories, and --base in a temporary git repository; a change
// that breaks a flow, one that repairs it, one that opens a flow expected blocked, one that moves nothing;
// text, JSON and markdown; exit codes and the --allow-* flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, cliJson, assertNoStack, tempDir, REPO } from './run-cli';

const BASE = fs.readFileSync(path.join(REPO, 'test/fixtures/diff/app-db.yaml'), 'utf8');
const GOOD_REPLY = 'PortRange: { From: 1024, To: 65535 }   # replies';
const BROKEN = BASE.replace(GOOD_REPLY, 'PortRange: { From: 5432, To: 5432 }   # replies');
// The database group admits every port from the function's group: the flow expected blocked on 22 opens.
const OPENED = BASE.replace(/FromPort: 5432\n(\s+)ToPort: 5432\n(\s+)SourceSecurityGroupId/, 'FromPort: 22\n$1ToPort: 5432\n$2SourceSecurityGroupId');
// Comments, a description and key order: nothing the network sees.
const COSMETIC = BASE.replace('Description: Lambda to RDS', '# reviewed\nDescription: Lambda to RDS (reviewed)').replace('      Engine: postgres\n      DBInstanceClass: db.t4g.micro', '      DBInstanceClass: db.t4g.micro\n      Engine: postgres');

function files(pairs: Record<string, string>): string {
  const dir = tempDir('diff');
  for (const [name, text] of Object.entries(pairs)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('the variants are what the tests say they are', () => {
  assert.notEqual(BROKEN, BASE);
  assert.notEqual(OPENED, BASE);
  assert.notEqual(COSMETIC, BASE);
});

test('a change that breaks a flow: JSON names it reachable → blocked at the NACL, with the resource change; exit 1', () => {
  const dir = files({ 'old.yaml': BASE, 'new.yaml': BROKEN });
  const { run, data } = cliJson(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(data.resources, [{ id: 'DbNaclOutbound', type: 'AWS::EC2::NetworkAclEntry', change: 'modified' }]);
  assert.equal(data.flows.length, 1, JSON.stringify(data.flows));
  const f = data.flows[0];
  assert.equal(f.name, 'fn-to-db');
  assert.equal(f.implied, false);
  assert.deepEqual(f.before, { verdict: 'reachable', blockedAt: null });
  assert.equal(f.after.verdict, 'blocked');
  assert.equal(f.after.blockedAt.resource, 'DbNacl');
  assert.equal(f.after.blockedAt.direction, 'return');
  assert.equal(f.after.blockedAt.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
  assert.match(f.changedHop, /^return hop \d+: was DbNacl pass.*now DbNacl drop/);
  // --allow-breakage accepts it.
  assert.equal(cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--allow-breakage']).status, 0);
});

test('a change that repairs a flow: blocked → reachable, as expected; text names the hop; exit 1 unless --allow-exposure', () => {
  const dir = files({ 'old.yaml': BROKEN, 'new.yaml': BASE });
  const run = cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
  assert.equal(run.status, 1);
  assertNoStack(run.stderr);
  assert.match(run.stdout, /~ DbNaclOutbound\s+AWS::EC2::NetworkAclEntry\s+\(modified\)/);
  assert.match(run.stdout, /fn-to-db: now reachable \(now as expected\)/);
  assert.match(run.stdout, /before: blocked at DbNacl \(return, NACL_RETURN_EPHEMERAL_BLOCKED\)/);
  assert.match(run.stdout, /changed at return hop \d+: was DbNacl drop/);
  assert.match(run.stdout, /1 flow changed \(0 now blocked, 1 now reachable\); 1 resource change/);
  assert.equal(cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--allow-exposure']).status, 0);
});

test('a change that opens a flow expected blocked: markdown marks it against its expectation', () => {
  const dir = files({ 'old.yaml': BASE, 'new.yaml': OPENED });
  const run = cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--format', 'markdown']);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^### packetwalk: reachability changes/);
  const row = run.stdout.split('\n').find((l) => l.includes('`no-ssh-to-db`'));
  assert.ok(row, run.stdout);
  assert.match(row!, /^\| 🔴 \| `no-ssh-to-db` \| now reachable \(expected blocked\) \| blocked at DbSecurityGroup/);
  assert.match(run.stdout, /<details><summary>Resource changes \(1\)<\/summary>/);
  assert.match(run.stdout, /\| modified \| `DbSecurityGroup` \| AWS::EC2::SecurityGroup \|/);
});

test('a change that moves nothing: no flows, exit 0, in every format', () => {
  const dir = files({ 'old.yaml': BASE, 'new.yaml': COSMETIC });
  const { run, data } = cliJson(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--format', 'json']);
  assert.equal(run.status, 0);
  assert.deepEqual(data.flows, []);
  // Reordered keys are no resource change either; the Description is no resource at all.
  assert.deepEqual(data.resources, []);
  const md = cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--format', 'markdown']);
  assert.equal(md.status, 0);
  assert.match(md.stdout, /No flow changed its verdict or path\./);
  const text = cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
  assert.match(text.stdout, /no flow changed its verdict or path; 0 resource changes/);
});

test('two directories: templates paired by relative path; a template only on one side has all its flows added or removed', () => {
  const dir = files({ 'old/net/app.yaml': BASE, 'old/gone.yaml': BASE, 'new/net/app.yaml': BROKEN, 'new/added.yaml': BASE });
  const { run, data } = cliJson(['diff', path.join(dir, 'old'), path.join(dir, 'new'), '--format', 'json']);
  assert.equal(run.status, 1, run.stderr);
  const byFile = (file: string) => data.flows.filter((f: any) => f.file === file);
  assert.deepEqual(byFile('net/app.yaml').map((f: any) => f.name), ['fn-to-db']);
  assert.deepEqual(byFile('added.yaml').map((f: any) => [f.name, f.before, f.after.verdict]), [
    ['fn-to-db', null, 'reachable'],
    ['db-not-from-internet', null, 'blocked'],
    ['no-ssh-to-db', null, 'blocked'],
  ]);
  assert.ok(byFile('gone.yaml').every((f: any) => f.after === null && f.before !== null));
  assert.ok(data.resources.some((r: any) => r.file === 'added.yaml' && r.id === 'Db' && r.change === 'added'));
  assert.ok(data.resources.some((r: any) => r.file === 'gone.yaml' && r.id === 'Db' && r.change === 'removed'));
});

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('--base <ref>: the working tree against a commit, in a temporary git repository (changed, deleted and new templates)', () => {
  const repo = files({ 'infra/app.yaml': BASE, 'infra/old.yaml': BASE, 'README.txt': 'not a template\n' });
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  fs.writeFileSync(path.join(repo, 'infra/app.yaml'), BROKEN);
  fs.rmSync(path.join(repo, 'infra/old.yaml'));
  fs.writeFileSync(path.join(repo, 'infra/new.yaml'), BASE);
  const { run, data } = cliJson(['diff', '--base', 'HEAD', 'infra', '--format', 'json'], { cwd: repo });
  assert.equal(run.status, 1, run.stderr);
  const names = (file: string) => data.flows.filter((f: any) => f.file === file).map((f: any) => f.name);
  assert.deepEqual(names(path.join('infra', 'app.yaml')), ['fn-to-db']);
  assert.equal(names(path.join('infra', 'old.yaml')).length, 3);
  assert.ok(data.flows.filter((f: any) => f.file === path.join('infra', 'old.yaml')).every((f: any) => f.after === null));
  assert.ok(data.flows.filter((f: any) => f.file === path.join('infra', 'new.yaml')).every((f: any) => f.before === null));
  // Run from a subfolder with the default path (.): the same repository-relative lookup.
  const sub = cliJson(['diff', '--base', 'HEAD', '--format', 'json'], { cwd: path.join(repo, 'infra') });
  assert.deepEqual(
    sub.data.flows.filter((f: any) => f.file === 'app.yaml').map((f: any) => f.name),
    ['fn-to-db'],
  );
  // Nothing changed since the working tree was committed: exit 0, no flows.
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'break');
  const clean = cliJson(['diff', '--base', 'HEAD', '--format', 'json'], { cwd: repo });
  assert.equal(clean.run.status, 0);
  assert.deepEqual(clean.data, { resources: [], flows: [] });
  // HEAD~1 → the breakage is back.
  assert.equal(cli(['diff', '--base', 'HEAD~1'], { cwd: repo }).status, 1);
});

test('usage errors exit 2 with one line: wrong arity, a file against a directory, a bad ref, outside git, bad format', () => {
  const dir = files({ 'a.yaml': BASE, 'd/b.yaml': BASE });
  const cases: Array<[string[], RegExp, string?]> = [
    [['diff', path.join(dir, 'a.yaml')], /needs <old> and <new>/],
    [['diff', path.join(dir, 'a.yaml'), path.join(dir, 'd')], /two files or two directories/],
    [['diff', path.join(dir, 'a.yaml'), path.join(dir, 'missing.yaml')], /no such file/],
    [['diff', '--base', 'HEAD'], /not inside a git repository/, dir],
    [['diff', path.join(dir, 'a.yaml'), path.join(dir, 'a.yaml'), '--format', 'sarif'], /invalid value 'sarif' for --format/],
  ];
  for (const [args, message, cwd] of cases) {
    const r = cli(args, cwd ? { cwd } : {});
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message);
    assertNoStack(r.stderr);
  }
  const repo = files({ 'a.yaml': BASE });
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  const bad = cli(['diff', '--base', 'no-such-branch'], { cwd: repo });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown git reference 'no-such-branch'/);
});

test('templates that do not parse on one side: compared as absent flows, never a crash', () => {
  const dir = files({ 'old.yaml': BASE, 'new.yaml': BASE.slice(0, BASE.indexOf('Resources:') + 40) + '\n  : [' });
  const run = cli(['diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--format', 'json']);
  assertNoStack(run.stderr);
  const data = JSON.parse(run.stdout);
  assert.ok(data.flows.length >= 1);
  assert.ok(data.flows.every((f: any) => f.after === null));
});
