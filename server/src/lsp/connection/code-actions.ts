// Code actions: "Declare this flow" on a security-group rule, listener or route that implies flows. The
// worker holding the document names the implied flows there and makes each declaration's edit (the same
// edit as packetwalk/flowDeclarationEdit) on the document's current text; here they become WorkspaceEdits.
// Also the "did you mean" quick fix of a misspelt flow endpoint (name-fixes.ts).
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspRange, toOffset } from './convert';
import { describe, type Session } from './session';
import type { WorkerPool } from './worker-pool';
import { nameFixActions } from './name-fixes';

export function registerCodeActions(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  session.connection.onCodeAction(async (params) => {
    try {
      return [...(await didYouMean(session, pool, params)), ...(await declareActions(session, pool, params))];
    } catch (e) {
      session.log.error(`codeAction: ${describe(e)}`);
      return [];
    }
  });
}

async function didYouMean(session: Session, pool: Pick<WorkerPool, 'run'>, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const doc = session.documents.get(uri);
  if (!doc) return [];
  const settings = await session.settings.effective(uri);
  if (!settings.enable) return [];
  const text = doc.getText();
  return nameFixActions({ session, pool, params, uri, version: doc.version, text, frozen: TextDocument.create(uri, doc.languageId, doc.version, text), settings });
}

async function declareActions(session: Session, pool: Pick<WorkerPool, 'run'>, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const doc = session.documents.get(uri);
  if (!doc) return [];
  const text = doc.getText();
  const effective = await session.settings.effective(uri);
  if (!effective.enable || effective.options.implied === false) return [];
  const offset = toOffset(doc, params.range.start);
  const reply = await pool.run({ kind: 'implied-at', uri, version: doc.version, text, options: effective.options, offset }).promise;
  if (!reply.ok || !reply.implied?.length) return [];
  // Offsets refer to the text without a BOM; toLspRange shifts them back onto the document.
  const frozen = TextDocument.create(uri, doc.languageId, doc.version, text);
  return reply.implied.map((a) => ({
    title: a.title,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [uri]: a.edits.map((e) => ({ range: toLspRange(frozen, e), newText: e.newText })) } },
  }));
}
