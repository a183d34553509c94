// The quick fix of FLOW_UNKNOWN_ENDPOINT ("did you mean"): for each such diagnostic the client sends with
// a code-action request, one action per closest name, replacing the misspelt `From`/`To`. The worker
// finds the names (features/flow-authoring/did-you-mean.ts); code-actions.ts adds these to its answer.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { ask } from './authoring';
import { DIAGNOSTIC_SOURCE, toLspRange, toOffset } from './convert';
import type { Session } from './session';
import type { WorkerPool } from './worker-pool';

export const UNKNOWN_ENDPOINT_CODE = 'FLOW_UNKNOWN_ENDPOINT';

export async function nameFixActions(session: Session, pool: Pick<WorkerPool, 'run'>, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const diagnostics = params.context.diagnostics.filter((d) => d.code === UNKNOWN_ENDPOINT_CODE && (d.source === undefined || d.source === DIAGNOSTIC_SOURCE));
  if (diagnostics.length === 0) return [];
  const uri = params.textDocument.uri;
  const ranges = (doc: Parameters<typeof toOffset>[0]) => diagnostics.map((d) => ({ start: toOffset(doc, d.range.start), end: toOffset(doc, d.range.end) }));
  const asked = await ask(session, pool, uri, (_, doc) => ({ what: 'nameFixes', ranges: ranges(doc) }), undefined, 'codeAction');
  const lists = asked?.answer.nameFixes;
  if (!asked || !lists) return [];
  const out: CodeAction[] = [];
  lists.forEach((fixes, k) => {
    const diagnostic: Diagnostic = diagnostics[k];
    for (const fix of fixes) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: [{ range: toLspRange(asked.doc, fix.range), newText: fix.newText }] } },
      });
    }
  });
  return out;
}
