// The quick fix of FLOW_UNKNOWN_ENDPOINT ("did you mean"): for each such diagnostic the client sends with
// a code-action request, one action per closest name, replacing the misspelt `From`/`To`. The worker
// finds the names (features/flow-authoring/did-you-mean.ts).
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, toLspRange, toOffset } from '../convert';
import type { ActionRequest } from '../code-actions';

export const UNKNOWN_ENDPOINT_CODE = 'FLOW_UNKNOWN_ENDPOINT';

export async function nameFixActions(request: ActionRequest): Promise<CodeAction[]> {
  const { params, uri, frozen } = request;
  const only = params.context.only;
  if (only && only.length > 0 && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
  const diagnostics = params.context.diagnostics.filter((d) => d.code === UNKNOWN_ENDPOINT_CODE && (d.source === undefined || d.source === DIAGNOSTIC_SOURCE));
  if (diagnostics.length === 0) return [];
  const ranges = diagnostics.map((d) => ({ start: toOffset(frozen, d.range.start), end: toOffset(frozen, d.range.end) }));
  const reply = await request.pool.run({ kind: 'authoring', uri, version: request.version, text: request.text, options: request.settings.options, request: { what: 'nameFixes', ranges } }).promise;
  if (!reply.ok) {
    request.session.log.error(`codeAction (did you mean): ${reply.error}`);
    return [];
  }
  const out: CodeAction[] = [];
  (reply.authoring?.nameFixes ?? []).forEach((fixes, k) => {
    const diagnostic: Diagnostic = diagnostics[k];
    for (const fix of fixes) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: [{ range: toLspRange(frozen, fix.range), newText: fix.newText }] } },
      });
    }
  });
  return out;
}
