// The scheduler's rules, driven with a fake worker pool so that every interleaving is chosen by the
// test: coalescing, at most one pending text per document, stale results dropped, long stale jobs
// cancelled, close forgets everything, whenIdle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Scheduler, type JobRunner } from '../../server/src/lsp/connection/scheduler';
import { JobCancelled, type PoolJob } from '../../server/src/lsp/connection/worker-pool';
import type { AnalysisSnapshot } from '../../server/src/lsp/worker/snapshot';
import type { WorkerReply } from '../../server/src/lsp/jobs';

interface FakeJob {
  text: string;
  ranFor: number | undefined;
  cancelled: boolean;
  finish(): void;
}

function fakePool(): { pool: JobRunner; jobs: FakeJob[]; forgotten: string[] } {
  const jobs: FakeJob[] = [];
  const forgotten: string[] = [];
  let id = 0;
  const pool: JobRunner = {
    forget: (uri) => forgotten.push(uri),
    run(input) {
      if (input.kind !== 'analyze') throw new Error(`the scheduler only runs analyses, not ${input.kind}`);
      let resolve!: (r: WorkerReply) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<WorkerReply>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const job: FakeJob = {
        text: input.text,
        ranFor: 0,
        cancelled: false,
        finish: () => resolve({ id: ++id, ok: true, snapshot: snapshotOf(input.text) }),
      };
      jobs.push(job);
      const handle: PoolJob = {
        promise,
        runningFor: () => job.ranFor,
        cancel: () => {
          job.cancelled = true;
          reject(new JobCancelled());
        },
      };
      return handle;
    },
  };
  return { pool, jobs, forgotten };
}

/** The snapshot carries the analysed text in a finding message, so the test can tell results apart. */
function snapshotOf(text: string): AnalysisSnapshot {
  return {
    isTemplate: true,
    syntaxError: false,
    findings: [{ code: 'T', severity: 'info', message: text, range: { start: 0, end: 0 }, related: [] }],
    parseProblems: [],
    flows: [],
  };
}

const tick = (ms = 15) => new Promise((r) => setTimeout(r, ms));

function setup(cancelStaleAfterMs = 100, clock = { now: 0 }) {
  const { pool, jobs, forgotten } = fakePool();
  const results: Array<{ version: number; text: string }> = [];
  const scheduler = new Scheduler(pool, {
    coalesceMs: 5,
    cancelStaleAfterMs,
    maxStalenessMs: 500,
    now: () => clock.now,
    onResult: (doc, snapshot) => results.push({ version: doc.version, text: snapshot.findings[0].message }),
    onError: (uri, message) => assert.fail(`${uri}: ${message}`),
  });
  let version = 0;
  const live = TextDocument.create('file:///t.yaml', 'yaml', 0, '');
  const type = (text: string) => {
    TextDocument.update(live, [{ text }], ++version);
    scheduler.schedule(live, {});
  };
  return { scheduler, jobs, results, type, forgotten };
}

