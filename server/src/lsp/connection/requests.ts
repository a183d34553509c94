// The packetwalk/* custom requests: traceFlow (the trace JSON for any from/to) and endpoints (for
// pickers), both answered by the worker that holds the document's live analysis (which reuses it when
// the text is the one it holds), flowDeclarationEdit (text edits that declare a flow, made in the worker)
// and compare (the open text against an earlier one, for Compare with HEAD; computed in the worker).
import { ErrorCodes, ResponseError, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  EndpointsRequest,
  FlowDeclarationEditRequest,
  CompareRequest,
  type CompareParams,
  type CompareResult,
  TraceFlowRequest,
  type EndpointInfo,
  type EndpointsParams,
  type FlowDeclarationEditParams,
  type TraceFlowParams,
  type TraceResult,
} from '../../../../shared/protocol';
import { readFlow } from '../../usecases/inputs';
import { refusalMessage } from '../../usecases/trace-refusal';
import { toLspRange } from './convert';
import { describe, type Session } from './session';
import type { JobInput } from './worker-pool';
import type { TraceSpec } from '../jobs';
import type { WorkerPool } from './worker-pool';

export function registerRequests(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  const { connection } = session;
  connection.onRequest(TraceFlowRequest, (params: TraceFlowParams) => guarded('traceFlow', session, () => traceFlowRequest(session, pool, params)));
  connection.onRequest(EndpointsRequest, (params: EndpointsParams) => guarded('endpoints', session, () => endpointsRequest(session, pool, params)));
  connection.onRequest(FlowDeclarationEditRequest, (params: FlowDeclarationEditParams) =>
    guarded('flowDeclarationEdit', session, () => flowDeclarationEditRequest(session, pool, params)),
  );
  connection.onRequest(CompareRequest, (params: CompareParams) => guarded('compare', session, () => compareRequest(session, pool, params)));
}

async function compareRequest(session: Session, pool: Pick<WorkerPool, 'run'>, params: CompareParams): Promise<CompareResult> {
  const doc = openDocument(session, params?.uri);
  const base = params.baseText;
  if (base !== null && typeof base !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'packetwalk/compare needs "baseText": the earlier text, or null for a new file');
  const effective = await session.settings.effective(doc.uri);
  const baseLabel = typeof params.baseLabel === 'string' && params.baseLabel ? params.baseLabel : 'the earlier text';
  const reply = await pool.run({ kind: 'compare', uri: doc.uri, version: doc.version, text: doc.getText(), options: effective.options, baseText: base, baseLabel }).promise;
  if (!reply.ok) throw new ResponseError(ErrorCodes.InternalError, `packetwalk/compare failed: ${reply.error}`);
  return reply.compare!;
}

async function guarded<T>(name: string, session: Session, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ResponseError) throw e;
    session.log.error(`${name}: ${describe(e)}`);
    throw new ResponseError(ErrorCodes.InternalError, `packetwalk ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function openDocument(session: Session, uri: unknown): TextDocument {
  const doc = typeof uri === 'string' ? session.documents.get(uri) : undefined;
  if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `packetwalk: ${String(uri)} is not an open document`);
  return doc;
}

export function traceSpecOf(params: TraceFlowParams): TraceSpec {
  const r = readFlow(params ?? {});
  if (r.value === undefined) {
    const p = r.problems[0];
    const message = p.field === 'from' || p.field === 'to' ? 'packetwalk/traceFlow needs "from" and "to"' : `${p.field} "${p.given}": ${p.message}`;
    throw new ResponseError(ErrorCodes.InvalidParams, message);
  }
  return r.value;
}

async function traceFlowRequest(session: Session, pool: Pick<WorkerPool, 'run'>, params: TraceFlowParams): Promise<TraceResult> {
  const doc = openDocument(session, params?.uri);
  const spec = traceSpecOf(params);
  const effective = await session.settings.effective(doc.uri);
  // The document's own options when there are no overrides: the worker then traces on the live analysis
  // it holds for this text instead of analysing it again.
  const overrides = params.params && Object.keys(params.params).length > 0 ? params.params : undefined;
  const options = overrides ? { ...effective.options, parameters: { ...effective.options.parameters, ...overrides } } : effective.options;
  const job: JobInput = { kind: 'trace', uri: doc.uri, version: doc.version, text: doc.getText(), options, spec, settings: effective.walk };
  const reply = await pool.run(job).promise;
  if (!reply.ok) throw new ResponseError(ErrorCodes.InternalError, `packetwalk/traceFlow failed: ${reply.error}`);
  const outcome = reply.trace!;
  if (!outcome.ok) {
    const refusal = outcome.refusal;
    throw new ResponseError(ErrorCodes.InvalidParams, refusalMessage(refusal), refusal.kind === 'endpoint' ? { closest: refusal.closest } : undefined);
  }
  return outcome.trace;
}

async function endpointsRequest(session: Session, pool: Pick<WorkerPool, 'run'>, params: EndpointsParams): Promise<EndpointInfo[]> {
  const doc = openDocument(session, params?.uri);
  const shown = await session.shown(doc.uri);
  if (!shown) return [];
  const { doc: analysed, options } = shown.analysed;
  const reply = await pool.run({ kind: 'endpoints', uri: doc.uri, version: analysed.version, text: analysed.getText(), options }).promise;
  if (!reply.ok) throw new ResponseError(ErrorCodes.InternalError, `packetwalk/endpoints failed: ${reply.error}`);
  return reply.endpoints ?? [];
}

async function flowDeclarationEditRequest(session: Session, pool: Pick<WorkerPool, 'run'>, params: FlowDeclarationEditParams): Promise<TextEdit[]> {
  const doc = openDocument(session, params?.uri);
  const flow = params.flow;
  if (!flow || typeof flow.from !== 'string' || typeof flow.to !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'packetwalk/flowDeclarationEdit needs a flow with "from" and "to"');
  }
  const text = doc.getText();
  const effective = await session.settings.effective(doc.uri);
  const reply = await pool.run({ kind: 'flowEdit', uri: doc.uri, version: doc.version, text, options: effective.options, flow }).promise;
  if (!reply.ok) throw new ResponseError(ErrorCodes.InternalError, `packetwalk/flowDeclarationEdit failed: ${reply.error}`);
  const outcome = reply.flowEdit!;
  if (!outcome.ok) throw new ResponseError(ErrorCodes.InvalidRequest, `packetwalk: ${outcome.message}`);
  const edits = outcome.edits;
  // Offsets refer to the text without a BOM; toLspRange shifts them back onto the document.
  const frozen = TextDocument.create(doc.uri, doc.languageId, doc.version, text);
  return edits.map((e) => ({ range: toLspRange(frozen, e), newText: e.newText }));
}
