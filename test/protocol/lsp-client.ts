// A small LSP client for the protocol tests: starts the real `node dist/server.js --stdio` as a child
// process and speaks JSON-RPC to it, recording what the server publishes. Offsets in the tests are
// converted with TextDocument, the same way an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeLens,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FlowSummary } from '../../shared/protocol';

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'server'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root');
    dir = up;
  }
  return dir;
}

export function fixturePath(name: string): string {
  return join(repoRoot(), 'test', 'fixtures', 'lsp', name);
}

export function fileUri(path: string): string {
  return pathToFileURL(resolve(path)).toString();
}

export interface StartOptions {
  /** What the client answers to workspace/configuration for section `packetwalk` (undefined: no configuration capability). */
  settings?: Record<string, unknown>;
  workspaceFolders?: string[];
  initializationOptions?: unknown;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class LspClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly summaries: FlowSummary[] = [];
  readonly logs: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  initializeResult!: InitializeResult;
  settings: Record<string, unknown> | undefined;
  private waiters: Waiter[] = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const server = join(repoRoot(), 'dist', 'server.js');
    if (!existsSync(server)) throw new Error(`${server} is missing: run "node esbuild.mjs" first`);
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    client.settings = options.settings;
    child.stderr!.on('data', (d: Buffer) => client.logs.push(d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.push(p);
      client.wake();
    });
    connection.onNotification('packetwalk/flowSummary', (p: FlowSummary) => {
      client.summaries.push(p);
      client.wake();
    });
    connection.onNotification('window/logMessage', (p: unknown) => {
      client.logs.push((p as { message: string }).message);
    });
    connection.onRequest('workspace/configuration', (p: unknown) =>
      (p as { items: Array<{ section?: string }> }).items.map((item) => (item.section === 'packetwalk' ? (client.settings ?? null) : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.listen();
    const folders = (options.workspaceFolders ?? []).map((f, i) => ({ uri: fileUri(f), name: `folder${i}` }));
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders.length > 0 ? folders : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.settings !== undefined,
          didChangeConfiguration: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
          workspaceFolders: true,
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeLens: {},
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  /** Waits until `find` returns something from what has been received, or fails after `timeoutMs`. */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 60000): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      let found = find();
      if (found !== undefined) return resolvePromise(found);
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => (found = find()) !== undefined,
        resolve: () => {
          clearTimeout(timer);
          resolvePromise(found as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The first diagnostics published for `uri` at `version` (after `since` earlier publications). */
  diagnosticsFor(uri: string, version: number, since = 0): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri} v${version}`, () =>
      this.diagnostics.slice(since).find((d) => d.uri === uri && d.version === version),
    );
  }

  summaryFor(uri: string, version: number): Promise<FlowSummary> {
    return this.waitFor(`flow summary for ${uri} v${version}`, () =>
      this.summaries.find((s) => s.uri === uri && s.version === version),
    );
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): TextDocument {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.docs.set(uri, doc);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return doc;
  }

  /** Replaces the whole text (a full-document change event). */
  change(uri: string, text: string): TextDocument {
    const old = this.docs.get(uri)!;
    const doc = TextDocument.create(uri, old.languageId, old.version + 1, text);
    this.docs.set(uri, doc);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ text }],
    });
    return doc;
  }

  /** An incremental change, as editors send while typing. */
  edit(uri: string, start: number, end: number, newText: string): TextDocument {
    const old = this.docs.get(uri)!;
    const range = { start: old.positionAt(start), end: old.positionAt(end) };
    const text = old.getText().slice(0, start) + newText + old.getText().slice(end);
    const doc = TextDocument.create(uri, old.languageId, old.version + 1, text);
    this.docs.set(uri, doc);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range, text: newText }],
    });
    return doc;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, offset: number): Promise<Hover | null> {
    const doc = this.docs.get(uri)!;
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) });
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  setSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { packetwalk: settings } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((r) => {
        const timer = setTimeout(() => {
          this.process.kill();
          r();
        }, 2000);
        this.process.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }
}

/** The text a range covers, by offsets in the document as the test sent it. */
export function rangeText(doc: TextDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return doc.getText().slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
}

/** Applies LSP text edits to a text (edits do not overlap). */
export function applyEdits(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}
