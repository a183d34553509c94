// "Declare this flow" on a security-group rule, listener or route that implies flows. The worker holding
// the document names the implied flows there and makes each declaration's edit (the same edit as
// packetwalk/flowDeclarationEdit) on the document's current text; here they become WorkspaceEdits.
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { toLspRange, toOffset } from '../convert';
import type { ActionRequest } from '../code-actions';

export async function declareFlowActions(r: ActionRequest): Promise<CodeAction[]> {
  if (r.settings.options.implied === false) return [];
  const offset = toOffset(r.frozen, r.params.range.start);
  const reply = await r.pool.run({ kind: 'implied-at', uri: r.uri, version: r.version, text: r.text, options: r.settings.options, offset }).promise;
  if (!reply.ok || !reply.implied?.length) return [];
  // Offsets refer to the text without a BOM; toLspRange shifts them back onto the document.
  return reply.implied.map((a) => ({
    title: a.title,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [r.uri]: a.edits.map((e) => ({ range: toLspRange(r.frozen, e), newText: e.newText })) } },
  }));
}
