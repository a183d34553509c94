// Hover and code lens handlers: thin wrappers that find the results to answer from, convert the
// position, and never let an exception escape to the connection. Code lenses come from the snapshot
// the connection thread holds; a hover is answered by the worker that holds the document's analysis
// (it needs hops and the model, which stay there), for exactly the text of the results shown.
import type { Hover } from 'vscode-languageserver';
import { codeLenses } from './code-lens';
import { toOffset } from './convert';
import { describe, type Session } from './session';
import type { WorkerPool } from './worker-pool';

export function registerFeatures(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  const { connection } = session;
  connection.onHover(async (params): Promise<Hover | null> => {
    try {
      const uri = params.textDocument.uri;
      const shown = await session.shown(uri);
      if (!shown) return null;
      const { doc, options } = shown.analysed;
      const offset = toOffset(doc, params.position);
      const reply = await pool.run({ kind: 'hover', uri, version: doc.version, text: doc.getText(), options, offset, stale: shown.stale }).promise;
      if (!reply.ok) {
        session.log.error(`hover: ${reply.error}`);
        return null;
      }
      return reply.hover ? { contents: { kind: 'markdown', value: reply.hover } } : null;
    } catch (e) {
      session.log.error(`hover: ${describe(e)}`);
      return null;
    }
  });
  connection.onCodeLens(async (params) => {
    try {
      const shown = await session.shown(params.textDocument.uri);
      return shown ? codeLenses(params.textDocument.uri, shown.analysed) : [];
    } catch (e) {
      session.log.error(`codeLens: ${describe(e)}`);
      return [];
    }
  });
}
