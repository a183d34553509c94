// Starting one analysis worker thread (dist/analysis-worker.js). Apart from the pool so that the entry point
// can start the first worker before the language server's own modules are initialised (see main.ts).
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_FLAG } from '../jobs';

/**
 * A smaller young generation than V8's default: an analysis makes much short-lived garbage, and with
 * the default semi-spaces the server's memory after a few hundred keystrokes on a 1 MB template grew
 * past 250 MB; at this size it stays near 220 MB at the same speed (npm run bench).
 */
const YOUNG_GENERATION_MB = 24;

/** The analysis worker's bundle, beside the server's own (`dir`: the directory of dist/server.js). */
export function analysisWorkerScript(dir: string): string {
  return join(dir, 'analysis-worker.js');
}

export function startAnalysisWorker(script: string): Worker {
  return new Worker(script, { workerData: { [WORKER_FLAG]: true }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}
