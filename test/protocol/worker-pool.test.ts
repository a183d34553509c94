// The worker pool with real analysis workers (dist/server.js in a worker thread): answers analyses and
// traces, cancels a running job by replacing its worker, and keeps working afterwards.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobCancelled, WorkerPool } from '../../server/src/lsp/worker-pool';
import type { WorkerReply } from '../../server/src/lsp/snapshot';
import { fixturePath, repoRoot } from './lsp-client';
import { generatedTemplate } from './generated-template';

const SERVER = join(repoRoot(), 'dist', 'server.js');
const TEMPLATE = readFileSync(fixturePath('app-db.yaml'), 'utf8');

describe('worker pool', () => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run "node esbuild.mjs" first`);
  const logs: string[] = [];
  const pool = new WorkerPool(SERVER, 1, (m) => logs.push(m));
  after(() => pool.dispose());

  it('analyses a template in a worker', async () => {
    const reply = await pool.run({ kind: 'analyze', text: TEMPLATE, options: {} }).promise;
    assert.ok(reply.ok, reply.ok ? '' : reply.error);
    assert.deepEqual(reply.snapshot?.findings.map((f) => f.code), ['NACL_RETURN_EPHEMERAL_BLOCKED']);
    assert.deepEqual(reply.snapshot?.resources.slice(0, 2).map((r) => [r.id, r.type]), [
      ['Vpc', 'AWS::EC2::VPC'],
      ['AppSubnet', 'AWS::EC2::Subnet'],
    ]);
  });

  it('traces, or names the closest endpoints', async () => {
    const spec = { from: 'App', to: 'Db', protocol: 'tcp' as const, port: 5432 };
    const traced = await pool.run({ kind: 'trace', text: TEMPLATE, options: {}, spec, settings: {} }).promise;
    assert.ok(traced.ok && traced.trace?.ok);
    assert.equal(traced.trace.ok && traced.trace.trace.verdict, 'blocked');
    const unknown = await pool.run({ kind: 'trace', text: TEMPLATE, options: {}, spec: { ...spec, to: 'Dbb' }, settings: {} }).promise;
    assert.ok(unknown.ok && unknown.trace && !unknown.trace.ok);
    assert.ok(!unknown.trace.ok && unknown.trace.closest.includes('Db'));
  });

  it('cancels a queued job and a running job, and then keeps working', async () => {
    const running = pool.run({ kind: 'analyze', text: generatedTemplate(300, 300), options: {} });
    const queued = pool.run({ kind: 'analyze', text: TEMPLATE, options: {} });
    assert.notEqual(running.runningFor(), undefined);
    assert.equal(queued.runningFor(), undefined);
    queued.cancel();
    running.cancel();
    await assert.rejects(queued.promise, JobCancelled);
    await assert.rejects(running.promise, JobCancelled);
    const reply = await pool.run({ kind: 'analyze', text: TEMPLATE, options: {} }).promise;
    assert.ok(reply.ok);
    assert.equal(reply.snapshot?.findings.length, 1);
    assert.deepEqual(logs, []);
  });

  it('gives up, with an error reply, when workers cannot start at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packetwalk-pool-'));
    const script = join(dir, 'broken-worker.js');
    writeFileSync(script, "throw new Error('this worker cannot start');\n");
    const brokenLogs: string[] = [];
    const broken = new WorkerPool(script, 1, (m) => brokenLogs.push(m));
    try {
      const reply = await broken.run({ kind: 'analyze', text: TEMPLATE, options: {} }).promise;
      assert.ok(!reply.ok);
      let last: WorkerReply = reply;
      while (!last.ok && !/keep stopping/.test(last.error)) last = await broken.run({ kind: 'analyze', text: TEMPLATE, options: {} }).promise;
      assert.ok(!last.ok && /keep stopping/.test(last.error));
      const after = await broken.run({ kind: 'analyze', text: TEMPLATE, options: {} }).promise;
      assert.ok(!after.ok && /keep stopping/.test(after.error));
      assert.ok(brokenLogs.length <= 7, brokenLogs.join('\n'));
    } finally {
      broken.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
