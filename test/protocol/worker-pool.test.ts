// The worker pool with real analysis workers (dist/analysis-worker.js in worker threads): answers analyses,
// hovers, endpoints and traces from the live analysis it keeps per document; keeps each document on one
// worker; cancels without losing that state; recovers a document's state when its worker dies; forgets
// a closed document.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobCancelled, LARGE_DOCUMENT_CHARS, WorkerPool } from '../../server/src/lsp/connection/worker-pool';
import type { WorkerReply } from '../../server/src/lsp/jobs';
import { analyzeText } from '../../server/src/analyze/analyze';
import { fixturePath, repoRoot } from './lsp-client';
import { generatedTemplate } from './generated-template';

const WORKER = join(repoRoot(), 'dist', 'analysis-worker.js');
const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');
const A = 'file:///pool/a.yaml';
const B = 'file:///pool/b.yaml';

/** The template with DbNaclOut opened to the client's ephemeral ports: app-to-db then passes. */
function fixed(text: string): string {
  const out = text.indexOf('DbNaclOut:');
  return text.slice(0, out) + text.slice(out).replace('From: 5432', 'From: 1024').replace('To: 5432', 'To: 65535');
}

function ok(reply: WorkerReply): Extract<WorkerReply, { ok: true }> {
  assert.ok(reply.ok, reply.ok ? '' : reply.error);
  return reply;
}

function at(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + 2;
}

/** What a fresh in-process analysis of the text says: finding codes and ranges, in place order. */
function freshFindings(text: string): string[] {
  return analyzeText(text, {})
    .findings.map((f) => `${f.code}@${f.range.start}-${f.range.end}`)
    .sort();
}

