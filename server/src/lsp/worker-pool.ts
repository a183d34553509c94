// A small, fixed-size pool of analysis workers. Jobs wait in a queue while every worker is busy; a job
// can be cancelled while it waits (dropped) or while it runs (its worker is terminated and replaced,
// since a synchronous analysis cannot be interrupted any other way). Workers start on first use.
import { Worker } from 'node:worker_threads';
import type { WorkerJob, WorkerReply } from './snapshot';

export const WORKER_FLAG = 'packetwalkAnalysisWorker';
const MAX_CONSECUTIVE_LOSSES = 5;

export class JobCancelled extends Error {
  constructor() {
    super('analysis cancelled');
  }
}

/** A job as callers write it: the pool numbers it. (Omit applied to each member of the union.) */
type WithoutId<J> = J extends unknown ? Omit<J, 'id'> : never;
type JobInput = WithoutId<WorkerJob>;

export interface PoolJob {
  readonly promise: Promise<WorkerReply>;
  /** Milliseconds since a worker took the job, or undefined while it waits in the queue. */
  runningFor(): number | undefined;
  cancel(): void;
}

interface Task {
  job: WorkerJob;
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  startedAt?: number;
  slot?: Slot;
  done: boolean;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private disposed = false;
  /** Workers lost in a row without any reply in between: a worker that cannot even start must not respawn forever. */
  private consecutiveLosses = 0;
  private broken?: string;

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly log: (message: string) => void,
  ) {}

  run(input: JobInput): PoolJob {
    let resolve!: (reply: WorkerReply) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<WorkerReply>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task: Task = { job: { ...input, id: this.nextId++ } as WorkerJob, resolve, reject, done: false };
    this.queue.push(task);
    this.dispatch();
    return {
      promise,
      runningFor: () => (task.startedAt === undefined ? undefined : Date.now() - task.startedAt),
      cancel: () => this.cancel(task),
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const task of this.queue.splice(0)) this.finish(task, undefined, new JobCancelled());
    for (const slot of this.slots.splice(0)) {
      if (slot.task) this.finish(slot.task, undefined, new JobCancelled());
      void slot.worker.terminate();
    }
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
      this.replace(slot);
      this.finish(task, undefined, new JobCancelled());
      this.dispatch();
    }
  }

  private dispatch(): void {
    if (this.disposed) return;
    if (this.broken) {
      for (const task of this.queue.splice(0)) this.finish(task, { id: task.job.id, ok: false, error: this.broken });
      return;
    }
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      task.slot = slot;
      task.startedAt = Date.now();
      slot.worker.postMessage(task.job);
    }
  }

  private spawn(): Slot {
    const slot = { worker: this.createWorker() } as Slot;
    this.attach(slot);
    this.slots.push(slot);
    return slot;
  }

  private createWorker(): Worker {
    return new Worker(this.script, { workerData: { [WORKER_FLAG]: true } });
  }

  private attach(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (reply: WorkerReply) => {
      if (slot.worker !== worker) return;
      const task = slot.task;
      if (!task || task.job.id !== reply.id) return;
      slot.task = undefined;
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
          void s.worker.terminate();
        }
        this.dispatch();
        return;
      }
      this.log(`analysis worker stopped: ${why}; starting a new one`);
      this.replace(slot);
      if (task) this.finish(task, { id: task.job.id, ok: false, error: `analysis worker stopped: ${why}` });
      this.dispatch();
    };
    worker.on('error', (e) => lost(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => lost(`exit code ${code}`));
  }

  /** Terminates a slot's worker and puts a fresh one in its place (the slot is then free). */
  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.task = undefined;
    slot.worker = this.createWorker();
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
