// Entry point of dist/server.js, the language server (the transport, stdio or node-ipc, comes from argv via
// createConnection). The analysis runs in worker threads (dist/analysis-worker.js, the engine without the
// LSP libraries). The first worker is started before anything else is initialised: loading its bundle takes
// about as long as loading the language server's, so both load at once, on two cores, and the first
// document opened does not wait for the worker to start (the cold open is measured in npm run bench).
import { analysisWorkerScript, startAnalysisWorker } from './connection/analysis-worker-thread';

const script = analysisWorkerScript(__dirname);
const first = startAnalysisWorker(script);
// A require, not an import: esbuild initialises a required module when the require runs, here after the
// worker has been started (imports would all be initialised before this module's first line).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer } = require('./connection/server') as typeof import('./connection/server');
startServer(createConnection(ProposedFeatures.all), script, first);