describe('scheduler', () => {
  it('coalesces a burst of changes into one analysis of the newest text', async () => {
    const { jobs, results, type } = setup();
    type('a');
    type('ab');
    type('abc');
    await tick();
    assert.deepEqual(jobs.map((j) => j.text), ['abc']);
    jobs[0].finish();
    await tick();
    assert.deepEqual(results, [{ version: 3, text: 'abc' }]);
  });

  it('drops the result of a job overtaken by an edit, then analyses the newest text once', async () => {
    const { jobs, results, type } = setup();
    type('v1');
    await tick();
    type('v2');
    type('v3');
    await tick();
    assert.equal(jobs.length, 1, 'a second job started while the first ran');
    assert.equal(jobs[0].cancelled, false, 'a young job is left to finish');
    jobs[0].finish();
    await tick();
    assert.deepEqual(jobs.map((j) => j.text), ['v1', 'v3']);
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 3, text: 'v3' }]);
  });

  it('cancels a stale job that has already run for a while', async () => {
    const { jobs, results, type } = setup(100);
    type('big');
    await tick();
    jobs[0].ranFor = 500;
    type('big, edited');
    await tick();
    assert.equal(jobs[0].cancelled, true);
    assert.deepEqual(jobs.map((j) => j.text), ['big', 'big, edited']);
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 2, text: 'big, edited' }]);
  });

  it('forgets a closed document: its running job is cancelled, its worker state dropped, nothing is published', async () => {
    const { scheduler, jobs, results, type, forgotten } = setup();
    type('x');
    await tick();
    assert.deepEqual(forgotten, []);
    scheduler.forget('file:///t.yaml');
    assert.equal(jobs[0].cancelled, true);
    assert.deepEqual(forgotten, ['file:///t.yaml']);
    await tick();
    assert.deepEqual(results, []);
  });

  it('whenIdle resolves once the newest text has been analysed', async () => {
    const { scheduler, jobs, type } = setup();
    type('x');
    let idle = false;
    const waiting = scheduler.whenIdle('file:///t.yaml', 60000).then(() => (idle = true));
    await tick();
    assert.equal(idle, false);
    jobs[0].finish();
    await waiting;
    assert.equal(idle, true);
  });

  it('does not starve a slow document under continuous typing: once results are 500 ms stale, an overtaken job finishes and is published with its version', async () => {
    const clock = { now: 0 };
    const { jobs, results, type } = setup(100, clock);
    type('v1');
    await tick();
    // A keystroke 250 ms after the open: results are not yet too stale, the job has run long → cancelled.
    clock.now = 250;
    jobs[0].ranFor = 250;
    type('v2');
    await tick();
    assert.equal(jobs[0].cancelled, true);
    assert.deepEqual(jobs.map((j) => j.text), ['v1', 'v2']);
    // 500 ms after the first change (the open does not count), typing goes on: the running job (v2) is no
    // longer cancelled…
    clock.now = 750;
    jobs[1].ranFor = 250;
    type('v3');
    await tick();
    assert.equal(jobs[1].cancelled, false);
    clock.now = 1000;
    type('v4');
    await tick();
    assert.equal(jobs[1].cancelled, false);
    // …and its result is published with its own version, though the text has moved on.
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 2, text: 'v2' }]);
    // Then the newest text (v4, v3 was never started) is analysed and published.
    assert.deepEqual(jobs.map((j) => j.text), ['v1', 'v2', 'v4']);
    jobs[2].finish();
    await tick();
    assert.deepEqual(results, [
      { version: 2, text: 'v2' },
      { version: 4, text: 'v4' },
    ]);
  });

  it('after a current result, stale results are dropped again until the next 500 ms of staleness', async () => {
    const clock = { now: 0 };
    const { jobs, results, type } = setup(100, clock);
    type('a1');
    await tick();
    jobs[0].finish();
    await tick();
    assert.deepEqual(results, [{ version: 1, text: 'a1' }]);
    clock.now = 1000;
    type('a2');
    await tick();
    clock.now = 1100; // 100 ms stale: a young overtaken job finishes but is dropped
    jobs[1].ranFor = 50;
    type('a3');
    await tick();
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 1, text: 'a1' }]);
    jobs[2].finish();
    await tick();
    assert.deepEqual(results.at(-1), { version: 3, text: 'a3' });
  });

  it('a burst that has stopped gets the newest result only, even after 500 ms of staleness', async () => {
    const clock = { now: 0 };
    const { jobs, results, type } = setup(100, clock);
    type('b1');
    await tick();
    jobs[0].ranFor = 10; // young: left to finish
    type('b2');
    type('b3');
    await tick();
    clock.now = 2000; // the overtaken job ends long after the burst: typing has stopped
    jobs[0].finish();
    await tick();
    assert.deepEqual(results, []);
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 3, text: 'b3' }]);
  });

  it('the time since opening is not typing: a burst long after the open does not publish the opened text', async () => {
    const clock = { now: 0 };
    const { jobs, results, type } = setup(100, clock);
    type('o1'); // the open
    await tick();
    clock.now = 800; // a burst of changes while the big open is still analysed
    jobs[0].ranFor = 50;
    type('o2');
    type('o3');
    await tick();
    clock.now = 1200;
    jobs[0].finish();
    await tick();
    assert.deepEqual(results, []);
    jobs[1].finish();
    await tick();
    assert.deepEqual(results, [{ version: 3, text: 'o3' }]);
  });
});

