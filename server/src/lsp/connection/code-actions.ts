// Code actions: one onCodeAction handler that asks each provider (code-actions/*.ts) for its actions on
// the document's current text and joins them. A provider is a function of the request; adding one is a
// line in PROVIDERS. A provider that fails is logged and offers nothing; the others still answer.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, type Session } from './session';
import type { WorkerPool } from './worker-pool';
import type { EffectiveSettings } from './settings';
import { quickFixActions } from './code-actions/quick-fixes';
import { declareFlowActions } from './code-actions/declare-flow';
import { nameFixActions } from './code-actions/did-you-mean';

/** What every provider gets: the request, the document's text as it is now, and its settings. */
export interface ActionRequest {
  session: Session;
  pool: Pick<WorkerPool, 'run'>;
  params: CodeActionParams;
  uri: string;
  version: number;
  /** The document's text now; `frozen` converts offsets into it (whatever edits arrive meanwhile). */
  text: string;
  frozen: TextDocument;
  settings: EffectiveSettings;
}

export type CodeActionProvider = (request: ActionRequest) => Promise<CodeAction[]>;

const PROVIDERS: Array<[string, CodeActionProvider]> = [
  ['did you mean', nameFixActions],
  ['quick fixes', quickFixActions],
  ['declare this flow', declareFlowActions],
];

export function registerCodeActions(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  session.connection.onCodeAction(async (params) => {
    const uri = params.textDocument.uri;
    const doc = session.documents.get(uri);
    if (!doc) return [];
    let settings: EffectiveSettings;
    try {
      settings = await session.settings.effective(uri);
    } catch (e) {
      session.log.error(`codeAction: ${describe(e)}`);
      return [];
    }
    if (!settings.enable) return [];
    const text = doc.getText();
    const request: ActionRequest = { session, pool, params, uri, version: doc.version, text, frozen: TextDocument.create(uri, doc.languageId, doc.version, text), settings };
    const answers = await Promise.all(
      PROVIDERS.map(async ([name, provide]) => {
        try {
          return await provide(request);
        } catch (e) {
          session.log.error(`codeAction (${name}): ${describe(e)}`);
          return [];
        }
      }),
    );
    return answers.flat().filter((a) => wanted(params, a));
  });
}

/** The kinds the client asked for (`context.only`), when it asked: a kind matches its parents (`quickfix` ⊂ `quickfix.x`). */
function wanted(params: CodeActionParams, action: CodeAction): boolean {
  const only = params.context.only;
  if (!only || only.length === 0) return true;
  return only.some((k) => action.kind === k || (action.kind ?? '').startsWith(`${k}.`));
}
