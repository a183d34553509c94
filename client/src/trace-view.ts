// The webview panel beside the editor that shows one trace. Messages from the page: `reveal` with a hop or
// blocker index (jump to its range in the template that defines it) and `save` (add the flow to the
// template's declared flows, undoable). The page names only an index: the range and the file come from the
// trace the extension host holds, so the page cannot make the editor open anything else.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { OffsetRange, TraceFlowParams, TraceResult } from '../../shared/protocol';
import { describeFlow, renderTraceHtml } from './trace-html';

export interface TraceViewHost {
  /** Applies `packetwalk/flowDeclarationEdit` for the flow; resolves to whether the edit was applied. */
  saveAsDeclaredFlow(params: TraceFlowParams): Promise<boolean>;
}

export class TraceView {
  private panel: vscode.WebviewPanel | undefined;
  private params: TraceFlowParams | undefined;
  private result: TraceResult | undefined;
  /** The HTML last rendered, kept so the in-editor suite can check what a person sees. */
  lastHtml = '';

  constructor(private readonly host: TraceViewHost) {}

  show(params: TraceFlowParams, result: TraceResult): void {
    this.params = params;
    this.result = result;
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
    const m = message as { type?: unknown; hop?: unknown; blocker?: unknown };
    if (m.type === 'reveal') {
      const target = revealTarget(this.params, this.result, m);
      if (target) await revealOffsets(target.uri, target.range.start, target.range.end);
    } else if (m.type === 'save') {
      const ok = await this.host.saveAsDeclaredFlow(this.params);
      if (ok) void vscode.window.showInformationMessage(`Packet Walk: saved ${describeFlow(this.params)} as a declared flow.`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/**
 * The template and range a hop or blocker index points at: the element's own template when it is defined in
 * another stack of the workspace (`file`), else the traced document. Undefined for an index the trace lacks.
 */
export function revealTarget(params: TraceFlowParams, result: TraceResult | undefined, m: { hop?: unknown; blocker?: unknown }):
  { uri: vscode.Uri; range: OffsetRange } | undefined {
  const at = (list: ReadonlyArray<{ range?: OffsetRange; file?: string }> | undefined, i: unknown) =>
    (typeof i === 'number' && Number.isInteger(i) ? list?.[i] : undefined);
  const item = at(result?.hops, m.hop) ?? at(result?.blockers, m.blocker);
  if (!item?.range) return undefined;
  const traced = vscode.Uri.parse(params.uri);
  const uri = item.file && !(traced.scheme === 'file' && traced.fsPath === item.file) ? vscode.Uri.file(item.file) : traced;
  return { uri, range: item.range };
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
