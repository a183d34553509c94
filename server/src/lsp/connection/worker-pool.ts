// A small, fixed-size pool of analysis workers with document affinity: every job about a document goes
// to the worker that holds that document's live analysis (its "home", chosen on the document's first
// job), so the state is reused across edits and only one worker holds it. Jobs wait per worker while it
// is busy.
//
// Where a document lives: a small one goes to the worker holding the fewest documents (a second worker
// starts for it rather than sharing), so that one document's analysis does not hold back requests on
// another. A large one goes to the warmest worker that holds no small document, the one that has analysed
// the most text: a fresh worker runs the engine cold, several times slower (a 1 MB template's first
// analysis took about 0.7 s in a new worker against 0.3 s in the worker that had been analysing another
// one; npm run bench). Large documents then share that worker; small ones keep answering on the other.
//
// Cancelling a job that waits drops it. Cancelling a running job answers JobCancelled at once but lets
// the worker finish (its reply is dropped): with live analysis an overtaken job is short, and terminating
// the worker would throw away the state of every document it holds and replace it by a cold worker. Only
// a cancelled job still running `hardCancelMs` (20 s) after its cancel gets its worker replaced; a replaced
// (or crashed) worker starts with no state, and since every job carries its whole text, the next job of
// each of its documents rebuilds that document's state from scratch: results are never wrong, only slower.
import type { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerReply } from '../jobs';
import { startAnalysisWorker } from './analysis-worker-thread';

const MAX_CONSECUTIVE_LOSSES = 5;
/**
 * From this many characters a document is large: its first analysis in a cold worker costs hundreds of
 * milliseconds more than in a warm one (see the header).
 */
export const LARGE_DOCUMENT_CHARS = 200_000;

export class JobCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/** A job as callers write it: the pool numbers it. (Omit applied to each member of the union.) */
type WithoutId<J> = J extends unknown ? Omit<J, 'id'> : never;
export type JobInput = WithoutId<WorkerJob>;

export interface PoolJob {
  readonly promise: Promise<WorkerReply>;
  /** Milliseconds since a worker took the job, or undefined while it waits in the queue. */
  runningFor(): number | undefined;
  cancel(): void;
}

export interface PoolOptions {
  /** A cancelled job still running this long after its cancel gets its worker replaced. */
  hardCancelMs?: number;
  /** Completes a job before it is sent (e.g. the texts of the other open documents a template reaches). */
  prepare?: (job: JobInput) => JobInput;
  /** A worker already started on `script` (the entry point starts one before the server loads): the first slot. */
  first?: Worker;
}

interface Task {
  job: WorkerJob;
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  /** The worker this job must run on (its document's home), or undefined: any worker. */
  home?: Slot;
  startedAt?: number;
  slot?: Slot;
  done: boolean;
}

interface Slot {
  worker: Worker;
  task?: Task;
  /** Set while a cancelled job is left to finish: replaces the worker if it takes too long. */
  killTimer?: NodeJS.Timeout;
  /** Documents whose state this worker holds (or will, once their first job runs). */
  documents: Set<string>;
  /** Those of them that are large (see LARGE_DOCUMENT_CHARS). */
  large: Set<string>;
  /** Characters of text this worker has analysed: how warm its engine is. */
  analysed: number;
}

/**
 * Long: replacing the worker throws away the state of its documents, and the replacement must then analyse
 * the newest text from scratch, cold, which takes longer than the overtaken job it replaced. With a 2 s
 * limit, typing on a 1 MB template (where rebuilding the state takes seconds) became a loop of
 * kill → cold rebuild → overtaken → kill. So only a job that seems stuck is terminated.
 */
