// Extension entry point: hosts the packetwalk language server. The client starts only once an open
// document looks like a CloudFormation template (sniff.ts), so the extension stays silent in plain
// YAML/JSON work and coexists with the YAML, cfn-lint and AWS Toolkit extensions.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FlowDeclarationEditParams, FlowSummary, DeclarationTextEdit, TraceFlowParams, TraceResult } from '../../shared/protocol';
import { FlowDeclarationEditRequest, FlowSummaryNotification, TraceFlowCommand } from '../../shared/protocol';
import { createLanguageClient } from './language-client';
import { looksLikeCloudFormation, SERVED_LANGUAGES, SERVED_SCHEMES } from './sniff';
import { FlowStatusBar } from './status-bar';
import { traceFlowCommand } from './trace-command';
import { changeSummary, compareWithHead, showComparison, type CompareAnswer } from './compare-command';
import { TraceView } from './trace-view';
import { registerCdkSources } from './cdk-source';

/** What activate() returns: a small surface for the in-editor test suite. */
export interface PacketWalkApi {
  isRunning(): boolean;
  traceViewHtml(): string;
  statusBarSummary(): FlowSummary | undefined;
  /** The last on-save comparison with HEAD that found changed flows (for the in-editor suite). */
  lastSaveComparison(): CompareAnswer | undefined;
}

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
/** Set when the server failed to start: no automatic retry on every keystroke; a command or setting change retries. */
let startFailed = false;
/** Bumped on every start and stop, so that a stopping client's late notifications are ignored. */
let generation = 0;

function isServed(doc: vscode.TextDocument): boolean {
  return SERVED_LANGUAGES.includes(doc.languageId) && SERVED_SCHEMES.includes(doc.uri.scheme);
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('packetwalk').get<boolean>('enable', true);
}

