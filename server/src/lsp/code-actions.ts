// Code actions: "Declare this flow" on a security-group rule, listener or route that implies flows: writes
// the implied flow into the template's `Metadata: PacketWalk: Flows` (the same edit as the
// packetwalk/flowDeclarationEdit request), which then replaces the implied flow. The worker that holds the
// document's analysis names the flows; the edit is made on the document's current text.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { flowDeclarationEdits, type FlowDeclaration } from '../analyze/flow-edit';
import { parseTemplate } from '../template/parse';
import { toLspRange, toOffset } from './convert';
import { describe, type Session } from './session';
import type { WorkerPool } from './worker-pool';

/** Declarations offered at one place at most (a group admitting many members makes one per pair). */
const MAX_ACTIONS = 8;

export function registerCodeActions(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  session.connection.onCodeAction(async (params) => {
    try {
      return await declareActions(session, pool, params);
    } catch (e) {
      session.log.error(`codeAction: ${describe(e)}`);
      return [];
    }
  });
}

function title(d: FlowDeclaration): string {
  return `Declare this flow: ${d.from} -> ${d.to} ${d.protocol}${d.port !== undefined ? `/${d.port}` : ''}`;
}

async function declareActions(session: Session, pool: Pick<WorkerPool, 'run'>, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const current = session.documents.get(uri);
  const shown = await session.shown(uri);
  if (!current || !shown) return [];
  const { doc, options } = shown.analysed;
  const offset = toOffset(doc, params.range.start);
  const reply = await pool.run({ kind: 'implied-at', uri, version: doc.version, text: doc.getText(), options, offset }).promise;
  if (!reply.ok || !reply.implied?.length) return [];
  const text = current.getText();
  const parse = parseTemplate(text);
  // Offsets refer to the text without a BOM; toLspRange shifts them back onto the document.
  const frozen = TextDocument.create(uri, current.languageId, current.version, text);
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const flow of reply.implied) {
    for (const d of flow.declarations) {
      const key = title(d);
      if (seen.has(key) || actions.length >= MAX_ACTIONS) continue;
      seen.add(key);
      const edits = flowDeclarationEdits(parse.text, parse, d);
      if (edits.length === 0) continue;
      actions.push({ title: key, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: edits.map((e) => ({ range: toLspRange(frozen, e), newText: e.newText })) } } });
    }
  }
  return actions;
}
