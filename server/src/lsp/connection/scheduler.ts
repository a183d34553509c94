// Decides when each open document is analysed. Every change bumps the document's generation; only the
// newest text is ever waiting (at most one pending job per document), a result computed for an older
// generation is dropped, and a stale job that has already run for a while is cancelled (its result is
// dropped; see worker-pool.ts for what a cancel does to the worker) so a big template being retyped does
// not queue up work. Closing a document also tells its worker to drop the document's state. A few milliseconds of
// coalescing merge the bursts of changes one keystroke can produce; there is no save-time debounce.
//
// Cancelling every overtaken job would starve a document whose analysis takes longer than the gap between
// keystrokes: nothing would be published until the typing stops. So once a document's published results
// have been out of date for `maxStalenessMs`, an overtaken job is left to finish and its result is
// published with the version it was computed for (LSP lets clients tell), then the newest text follows.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions } from '../../analyze/types';
import { JobCancelled, type PoolJob, type WorkerPool } from './worker-pool';

import type { AnalysisSnapshot } from '../jobs';

/** The part of the worker pool the scheduler uses (tests substitute their own). */
export type JobRunner = Pick<WorkerPool, 'run' | 'forget'>;

export interface SchedulerOptions {
  /** Changes arriving within this many milliseconds are analysed once. */
  coalesceMs: number;
  /** A stale job that has run longer than this is cancelled instead of awaited. */
  cancelStaleAfterMs: number;
  /**
   * Once the published results of a document have been out of date this long, overtaken jobs are no
   * longer cancelled or dropped: their results are published (with their own version) so typing on a
   * big template still shows results.
   */
  maxStalenessMs: number;
  /** The clock (tests substitute their own). */
  now?: () => number;
  /** A result for the newest text of a document (the text is frozen in `doc`; `options` are those it was analysed with). */
  onResult: (doc: TextDocument, snapshot: AnalysisSnapshot, options: AnalyzeOptions) => void;
  onError: (uri: string, message: string) => void;
  /**
   * Whether the document already shows results of a text that parsed (then a text that does not parse needs
   * only its parse problems: the worker skips the rest). Undefined: never.
   */
  lastGoodShown?: (uri: string) => boolean;
}

interface Pending {
  generation: number;
  doc: TextDocument;
  options: AnalyzeOptions;
}

interface DocSchedule {
  generation: number;
  pending?: Pending;
  running?: { generation: number; job: PoolJob };
  timer?: NodeJS.Timeout;
  /** When the published results stopped matching the text (the first change after the last current result). */
  staleSince?: number;
  /** The newest generation whose result was published. */
  publishedGeneration: number;
  /** When the last change arrived. */
  lastChangeAt: number;
  idleWaiters: Array<() => void>;
}

export class Scheduler {
  private readonly docs = new Map<string, DocSchedule>();

  constructor(
    private readonly pool: JobRunner,
    private readonly options: SchedulerOptions,
  ) {}

  /** Analyse this text of the document (copied now: the live document keeps changing). */
  schedule(live: TextDocument, options: AnalyzeOptions): void {
    const state = this.stateOf(live.uri);
    // Opening is not typing: staleness counts from the first change after the last current result.
    const opening = state.generation === 0;
    state.generation++;
    state.lastChangeAt = this.now();
    if (!opening && state.staleSince === undefined) state.staleSince = state.lastChangeAt;
    const doc = TextDocument.create(live.uri, live.languageId, live.version, live.getText());
    state.pending = { generation: state.generation, doc, options };
    const running = state.running;
    if (running && running.generation < state.generation && !this.starving(state)) {
      const ranFor = running.job.runningFor();
      if (ranFor === undefined || ranFor >= this.options.cancelStaleAfterMs) running.job.cancel();
    }
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      this.startPending(live.uri);
    }, this.options.coalesceMs);
  }

  /** The document was closed (or disabled): drop its pending work, ignore what is running, free its state. */
  forget(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    this.docs.delete(uri);
    if (state.timer) clearTimeout(state.timer);
    state.running?.job.cancel();
    this.pool.forget(uri);
    for (const w of state.idleWaiters.splice(0)) w();
  }

  /** Resolves once the newest text of the document has been analysed (or after `timeoutMs`). */
  whenIdle(uri: string, timeoutMs: number): Promise<void> {
    const state = this.docs.get(uri);
    if (!state || this.isIdle(state)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      state.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** True when the document's published results have been out of date for too long to keep dropping work. */
  private starving(state: DocSchedule): boolean {
    return state.staleSince !== undefined && this.now() - state.staleSince >= this.options.maxStalenessMs;
  }

  /**
   * True while typing is sustained: the changes since the last current result span at least half of
   * `maxStalenessMs` and the last one came within it. A burst of changes sent at once is not typing.
   */
  private typing(state: DocSchedule): boolean {
    if (state.staleSince === undefined) return false;
    const span = state.lastChangeAt - state.staleSince;
    return span >= this.options.maxStalenessMs / 2 && this.now() - state.lastChangeAt < this.options.maxStalenessMs;
  }

  private isIdle(state: DocSchedule): boolean {
    return !state.pending && !state.running && !state.timer;
  }

  private stateOf(uri: string): DocSchedule {
    let state = this.docs.get(uri);
    if (!state) {
      state = { generation: 0, publishedGeneration: 0, lastChangeAt: 0, idleWaiters: [] };
      this.docs.set(uri, state);
    }
    return state;
  }

  private startPending(uri: string): void {
    const state = this.docs.get(uri);
    if (!state || state.running || state.timer || !state.pending) return;
    const { generation, doc, options } = state.pending;
    state.pending = undefined;
    const lastGoodShown = this.options.lastGoodShown?.(uri) ?? false;
    const job = this.pool.run({ kind: 'analyze', uri, version: doc.version, text: doc.getText(), options, lastGoodShown });
    state.running = { generation, job };
    job.promise
      .then((reply) => {
        if (this.docs.get(uri) !== state) return;
        const current = state.generation === generation;
        // An overtaken result is dropped, unless the document has been without current results too long
        // and the typing goes on (when it has stopped, the newest text's result is the next thing to show).
        if (!current && !(this.starving(state) && this.typing(state) && generation > state.publishedGeneration)) return;
        if (reply.ok && reply.snapshot) {
          this.options.onResult(doc, reply.snapshot, options);
          state.publishedGeneration = generation;
          if (current) state.staleSince = undefined;
        } else if (!reply.ok) this.options.onError(uri, reply.error);
      })
      .catch((e: unknown) => {
        if (!(e instanceof JobCancelled)) this.options.onError(uri, e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (state.running?.job === job) state.running = undefined;
        if (this.docs.get(uri) !== state) return;
        this.startPending(uri);
        if (this.isIdle(state)) for (const w of state.idleWaiters.splice(0)) w();
      });
  }
}
