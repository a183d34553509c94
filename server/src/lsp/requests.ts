// The packetwalk/* custom requests: traceFlow (the trace JSON for any from/to) and endpoints (for
// pickers), both answered by the worker that holds the document's live analysis (which reuses it when
// the text is the one it holds), and flowDeclarationEdit (text edits that declare a flow).
import { ErrorCodes, ResponseError, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  EndpointsRequest,
  FlowDeclarationEditRequest,
  TraceFlowRequest,
  type EndpointInfo,
  type EndpointsParams,
  type FlowDeclarationEditParams,
  type TraceFlowParams,
  type TraceResult,
} from '../../../shared/protocol';
import { flowDeclarationEdits } from '../analyze/flow-edit';
import { parseTemplate } from '../template/parse';
import { toLspRange } from './convert';
import { describe, type Session } from './session';
import type { JobInput } from './worker-pool';
import type { TraceSpec } from './jobs';
import type { WorkerPool } from './worker-pool';
import { parsePortRange } from './settings';

const PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'all']);

export function registerRequests(session: Session, pool: Pick<WorkerPool, 'run'>): void {
  const { connection } = session;
  connection.onRequest(TraceFlowRequest, (params: TraceFlowParams) => guarded('traceFlow', session, () => traceFlowRequest(session, pool, params)));
  connection.onRequest(EndpointsRequest, (params: EndpointsParams) => guarded('endpoints', session, () => endpointsRequest(session, pool, params)));
  connection.onRequest(FlowDeclarationEditRequest, (params: FlowDeclarationEditParams) =>
    guarded('flowDeclarationEdit', session, () => flowDeclarationEditRequest(session, params)),
  );
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
  if (typeof params.from !== 'string' || typeof params.to !== 'string' || !params.from || !params.to) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'packetwalk/traceFlow needs "from" and "to"');
  }
  const protocol = params.protocol ?? 'tcp';
  if (!PROTOCOLS.has(protocol)) throw new ResponseError(ErrorCodes.InvalidParams, `unknown protocol "${protocol}" (tcp, udp, icmp or all)`);
  const spec: TraceSpec = { from: params.from.trim(), to: params.to.trim(), protocol };
  if (params.port !== undefined && params.port !== null && params.port !== '') {
    const range = typeof params.port === 'number' ? parsePortRange(String(params.port)) : parsePortRange(params.port);
    if (!range) throw new ResponseError(ErrorCodes.InvalidParams, `"${params.port}" is not a port or a port range like 1024-2048`);
    spec.port = range.from === range.to ? range.from : range;
  } else if (protocol === 'tcp' || protocol === 'udp') {
    throw new ResponseError(ErrorCodes.InvalidParams, `a ${protocol} flow needs a port`);
  }
  if (params.sourcePort !== undefined) spec.sourcePort = params.sourcePort;
  if (params.sourceIp !== undefined) spec.sourceIp = params.sourceIp;
  return spec;
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
    const closest = outcome.closest.filter((c) => !outcome.message.includes(c));
    const hint = closest.length > 0 ? ` (closest: ${closest.join(', ')})` : '';
    throw new ResponseError(ErrorCodes.InvalidParams, `${outcome.message}${hint}`, { closest: outcome.closest });
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

function flowDeclarationEditRequest(session: Session, params: FlowDeclarationEditParams): TextEdit[] {
  const doc = openDocument(session, params?.uri);
  const flow = params.flow;
  if (!flow || typeof flow.from !== 'string' || typeof flow.to !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'packetwalk/flowDeclarationEdit needs a flow with "from" and "to"');
  }
  const text = doc.getText();
  const parse = parseTemplate(text);
  const edits = flowDeclarationEdits(parse.text, parse, flow);
  if (edits.length === 0 && parse.root) {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'packetwalk: cannot find a place to declare the flow in this template');
  }
  if (!parse.root) throw new ResponseError(ErrorCodes.InvalidRequest, 'packetwalk: the template does not parse; fix it before declaring a flow');
  // Offsets refer to the text without a BOM; toLspRange shifts them back onto the document.
  const frozen = TextDocument.create(doc.uri, doc.languageId, doc.version, text);
  return edits.map((e) => ({ range: toLspRange(frozen, e), newText: e.newText }));
}
