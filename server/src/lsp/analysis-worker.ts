// The analysis side of the server: runs in a worker_threads Worker so that the connection thread keeps
// answering hover, code lens and requests while a big template is being analysed. It is the same bundle
// as the server (main.ts starts this when it is not the main thread), so no second entry point is needed.
// A job is cancelled by terminating the worker (the engine is synchronous and cannot be interrupted).
import { parentPort } from 'node:worker_threads';
import { analyzeText } from '../analyze/analyze';
import { checkFlowSpec } from '../walk/endpoints';
import { traceFlow } from '../walk/trace';
import { toSnapshot, type TraceOutcome, type WorkerJob, type WorkerReply } from './snapshot';

function runTrace(job: Extract<WorkerJob, { kind: 'trace' }>): TraceOutcome {
  const analysis = analyzeText(job.text, job.options);
  if (!analysis.isTemplate || !analysis.model) {
    return { ok: false, message: 'This document is not a CloudFormation template that packetwalk can read.', closest: [] };
  }
  // Unknown endpoint names and a source address the source cannot have are request errors, as in the CLI.
  const problem = checkFlowSpec(analysis.model, job.spec);
  if (problem) return { ok: false, message: problem.message, closest: problem.closest };
  return { ok: true, trace: traceFlow(analysis.model, job.spec, job.settings) };
}

function handle(job: WorkerJob): WorkerReply {
  try {
    if (job.kind === 'analyze') return { id: job.id, ok: true, snapshot: toSnapshot(analyzeText(job.text, job.options)) };
    return { id: job.id, ok: true, trace: runTrace(job) };
  } catch (e) {
    // The engine promises not to throw; if it does anyway, the server reports it and keeps going.
    return { id: job.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (job: WorkerJob) => port.postMessage(handle(job)));
}