describe('worker pool', () => {
  assert.ok(existsSync(WORKER), `${WORKER} is missing: run "node esbuild.mjs" first`);
  const logs: string[] = [];
  const pool = new WorkerPool(WORKER, 2, (m) => logs.push(m));
  after(() => pool.dispose());
  const doc = (uri: string, version: number, text: string) => ({ uri, version, text, options: {} });

  it('analyses a template in a worker and answers the small snapshot', async () => {
    const reply = ok(await pool.run({ kind: 'analyze', ...doc(A, 1, TEMPLATE) }).promise);
    assert.deepEqual(reply.snapshot?.findings.map((f) => f.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
    assert.deepEqual(
      reply.snapshot?.flows.map((f) => [f.name, f.verdict, f.asExpected, f.trace.port]),
      [
        ['app-to-db', 'blocked', false, 5432],
        ['app-ssh-db', 'blocked', true, 22],
      ],
    );
    const first = reply.snapshot!.flows[0];
    assert.equal(TEMPLATE.slice(first.range.start, first.range.end).includes('Name: app-to-db'), true);
    assert.match(first.title, /^✗ blocked at DbNacl/);
    // No model, no hop lists: only what the connection thread reads.
    assert.deepEqual(Object.keys(reply.snapshot!).sort(), ['findings', 'flows', 'isTemplate', 'parseProblems', 'syntaxError']);
  });

  it("keeps a document on one worker and answers hover, endpoints and traces from the state it holds", async () => {
    const home = pool.workerOf(A);
    assert.notEqual(home, undefined);
    await pool.run({ kind: 'analyze', ...doc(B, 1, TEMPLATE) }).promise;
    assert.notEqual(pool.workerOf(B), home, 'a second document goes to the other worker');
    const hover = ok(await pool.run({ kind: 'hover', ...doc(A, 1, TEMPLATE), offset: at(TEMPLATE, 'DbNaclOut:'), stale: false }).promise);
    assert.equal(hover.held, true);
    assert.match(hover.hover ?? '', /^\*\*DbNaclOut\*\* `AWS::EC2::NetworkAclEntry`/);
    assert.match(hover.hover ?? '', /Decided by the rest of `DbNacl` \(outbound\)|Decides these declared flows/);
    const endpoints = ok(await pool.run({ kind: 'endpoints', ...doc(A, 1, TEMPLATE) }).promise);
    assert.equal(endpoints.held, true);
    assert.ok(endpoints.endpoints?.some((e) => e.id === 'Db'));
    const spec = { from: 'App', to: 'Db', protocol: 'tcp' as const, port: 5432 };
    const traced = ok(await pool.run({ kind: 'trace', ...doc(A, 1, TEMPLATE), spec, settings: {} }).promise);
    assert.equal(traced.held, true);
    assert.equal(traced.trace?.ok && traced.trace.trace.verdict, 'blocked');
    const unknown = ok(await pool.run({ kind: 'trace', ...doc(A, 1, TEMPLATE), spec: { ...spec, to: 'Dbb' }, settings: {} }).promise);
    assert.ok(unknown.trace && !unknown.trace.ok && unknown.trace.refusal.kind === 'endpoint' && unknown.trace.refusal.closest.includes('Db'));
    assert.equal(pool.workerOf(A), home, 'every job of the document ran on its worker');
  });

  it('answers a request about an older text from that text, never from the newer state', async () => {
    const edited = fixed(TEMPLATE);
    const v2 = ok(await pool.run({ kind: 'analyze', ...doc(A, 2, edited) }).promise);
    assert.deepEqual(v2.snapshot?.findings.map((f) => f.code), []);
    const old = ok(await pool.run({ kind: 'hover', ...doc(A, 1, TEMPLATE), offset: at(TEMPLATE, 'Name: app-to-db'), stale: false }).promise);
    assert.match(old.hover ?? '', /✗ blocked/);
    const now = ok(await pool.run({ kind: 'hover', ...doc(A, 2, edited), offset: at(edited, 'Name: app-to-db'), stale: false }).promise);
    assert.equal(now.held, true);
    assert.match(now.hover ?? '', /✓ reachable/);
  });

  it('answers only the parse problems of a broken text when the last good results are shown', async () => {
    const at = TEMPLATE.indexOf('  DbSubnet:');
    const broken = `${TEMPLATE.slice(0, at)}  Broken: [\n${TEMPLATE.slice(at)}`;
    const D = 'file:///pool/d.yaml';
    await pool.run({ kind: 'analyze', ...doc(D, 1, TEMPLATE) }).promise;
    const slim = ok(await pool.run({ kind: 'analyze', ...doc(D, 2, broken), lastGoodShown: true }).promise).snapshot!;
    assert.equal(slim.syntaxError, true);
    assert.equal(slim.parseOnly, true);
    assert.ok(slim.parseProblems.some((p) => p.code === 'YAML_SYNTAX'));
    assert.deepEqual([slim.findings, slim.flows], [[], []]);
    // Without last good results shown, the broken text's own results come along (nothing else to show).
    const whole = ok(await pool.run({ kind: 'analyze', ...doc(D, 3, `${broken}\n`) }).promise).snapshot!;
    assert.equal(whole.syntaxError, true);
    assert.equal(whole.parseOnly, undefined);
    assert.ok(whole.findings.length > 0);
    pool.forget(D);
  });

  it('a parameter override traces on the side without touching the document state', async () => {
    const spec = { from: 'App', to: 'Db', protocol: 'tcp' as const, port: 5432 };
    const other = { ...doc(A, 2, fixed(TEMPLATE)), options: { parameters: { Unused: 'x' } } };
    const traced = ok(await pool.run({ kind: 'trace', ...other, spec, settings: {} }).promise);
    assert.equal(traced.held, false);
    const hover = ok(await pool.run({ kind: 'hover', ...doc(A, 2, fixed(TEMPLATE)), offset: 0, stale: false }).promise);
    assert.equal(hover.held, true);
  });

  it('cancels a queued job and a running job without replacing the worker, and keeps its documents', async () => {
    const thread = pool.threadIdOf(pool.workerOf(A)!);
    const running = pool.run({ kind: 'analyze', ...doc(A, 3, generatedTemplate(300, 300)) });
    const queued = pool.run({ kind: 'analyze', ...doc(A, 4, TEMPLATE) });
    assert.notEqual(running.runningFor(), undefined);
    assert.equal(queued.runningFor(), undefined);
    queued.cancel();
    running.cancel();
    await assert.rejects(queued.promise, JobCancelled);
    await assert.rejects(running.promise, JobCancelled);
    const reply = ok(await pool.run({ kind: 'analyze', ...doc(A, 5, TEMPLATE) }).promise);
    assert.equal(reply.snapshot?.findings.length, 1);
    assert.equal(pool.threadIdOf(pool.workerOf(A)!), thread, 'the worker was not replaced');
    assert.equal(reply.documents, 1, 'the worker still holds the document');
    assert.deepEqual(logs, []);
  });

  it('a document whose worker dies is analysed afresh on the next job, with correct results', async () => {
    const index = pool.workerOf(A)!;
    const before = pool.threadIdOf(index);
    pool.restartWorker(index);
    assert.notEqual(pool.threadIdOf(index), before);
    // The old worker held version 5; the new one holds nothing. A hover on version 5 rebuilds it…
    const hover = ok(await pool.run({ kind: 'hover', ...doc(A, 5, TEMPLATE), offset: at(TEMPLATE, 'Name: app-to-db'), stale: false }).promise);
    assert.equal(hover.held, false);
    assert.match(hover.hover ?? '', /✗ blocked/);
    // …and the next edit is a full update of its text: the same findings as a fresh analysis.
    const edited = fixed(TEMPLATE).replace('CidrBlock: 10.0.1.0/24\n      AvailabilityZone', 'CidrBlock: 10.0.3.0/24\n      AvailabilityZone');
    const reply = ok(await pool.run({ kind: 'analyze', ...doc(A, 6, edited) }).promise);
    assert.deepEqual(reply.snapshot?.findings.map((f) => `${f.code}@${f.range.start}-${f.range.end}`).sort(), freshFindings(edited));
    assert.equal(pool.workerOf(A), index, 'the document stays with its slot');
    assert.ok(logs.some((l) => /analysis worker restarted/.test(l)), logs.join('\n'));
  });

  it('forgets a closed document: its worker drops the state', async () => {
    const index = pool.workerOf(B)!;
    pool.forget(B);
    assert.equal(pool.workerOf(B), undefined);
    // The next new document goes to the worker with the fewest documents (B's), which now holds only it.
    const C = 'file:///pool/c.yaml';
    const reply = ok(await pool.run({ kind: 'analyze', ...doc(C, 1, TEMPLATE) }).promise);
    assert.equal(pool.workerOf(C), index);
    assert.equal(reply.documents, 1);
  });

  it('gives up, with an error reply, when workers cannot start at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packetwalk-pool-'));
    const script = join(dir, 'broken-worker.js');
    writeFileSync(script, "throw new Error('this worker cannot start');\n");
    const brokenLogs: string[] = [];
    const broken = new WorkerPool(script, 1, (m) => brokenLogs.push(m));
    try {
      const reply = await broken.run({ kind: 'analyze', ...doc(A, 1, TEMPLATE) }).promise;
      assert.ok(!reply.ok);
      let last: WorkerReply = reply;
      while (!last.ok && !/keep stopping/.test(last.error)) last = await broken.run({ kind: 'analyze', ...doc(A, 1, TEMPLATE) }).promise;
      assert.ok(!last.ok && /keep stopping/.test(last.error));
      const after = await broken.run({ kind: 'analyze', ...doc(A, 1, TEMPLATE) }).promise;
      assert.ok(!after.ok && /keep stopping/.test(after.error));
      assert.ok(brokenLogs.length <= 7, brokenLogs.join('\n'));
    } finally {
      broken.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('worker pool placement', () => {
  const doc = (uri: string, version: number, text: string) => ({ uri, version, text, options: {} });
  const BIG = generatedTemplate(300, 300);
  const bigFindings = freshFindings(BIG);
  const findingsOf = (reply: WorkerReply) => ok(reply).snapshot?.findings.map((f) => `${f.code}@${f.range.start}-${f.range.end}`).sort();

  it('puts another large document on the worker that analysed the first (the warm one), and small documents on the other', async () => {
    const pool = new WorkerPool(WORKER, 2, () => undefined);
    try {
      assert.ok(BIG.length >= LARGE_DOCUMENT_CHARS);
      const big = 'file:///place/big.yaml';
      const big2 = 'file:///place/big-2.yaml';
      const small = 'file:///place/small.yaml';
      assert.deepEqual(findingsOf(await pool.run({ kind: 'analyze', ...doc(big, 1, BIG) }).promise), bigFindings);
      const warm = pool.workerOf(big);
      const second = ok(await pool.run({ kind: 'analyze', ...doc(big2, 1, BIG) }).promise);
      assert.equal(pool.workerOf(big2), warm);
      assert.equal(second.documents, 2, 'both large documents are held by one worker');
      ok(await pool.run({ kind: 'analyze', ...doc(small, 1, TEMPLATE) }).promise);
      assert.notEqual(pool.workerOf(small), warm, 'a small document keeps away from the worker holding large ones');
    } finally {
      pool.dispose();
    }
  });

  it('puts a small document beside the small ones, not beside a large one, when both workers hold as many', async () => {
    const pool = new WorkerPool(WORKER, 2, () => undefined);
    try {
      const big = 'file:///place/big.yaml';
      const small = 'file:///place/small.yaml';
      const small2 = 'file:///place/small-2.yaml';
      ok(await pool.run({ kind: 'analyze', ...doc(big, 1, BIG) }).promise);
      ok(await pool.run({ kind: 'analyze', ...doc(small, 1, TEMPLATE) }).promise);
      assert.notEqual(pool.workerOf(small), pool.workerOf(big));
      ok(await pool.run({ kind: 'analyze', ...doc(small2, 1, TEMPLATE) }).promise);
      assert.equal(pool.workerOf(small2), pool.workerOf(small), 'requests on it never wait for the large document');
    } finally {
      pool.dispose();
    }
  });

  it('keeps a large document away from a worker holding small documents', async () => {
    const pool = new WorkerPool(WORKER, 2, () => undefined);
    try {
      const small = 'file:///place/small.yaml';
      const big = 'file:///place/big.yaml';
      ok(await pool.run({ kind: 'analyze', ...doc(small, 1, TEMPLATE) }).promise);
      const reply = await pool.run({ kind: 'analyze', ...doc(big, 1, BIG) }).promise;
      assert.notEqual(pool.workerOf(big), pool.workerOf(small), 'requests on the small document never wait for the large one');
      assert.deepEqual(findingsOf(reply), bigFindings);
    } finally {
      pool.dispose();
    }
  });
});
