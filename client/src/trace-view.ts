// The webview panel beside the editor that shows one trace. Messages from the page: `reveal` (jump to the
// hop's range in the template) and `save` (add the flow to the template's declared flows, undoable).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { TraceFlowParams, TraceResult } from '../../shared/protocol';
import { describeFlow, renderTraceHtml } from './trace-html';

export interface TraceViewHost {
  /** Applies `packetwalk/flowDeclarationEdit` for the flow; resolves to whether the edit was applied. */
  saveAsDeclaredFlow(params: TraceFlowParams): Promise<boolean>;
}

export class TraceView {
  private panel: vscode.WebviewPanel | undefined;
  private params: TraceFlowParams | undefined;
  /** The HTML last rendered, kept so the in-editor suite can check what a person sees. */
  lastHtml = '';

  constructor(private readonly host: TraceViewHost) {}

  show(params: TraceFlowParams, result: TraceResult): void {
    this.params = params;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'packetwalk.trace',
        'Packet Walk',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // No local resources at all: the page is self-contained.
        { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m) => this.onMessage(m));
    }
    this.panel.title = `Trace: ${describeFlow(params)}`;
    const nonce = randomBytes(16).toString('base64');
    this.lastHtml = renderTraceHtml(params, result, { nonce, cspSource: this.panel.webview.cspSource, canSave: true });
    this.panel.webview.html = this.lastHtml;
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!this.params || typeof message !== 'object' || message === null) return;
    const m = message as { type?: unknown; start?: unknown; end?: unknown };
    if (m.type === 'reveal' && typeof m.start === 'number' && typeof m.end === 'number') {
      await revealOffsets(vscode.Uri.parse(this.params.uri), m.start, m.end);
    } else if (m.type === 'save') {
      const ok = await this.host.saveAsDeclaredFlow(this.params);
      if (ok) void vscode.window.showInformationMessage(`Packet Walk: saved ${describeFlow(this.params)} as a declared flow.`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** Opens the template beside the trace and selects the hop's range (offsets are UTF-16, as TextDocument counts). */
export async function revealOffsets(uri: vscode.Uri, start: number, end: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const range = new vscode.Range(doc.positionAt(start), doc.positionAt(end));
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn
    ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
