// The status bar item for the active template, fed by the server's `packetwalk/flowSummary` notification.
import * as vscode from 'vscode';
import type { FlowSummary } from '../../shared/protocol';
import { TraceFlowCommand } from '../../shared/protocol';
import { describeSummary } from './summary-text';

export class FlowStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('packetwalk.flows', vscode.StatusBarAlignment.Left, 10);
  private readonly summaries = new Map<string, FlowSummary>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'Packet Walk flows';
    this.item.command = TraceFlowCommand;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.summaries.delete(doc.uri.toString())),
    );
  }

  update(summary: FlowSummary): void {
    this.summaries.set(normalizeUri(summary.uri), summary);
    this.refresh();
  }

  /** Forgets every summary (the server stopped: nothing it said holds any more). */
  clear(): void {
    this.summaries.clear();
    this.refresh();
  }

  /** The summary the item currently shows (for tests and for the trace command's default document). */
  current(): FlowSummary | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor ? this.summaries.get(editor.document.uri.toString()) : undefined;
  }

  private refresh(): void {
    const s = this.current();
    if (!s || !s.isTemplate) {
      this.item.hide();
      return;
    }
    const d = describeSummary(s);
    this.item.text = d.text;
    this.item.tooltip = d.tooltip;
    this.item.backgroundColor =
      d.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : d.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** The server may spell a URI differently (percent-encoding of ':' in drive letters etc.): compare parsed forms. */
export function normalizeUri(uri: string): string {
  return vscode.Uri.parse(uri).toString();
}
