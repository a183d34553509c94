// Runs analyzeText on untrusted inputs in a worker thread, so that the robustness suites can tell a
// crash (an exception, a stack overflow, running out of memory) from a hang (no answer within the
// bound) without the suite itself dying: a hung or dead worker is replaced and the next input goes on.
//
// The worker is this same compiled bundle started again (`isMainThread` false): see `runWorkerIfChild`.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism, loadavg } from 'node:os';
import { analyzeText } from '../../server/src/analyze/analyze';
import { compareReaders } from '../../server/src/template/yaml/reader-equality';
import { checkAnalysis, summarize } from '../../scripts/fuzz/check-analysis.mjs';

export interface EngineOutcome {
  /** 'ok' (answered), 'throw' (analyzeText threw), 'hang' (no answer within the bound), 'died' (worker crashed: OOM, abort). */
  status: 'ok' | 'throw' | 'hang' | 'died';
  ms: number;
  /** Contract violations of the answer (bad ranges, missing codes...). */
  violations: string[];
  error?: string;
  findings: number;
  errors: number;
  isTemplate: boolean;
  codes: string[];
  /** The fast YAML reader against the reference reader on the same text (YAML inputs only). */
  readers?: 'declined' | 'equal' | 'different' | 'skipped';
}

/** The fast reader must to equal the reference one on fuzzed input: checked on every input. */
function readersVerdict(text: string): { kind: 'declined' | 'equal' | 'different' | 'skipped'; where?: string } {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The reference reader (the yaml library) takes seconds on the megabyte-sized hostile texts, and the hang
  // bound covers this comparison too: large texts are compared by scripts/bench/compare-readers.mjs instead.
  if (/^\s*[[{]/.test(t) || t.length > 256_000) return { kind: 'skipped' };
  return compareReaders(t);
}

interface Job {
  id: number;
  text: string;
}

/** In the worker: answer jobs until told to stop. Returns true when this thread is a worker. */
export function runWorkerIfChild(): boolean {
  if (isMainThread || !workerData || (workerData as { role?: string }).role !== 'packetwalk-engine-runner') return false;
  parentPort!.on('message', (job: Job) => {
    const t0 = performance.now();
    try {
      const a = analyzeText(job.text, {});
      const ms = performance.now() - t0;
      const s = summarize(a);
      const violations = checkAnalysis(a, job.text);
      const readers = readersVerdict(job.text);
      if (readers.kind === 'different') violations.push(`fast and reference YAML readers differ: ${readers.where}`);
      parentPort!.postMessage({
        id: job.id,
        status: 'ok',
        ms,
        readers: readers.kind,
        violations,
        findings: s.findings,
        errors: s.error,
        isTemplate: s.isTemplate,
        codes: [...new Set(a.findings.map((f) => f.code))].slice(0, 20),
      });
    } catch (e) {
      parentPort!.postMessage({
        id: job.id,
        status: 'throw',
        ms: performance.now() - t0,
        violations: [],
        error: e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e),
        findings: 0,
        errors: 0,
        isTemplate: false,
        codes: [],
      });
    }
  });
  return true;
}

/**
 * The hang bound for this moment: `baseMs` on an idle machine, stretched by how oversubscribed the CPUs
 * are (1-minute load average per core), so that a busy CI box or parallel suites do not turn slowness
 * into false hangs. A real hang (an infinite loop) exceeds any of these bounds.
 */
export function scaledBound(baseMs: number): number {
  const factor = Math.max(1, loadavg()[0] / Math.max(1, availableParallelism()));
  return Math.round(baseMs * Math.min(factor, 8));
}

export class EngineRunner {
  private worker: Worker | null = null;
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly boundMs = 5_000,
  ) {}

  private spawn(): Worker {
    // Stack and heap as the engine meets them in the CLI (main thread, ~1 MB stack) and in a server
    // worker; generous heap so that only a real blow-up (an alias bomb expanded) fails.
    const w = new Worker(this.file, {
      workerData: { role: 'packetwalk-engine-runner' },
      resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 1536 },
    });
    w.unref();
    return w;
  }

  run(text: string): Promise<EngineOutcome> {
    const w = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (o: EngineOutcome, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (kill) {
          void w.terminate();
          if (this.worker === w) this.worker = null;
        }
        resolve(o);
      };
      const base = { violations: [], findings: 0, errors: 0, isTemplate: false, codes: [] };
      const onMessage = (m: EngineOutcome & { id: number }) => {
        if (m.id === id) finish(m, false);
      };
      const onError = (e: Error) => finish({ ...base, status: 'died', ms: performance.now() - t0, error: `${e.name}: ${e.message}` }, true);
      const onExit = (code: number) => finish({ ...base, status: 'died', ms: performance.now() - t0, error: `worker exited with ${code}` }, true);
      // The bound counts from the post, so it includes a cold worker's start (well under a second).
      const bound = scaledBound(this.boundMs);
      const timer = setTimeout(() => finish({ ...base, status: 'hang', ms: performance.now() - t0, error: `no answer within ${bound} ms (${this.boundMs} ms scaled by load)` }, true), bound);
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, text });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
