// Wires the language server together: capabilities, settings, the analysis workers, the session and the
// handlers. Standard LSP only (plus the packetwalk/* requests), so any LSP client can use it.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { Worker } from 'node:worker_threads';
import { createDocuments } from './documents';
import { registerFeatures } from './hover-and-lens';
import { registerCodeActions } from './code-actions';
import { AUTHORING_CAPABILITIES, registerAuthoring } from './authoring';
import { uriToPath } from './paths';
import { registerRequests } from './requests';
import { Scheduler } from './scheduler';
import { describe, Session } from './session';
import { SettingsStore } from './settings';
import { WorkerPool } from './worker-pool';
import { canWatchStacks, watchStacks } from './stack-watch';
import { CdkSources } from './cdk-sources';
import { withOpenStacks } from './open-stacks';
import { TOOL_NAME, TOOL_VERSION } from '../../files/meta';

/**
 * Two workers: one document's analysis does not hold back requests on another. Each document lives on one
 * of them (its live analysis is kept there across edits; large documents share the warmest: see worker-pool.ts).
 */
const WORKERS = 2;

/** `first`: an analysis worker already started on `workerScript` (main.ts starts it before loading the server). */
export function startServer(connection: Connection, workerScript: string, first?: Worker): void {
  const documents = createDocuments();
  const log = {
    info: (m: string) => connection.console.info(m),
    error: (m: string) => connection.console.error(m),
  };
  let folders: string[] = [];
  let pushedSettings: unknown; // for clients without workspace/configuration: what didChangeConfiguration sent
  let pullSettings = false;
  let dynamicConfiguration = false;
  let watchFiles = false;

  const settings = new SettingsStore(
    async (scopeUri) => {
      if (!pullSettings) return pushedSettings;
      return connection.workspace.getConfiguration({ scopeUri, section: 'packetwalk' });
    },
    () => folders,
    log.info,
  );
  const session = new Session(connection, documents, settings, log);
  const pool = new WorkerPool(workerScript, WORKERS, log.error, { prepare: (job) => withOpenStacks(job, documents), first });
  const scheduler = new Scheduler(pool, {
    coalesceMs: 5,
    cancelStaleAfterMs: 150,
    // Typing on a template whose analysis outlasts the gap between keystrokes still shows results at
    // least this often (each tagged with the version it was computed for).
    maxStalenessMs: 500,
    onResult: (doc, snapshot, options) => {
      try {
        session.onResult(doc, snapshot, options);
      } catch (e) {
        log.error(`publishing results for ${doc.uri}: ${describe(e)}`);
      }
    },
    onError: (uri, message) => log.error(`analysis of ${uri} failed: ${message}`),
    lastGoodShown: (uri) => session.hasLastGood(uri),
  });

  // The first worker takes its slot now (main.ts started it before the server loaded; otherwise it starts
  // here): it warms the engine up while the client finishes starting, until the first document arrives.
  pool.start();

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    // Clients without workspace/configuration may pass the settings at start (the VS Code client does too).
    pushedSettings = (params.initializationOptions as { settings?: unknown } | null | undefined)?.settings;
    pullSettings = caps.workspace?.configuration === true;
    dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    session.codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    watchFiles = canWatchStacks(caps);
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        ...AUTHORING_CAPABILITIES,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'packetwalk' });
    if (folders.length > 0 || pullSettings) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p)];
        session.refreshAll();
      });
    }
    // CDK: findings on the lines of code that created the constructs, from the cloud assemblies of the folders.
    const cdkSources = new CdkSources(connection, pool, () => folders, (m: string) => log.info(m));
    watchStacks(connection, watchFiles, () => {
      session.refreshAll();
      void cdkSources.refresh();
    });
    void cdkSources.refresh();
    log.info(`packetwalk language server ready (${WORKERS} analysis workers)`);
  });

  connection.onDidChangeConfiguration((change) => {
    const s = (change.settings as { packetwalk?: unknown } | null | undefined)?.packetwalk;
    if (s !== undefined) pushedSettings = s;
    session.refreshAll();
  });

  connection.onShutdown(() => pool.dispose());

  session.attach(scheduler);
  registerFeatures(session, pool);
  registerCodeActions(session, pool);
  registerAuthoring(session, pool);
  registerRequests(session, pool);
  documents.listen(connection);
  connection.listen();
}
