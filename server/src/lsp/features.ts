// Hover and code lens handlers: thin wrappers that find the results to answer from, convert the
// position, and never let an exception escape to the connection.
import type { Hover } from 'vscode-languageserver';
import { codeLenses } from './code-lens';
import { toOffset } from './convert';
import { hoverMarkdown } from './hover';
import { describe, type Session } from './session';

export function registerFeatures(session: Session): void {
  const { connection } = session;
  connection.onHover(async (params): Promise<Hover | null> => {
    try {
      const shown = await session.shown(params.textDocument.uri);
      if (!shown) return null;
      const markdown = hoverMarkdown(shown.analysed, toOffset(shown.analysed.doc, params.position), shown.stale);
      return markdown === null ? null : { contents: { kind: 'markdown', value: markdown } };
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
