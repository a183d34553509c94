// Entry point of dist/analysis-worker.js: an analysis worker thread of the language server (started by
// lsp/connection/analysis-worker-thread.ts). Loaded any other way it does nothing.
import { isMainThread, workerData } from 'node:worker_threads';
import { WORKER_FLAG } from '../jobs';
import { runAnalysisWorker } from './analysis-worker';

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) runAnalysisWorker();
