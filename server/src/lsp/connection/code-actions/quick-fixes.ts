// Quick fixes (kind `quickfix`) for the findings under the request's range: the worker holding the
// document runs the quick-fix use case (usecases/quick-fixes.ts) on the current text; here each fix
// becomes a CodeAction naming the diagnostic it resolves (the client's own diagnostic object when the
// request carries it, so editors tie the action to the squiggle) and preferred when it is the one fix.
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { findingToDiagnostic, toLspRange, toOffset } from '../convert';
import type { ActionRequest } from '../code-actions';
import type { QuickFix } from '../../../usecases/quick-fixes';

export async function quickFixActions(r: ActionRequest): Promise<CodeAction[]> {
  const range = { start: toOffset(r.frozen, r.params.range.start), end: toOffset(r.frozen, r.params.range.end) };
  const reply = await r.pool.run({ kind: 'quick-fixes', uri: r.uri, version: r.version, text: r.text, options: r.settings.options, range }).promise;
  if (!reply.ok || !reply.quickFixes?.length) return [];
  return reply.quickFixes.map((fix) => {
    const action: CodeAction = {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnosticOf(r, fix)],
      edit: { changes: { [r.uri]: fix.edits.map((e) => ({ range: toLspRange(r.frozen, e), newText: e.newText })) } },
    };
    if (fix.preferred) action.isPreferred = true;
    return action;
  });
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The diagnostic the fix resolves: the one in the request's context with its code and range, else the published shape. */
function diagnosticOf(r: ActionRequest, fix: QuickFix): Diagnostic {
  const published = findingToDiagnostic(r.frozen, { code: fix.code, severity: fix.severity, message: fix.message, range: fix.range, related: [] });
  return r.params.context.diagnostics.find((d) => d.code === fix.code && sameRange(d.range, published.range)) ?? published;
}
