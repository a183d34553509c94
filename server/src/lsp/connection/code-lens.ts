// A code lens above each declared flow with its verdict; clicking it runs `packetwalk.traceFlow` with the
// flow's own parameters (the client shows the hop-by-hop view). Titles and parameters are made in the
// analysis worker (features/lens.ts); the connection thread only places them.
import type { CodeLens } from 'vscode-languageserver';
import { TraceFlowCommand } from '../../../../shared/protocol';
import type { Analysed } from './diagnostics';
import { toLspRange } from './convert';

/** The lenses of the shown results: computed in the worker (snapshot.ts), placed here. */
export function codeLenses(uri: string, shown: Analysed): CodeLens[] {
  return shown.snapshot.flows.map((flow) => {
    const start = toLspRange(shown.doc, flow.range).start;
    return {
      range: { start, end: start },
      command: { title: flow.title, command: TraceFlowCommand, arguments: [{ uri, ...flow.trace }] },
    };
  });
}