const DEFAULT_HARD_CANCEL_MS = 20_000;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly homes = new Map<string, Slot>();
  private nextId = 1;
  private disposed = false;
  /** Workers lost in a row without any reply in between: a worker that cannot even start must not respawn forever. */
  private consecutiveLosses = 0;
  private broken?: string;
  private readonly hardCancelMs: number;
  private readonly prepare: (job: JobInput) => JobInput;
  private prestarted: Worker | undefined;

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly log: (message: string) => void,
    options: PoolOptions = {},
  ) {
    this.hardCancelMs = options.hardCancelMs ?? DEFAULT_HARD_CANCEL_MS;
    this.prepare = options.prepare ?? ((job) => job);
    this.prestarted = options.first;
  }

  /**
   * Starts `count` workers now instead of on first use (a fresh worker warms up until its first job). The
   * server starts one: a second worker warming up at the same time would compete for the CPU with the
   * first document's analysis; the others start when a second document needs one.
   */
  start(count = 1): void {
    while (!this.disposed && !this.broken && this.slots.length < Math.min(count, this.size)) this.spawn();
  }

  run(input: JobInput): PoolJob {
    let resolve!: (reply: WorkerReply) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<WorkerReply>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const job = { ...this.prepare(input), id: this.nextId++ } as WorkerJob;
    const task: Task = { job, resolve, reject, done: false };
    if (!this.disposed && !this.broken) task.home = this.homeOf(job.uri, 'text' in job ? job.text.length : 0);
    this.queue.push(task);
    this.dispatch();
    return {
      promise,
      runningFor: () => (task.startedAt === undefined ? undefined : Date.now() - task.startedAt),
      cancel: () => this.cancel(task),
    };
  }

  /** The document was closed: its worker drops its state (after the document's jobs already queued). */
  forget(uri: string): void {
    const home = this.homes.get(uri);
    if (!home) return;
    const job = this.run({ kind: 'forget', uri });
    job.promise.catch(() => undefined);
    this.homes.delete(uri);
    home.documents.delete(uri);
    home.large.delete(uri);
  }

  /** Which worker index holds a document (tests), or undefined when none does. */
  workerOf(uri: string): number | undefined {
    const home = this.homes.get(uri);
    return home ? this.slots.indexOf(home) : undefined;
  }

  /** The thread id of a worker (tests: a job that reports it tells which worker ran it). */
  threadIdOf(index: number): number | undefined {
    return this.slots[index]?.worker.threadId;
  }

  /**
   * Replaces a worker now, as if it had stopped: its running job fails, its documents stay with it and are
   * analysed afresh on their next job (tests use this to check that recovery gives correct results).
   */
  restartWorker(index: number): void {
    const slot = this.slots[index];
    if (!slot || this.disposed) return;
    const task = slot.task;
    this.log(`analysis worker restarted; its documents are analysed afresh`);
    this.replace(slot);
    if (task) this.finish(task, { id: task.job.id, ok: false, error: 'analysis worker restarted' });
    this.dispatch();
  }

  dispose(): void {
    this.disposed = true;
    for (const task of this.queue.splice(0)) this.finish(task, undefined, new JobCancelled());
    if (this.prestarted) void this.prestarted.terminate();
    this.prestarted = undefined;
    for (const slot of this.slots.splice(0)) {
      if (slot.task) this.finish(slot.task, undefined, new JobCancelled());
      if (slot.killTimer) clearTimeout(slot.killTimer);
      void slot.worker.terminate();
    }
    this.homes.clear();
  }

  /** The document's worker: the one that already holds it, else one chosen as the header says. */
  private homeOf(uri: string, length: number): Slot {
    const known = this.homes.get(uri);
    if (known) return known;
    const large = length >= LARGE_DOCUMENT_CHARS;
    const home = (large ? this.warmestForLarge() : undefined) ?? this.leastLoaded();
    home.documents.add(uri);
    if (large) home.large.add(uri);
    this.homes.set(uri, home);
    return home;
  }

  /** The worker that has analysed the most text among those holding only large documents (or none), if it has analysed any. */
  private warmestForLarge(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.large.size < slot.documents.size || slot.analysed === 0) continue;
      if (!best || slot.analysed > best.analysed) best = slot;
    }
    return best;
  }

  /**
   * A worker holding no document, else a new one while the pool has room, else the one holding the fewest
   * documents, among those holding no large document if any (idle first).
   */
  private leastLoaded(): Slot {
    const rank = (s: Slot) => [s.large.size > 0 ? 1 : 0, s.documents.size, s.task ? 1 : 0];
    let best: Slot | undefined;
    for (const slot of this.slots) if (!best || before(rank(slot), rank(best))) best = slot;
    if ((!best || best.documents.size > 0) && this.slots.length < this.size) best = this.spawn();
    return best!;
  }

  private cancel(task: Task): void {
    if (task.done) return;
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(task, undefined, new JobCancelled());
      return;
    }
    const slot = task.slot;
    if (slot && slot.task === task) {
      // Answer now; the worker finishes the job (its reply is dropped) unless it takes too long.
      this.finish(task, undefined, new JobCancelled());
      slot.killTimer = setTimeout(() => {
        slot.killTimer = undefined;
        if (slot.task !== task || this.disposed) return;
        this.log(`an overtaken analysis ran ${this.hardCancelMs} ms past its cancel; replacing its worker`);
        this.replace(slot);
        this.dispatch();
      }, this.hardCancelMs);
    }
  }

  private dispatch(): void {
    if (this.disposed) return;
    if (this.broken) {
      for (const task of this.queue.splice(0)) this.finish(task, { id: task.job.id, ok: false, error: this.broken });
      return;
    }
    for (let i = 0; i < this.queue.length; ) {
      const task = this.queue[i];
      let slot = task.home;
      if (!slot) {
        slot = this.slots.find((s) => !s.task);
        if (!slot && this.slots.length < this.size) slot = this.spawn();
      }
      if (!slot || slot.task) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      slot.task = task;
      task.slot = slot;
      task.startedAt = Date.now();
      if (task.job.kind === 'analyze') slot.analysed += task.job.text.length;
      slot.worker.postMessage(task.job);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.createWorker(), documents: new Set(), large: new Set(), analysed: 0 };
    this.attach(slot);
    this.slots.push(slot);
    return slot;
  }

  private createWorker(): Worker {
    const first = this.prestarted;
    this.prestarted = undefined;
    return first ?? startAnalysisWorker(this.script);
  }

  private attach(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (reply: WorkerReply) => {
      if (slot.worker !== worker) return;
      const task = slot.task;
      if (!task || task.job.id !== reply.id) return;
      this.free(slot);
      this.consecutiveLosses = 0;
      this.finish(task, reply);
      this.dispatch();
    });
    const lost = (why: string) => {
      if (slot.worker !== worker || this.disposed || this.broken) return;
      const task = slot.task;
      if (++this.consecutiveLosses > MAX_CONSECUTIVE_LOSSES) {
        const broken = `analysis workers keep stopping (last: ${why}); analysis is off until the server restarts`;
        this.broken = broken;
        this.log(broken);
        for (const s of this.slots.splice(0)) {
          if (s.task) this.finish(s.task, { id: s.task.job.id, ok: false, error: broken });
          if (s.killTimer) clearTimeout(s.killTimer);
          void s.worker.terminate();
        }
        this.homes.clear();
        this.dispatch();
        return;
      }
      this.log(`analysis worker stopped: ${why}; starting a new one (its documents are analysed afresh)`);
      this.replace(slot);
      if (task) this.finish(task, { id: task.job.id, ok: false, error: `analysis worker stopped: ${why}` });
      this.dispatch();
    };
    worker.on('error', (e) => lost(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => lost(`exit code ${code}`));
  }

  private free(slot: Slot): void {
    slot.task = undefined;
    if (slot.killTimer) clearTimeout(slot.killTimer);
    slot.killTimer = undefined;
  }

  /**
   * Terminates a slot's worker and puts a fresh one in its place (the slot is then free). The slot keeps
   * its documents: their next jobs carry their whole text, so the new worker rebuilds their state.
   */
  private replace(slot: Slot): void {
    const old = slot.worker;
    this.free(slot);
    slot.worker = this.createWorker();
    slot.analysed = 0;
    this.attach(slot);
    void old.terminate();
  }

  private finish(task: Task, reply?: WorkerReply, error?: Error): void {
    if (task.done) return;
    task.done = true;
    task.slot = undefined;
    if (error) task.reject(error);
    else task.resolve(reply!);
  }
}

/** Whether rank `a` comes before rank `b` (compared element by element). */
function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
