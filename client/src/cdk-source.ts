// CDK apps: the findings of a cloud assembly are shown on the lines of application code that created the
// constructs (published by the server), so the extension starts its server when the workspace holds a
// cloud assembly (`cdk.out/manifest.json`, now or after the first `cdk synth`), not only when a template is
// opened; and hover on those lines asks the server for the flows' traces (packetwalk/sourceHover).
import * as vscode from 'vscode';
import { SourceHoverRequest, type SourceHoverParams, type SourceHoverResult } from '../../shared/protocol';

/** The languages CDK apps are written in (the creation stacks CDK records point into these files). */
const CDK_SOURCE_LANGUAGES = ['typescript', 'javascript', 'python', 'java', 'csharp', 'go'];
const ASSEMBLY = '**/cdk.out/manifest.json';

export interface CdkSourceHost {
  /** Starts the language server if it is not running (and is enabled); resolves when it runs. */
  start(): Promise<unknown>;
  /** The running client's request, or undefined while none runs. */
  request<R>(method: string, params: unknown): Promise<R> | undefined;
}

export function registerCdkSources(host: CdkSourceHost): vscode.Disposable {
  const startIfAssembly = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles(ASSEMBLY, '**/node_modules/**', 1);
    if (found.length > 0) await host.start();
  };
  void startIfAssembly();
  const watcher = vscode.workspace.createFileSystemWatcher(ASSEMBLY, false, true, true);
  watcher.onDidCreate(() => void host.start());
  const hover = vscode.languages.registerHoverProvider(
    CDK_SOURCE_LANGUAGES.map((language) => ({ scheme: 'file', language })),
    {
      async provideHover(doc, position) {
        const params: SourceHoverParams = { uri: doc.uri.toString(), position: { line: position.line, character: position.character } };
        const answer = await host.request<SourceHoverResult | null>(SourceHoverRequest, params)?.catch(() => null);
        if (!answer) return undefined;
        const r = answer.range;
        return new vscode.Hover(new vscode.MarkdownString(answer.markdown), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
      },
    },
  );
  return vscode.Disposable.from(watcher, hover);
}
