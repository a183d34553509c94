// Help while writing flows: completion, go to definition, find references and document symbols. The
// document's worker answers from the text's parse and the endpoint names it holds (features/flow-authoring);
// here requests become jobs and answers become LSP types. Never throws to the connection.
import {
  CompletionItemKind,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type Position,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AuthoringAnswer, AuthoringRequest } from '../../features/flow-authoring/requests';
import type { CompletionCategory } from '../../features/flow-authoring/completion';
import type { AuthoringSymbol, SymbolCategory } from '../../features/flow-authoring/symbols';
import { isCandidate } from './documents';
import { toLspRange, toOffset } from './convert';
import { describe, type Session } from './session';
import type { WorkerPool } from './worker-pool';

/**
 * What the server's initialize result advertises for these features. Completion is triggered by typing a
 * name (and by the opening quote of a JSON value); not by every space, which would parse the text again
 * on each one.
 */
export const AUTHORING_CAPABILITIES: Pick<ServerCapabilities, 'completionProvider' | 'definitionProvider' | 'referencesProvider' | 'documentSymbolProvider'> = {
  completionProvider: { triggerCharacters: ['"'] },
  definitionProvider: true,
  referencesProvider: true,
  documentSymbolProvider: true,
};

export function registerAuthoring(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  const { connection } = session;
  connection.onCompletion(async (params): Promise<CompletionList | null> => {
    const asked = await ask(session, pool, params.textDocument.uri, (offset) => ({ what: 'completion', offset }), params.position, 'completion');
    const c = asked?.answer.completion;
    if (!asked || !c) return null;
    const range = toLspRange(asked.doc, c.replace);
    const items = c.items.map(
      (i): CompletionItem => ({
        label: i.label,
        kind: COMPLETION_KIND[i.category],
        detail: i.detail,
        documentation: { kind: 'markdown', value: i.documentation },
        sortText: i.sortText,
        filterText: i.insertText,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range, newText: i.insertText },
      }),
    );
    return { isIncomplete: c.incomplete, items };
  });
  connection.onDefinition(async (params): Promise<Location | null> => {
    const asked = await ask(session, pool, params.textDocument.uri, (offset) => ({ what: 'definition', offset }), params.position, 'definition');
    const r = asked?.answer.definition;
    return asked && r ? { uri: asked.doc.uri, range: toLspRange(asked.doc, r) } : null;
  });
  connection.onReferences(async (params): Promise<Location[] | null> => {
    const includeDeclaration = params.context?.includeDeclaration === true;
    const asked = await ask(session, pool, params.textDocument.uri, (offset) => ({ what: 'references', offset, includeDeclaration }), params.position, 'references');
    const refs = asked?.answer.references;
    return asked && refs ? refs.map((r) => ({ uri: asked.doc.uri, range: toLspRange(asked.doc, r) })) : null;
  });
  connection.onDocumentSymbol(async (params): Promise<DocumentSymbol[] | null> => {
    // Asked after every edit: wait (briefly) for the analysis of this text, so the worker answers from it.
    await session.shown(params.textDocument.uri).catch(() => undefined);
    const asked = await ask(session, pool, params.textDocument.uri, () => ({ what: 'symbols' }), undefined, 'documentSymbol');
    const symbols = asked?.answer.symbols;
    return asked && symbols ? symbols.map((s) => toSymbol(asked.doc, s)) : null;
  });
}

/**
 * Sends one authoring request about the document's current text to its worker. Undefined when the
 * document is not one packetwalk looks at, packetwalk is disabled for it, or the worker failed (logged).
 */
async function ask(
  session: Session,
  pool: Pick<WorkerPool, 'run'>,
  uri: string,
  request: (offset: number, doc: TextDocument) => AuthoringRequest,
  position: Position | undefined,
  name: string,
): Promise<{ doc: TextDocument; answer: AuthoringAnswer } | undefined> {
  try {
    const open = session.documents.get(uri);
    if (!open || !isCandidate(open)) return undefined;
    const effective = await session.settings.effective(uri);
    if (!effective.enable) return undefined;
    // The text as it is now, frozen: offsets in the answer refer to it.
    const text = open.getText();
    const doc = TextDocument.create(uri, open.languageId, open.version, text);
    const offset = position ? toOffset(doc, position) : 0;
    const reply = await pool.run({ kind: 'authoring', uri, version: doc.version, text, options: effective.options, request: request(offset, doc) }).promise;
    if (!reply.ok) {
      session.log.error(`${name}: ${reply.error}`);
      return undefined;
    }
    return reply.authoring ? { doc, answer: reply.authoring } : undefined;
  } catch (e) {
    session.log.error(`${name}: ${describe(e)}`);
    return undefined;
  }
}

const COMPLETION_KIND: Record<CompletionCategory, CompletionItemKind> = {
  endpoint: CompletionItemKind.Reference,
  subnet: CompletionItemKind.Module,
  construct: CompletionItemKind.Reference,
  internet: CompletionItemKind.Constant,
  service: CompletionItemKind.Interface,
  value: CompletionItemKind.EnumMember,
};

const SYMBOL_KIND: Record<SymbolCategory, SymbolKind> = {
  flows: SymbolKind.Namespace,
  flow: SymbolKind.Event,
  resources: SymbolKind.Namespace,
  type: SymbolKind.Class,
  resource: SymbolKind.Object,
};

function toSymbol(doc: TextDocument, s: AuthoringSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name || '?',
    kind: SYMBOL_KIND[s.category],
    range: toLspRange(doc, s.range),
    selectionRange: toLspRange(doc, s.selectionRange),
  };
  if (s.detail) out.detail = s.detail;
  if (s.children) out.children = s.children.map((c) => toSymbol(doc, c));
  return out;
}
