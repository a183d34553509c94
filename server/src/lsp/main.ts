// Entry point of dist/server.js. On the main thread it is the language server (the transport, stdio or
// node-ipc, comes from argv via createConnection); in a worker thread the same bundle is an analysis
// worker, so the server needs no second bundle.
import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorker } from './worker/analysis-worker';
import { startServer } from './connection/server';
import { WORKER_FLAG } from './connection/worker-pool';

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  runAnalysisWorker();
} else if (isMainThread) {
  startServer(createConnection(ProposedFeatures.all), __filename);
}