export function activate(context: vscode.ExtensionContext): PacketWalkApi {
  const output = vscode.window.createOutputChannel('Packet Walk', { log: true });
  const statusBar = new FlowStatusBar();
  context.subscriptions.push(output, statusBar);

  const start = (): Promise<LanguageClient | undefined> => {
    if (starting) return starting;
    starting = (async () => {
      const mine = ++generation;
      const c = createLanguageClient(context, output);
      c.onNotification(FlowSummaryNotification, (s: FlowSummary) => {
        if (mine === generation) statusBar.update(s);
      });
      try {
        await c.start();
      } catch (e) {
        output.appendLine(`Packet Walk: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
        starting = undefined;
        startFailed = true;
        return undefined;
      }
      client = c;
      startFailed = false;
      output.appendLine('Packet Walk: language server started.');
      return c;
    })();
    return starting;
  };

  const stop = async (): Promise<void> => {
    generation++;
    statusBar.clear();
    const c = client ?? (await starting);
    client = undefined;
    starting = undefined;
    await stopQuietly(c);
  };

  /** Starts the client when the document is a template; resolves to whether a client serves it. */
  const ensureStarted = async (doc: vscode.TextDocument): Promise<boolean> => {
    if (!enabled() || !isServed(doc)) return false;
    if (client) return true;
    if (!looksLikeCloudFormation(doc.getText())) return false;
    return (await start()) !== undefined;
  };

  const consider = (doc: vscode.TextDocument): void => {
    if (!client && !starting && !startFailed && enabled() && isServed(doc) && looksLikeCloudFormation(doc.getText())) void start();
  };

  const saveAsDeclaredFlow = async (p: TraceFlowParams): Promise<boolean> => {
    const c = client ?? (await starting);
    if (!c) return false;
    const params: FlowDeclarationEditParams = {
      uri: p.uri,
      flow: { from: p.from, to: p.to, protocol: p.protocol ?? 'tcp', port: p.port },
    };
    const edits = await c.sendRequest<DeclarationTextEdit[] | null>(FlowDeclarationEditRequest, params);
    if (!edits || edits.length === 0) return false;
    const edit = new vscode.WorkspaceEdit();
    const uri = vscode.Uri.parse(p.uri);
    for (const e of edits) {
      const r = new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character);
      edit.replace(uri, r, e.newText);
    }
    // A WorkspaceEdit lands in the document's undo stack: Ctrl+Z takes the declaration back out.
    return vscode.workspace.applyEdit(edit);
  };
  const request = async <R>(method: string, params: unknown): Promise<R> => {
    const c = client ?? (await starting);
    if (!c) throw new Error('Packet Walk: the language server is not running.');
    return c.sendRequest<R>(method, params);
  };
  let lastSaveComparison: CompareAnswer | undefined;
  const compareOnSave = async (doc: vscode.TextDocument): Promise<void> => {
    if (!vscode.workspace.getConfiguration('packetwalk', doc).get<boolean>('compareOnSave', true)) return;
    if (!client || !isServed(doc) || !looksLikeCloudFormation(doc.getText())) return;
    try {
      const answer = await compareWithHead({ ensureStarted, request }, doc);
      if (!answer || answer.flows.length === 0) return;
      lastSaveComparison = answer;
      const choice = await vscode.window.showInformationMessage(`Packet Walk: ${changeSummary(answer.flows)}`, 'Show');
      if (choice === 'Show') await showComparison(answer);
    } catch (e) {
      output.appendLine(`Packet Walk: comparing with HEAD after saving failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const traceView = new TraceView({ saveAsDeclaredFlow });
  context.subscriptions.push(traceView);

  context.subscriptions.push(
    vscode.commands.registerCommand(TraceFlowCommand, (arg?: unknown): Promise<TraceResult | undefined> =>
      traceFlowCommand({
        ensureStarted,
        request: async <R>(method: string, params: unknown) => {
          const c = client ?? (await starting);
          if (!c) throw new Error('Packet Walk: the language server is not running.');
          return c.sendRequest<R>(method, params);
        },
        show: (params, result) => traceView.show(params, result),
      }, arg)),
    // Not in the palette: the trace view's "Save as declared flow" button (and the in-editor suite) use it.
    vscode.commands.registerCommand('packetwalk.saveAsDeclaredFlow', (p: TraceFlowParams) => saveAsDeclaredFlow(p)),
    vscode.commands.registerCommand('packetwalk.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('packetwalk.compareWithHead', async (): Promise<CompareAnswer | undefined> => {
      const answer = await compareWithHead({ ensureStarted, request }, vscode.window.activeTextEditor?.document);
      if (answer) await showComparison(answer);
      return answer;
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => void compareOnSave(doc)),
    vscode.workspace.onDidOpenTextDocument(consider),
    // An untitled buffer becomes a template as it is typed or pasted.
    vscode.workspace.onDidChangeTextDocument((e) => consider(e.document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('packetwalk.enable')) return;
      startFailed = false;
      if (!enabled()) void stop();
      else vscode.workspace.textDocuments.forEach(consider);
    }),
  );
  vscode.workspace.textDocuments.forEach(consider);
  context.subscriptions.push(
    registerCdkSources({
      start: () => (enabled() && !startFailed ? start() : Promise.resolve(undefined)),
      request: <R>(method: string, params: unknown) => client?.sendRequest<R>(method, params),
    }),
  );

  return {
    isRunning: () => client !== undefined,
    traceViewHtml: () => traceView.lastHtml,
    statusBarSummary: () => statusBar.current(),
    lastSaveComparison: () => lastSaveComparison,
  };
}

export async function deactivate(): Promise<void> {
  const c = client ?? (await starting);
  client = undefined;
  starting = undefined;
  await stopQuietly(c);
}

/** Stops a client; one that never got running has nothing to stop, which is not an error worth surfacing. */
async function stopQuietly(c: LanguageClient | undefined): Promise<void> {
  if (!c || !c.isRunning()) return;
  try {
    await c.stop();
  } catch {
    /* already stopped */
  }
}
