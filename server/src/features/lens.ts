// The code lens of a declared flow, as plain text: its title (the verdict in one short line) and the
// arguments of the Trace Flow command it runs. Made in the analysis worker from the flow results it holds.
import type { FlowResult } from '../analyze/types';
import type { TraceFlowParams } from '../../../shared/protocol';
import { elementName, flowPortText, truncate, unknownReason, verdictMark } from './format';

export function codeLensTitle(result: FlowResult): string {
  const { trace, flow } = result;
  const mark = verdictMark(result);
  if (trace.verdict === 'unknown') {
    // The lens has one short line: the cause (the last clause of the reason), and where it bites.
    const hop = trace.hops.find((h) => h.decision === 'unknown');
    const reason = unknownReason(trace);
    const cause = reason.slice(reason.lastIndexOf(': ') + 1).trim() || reason;
    const where = hop ? ` (at ${elementName(hop.resource, hop.element)})` : '';
    return `? unknown: ${truncate(cause, 90)}${where}`;
  }
  if (trace.verdict === 'reachable') {
    const hops = `${trace.hops.length} hop${trace.hops.length === 1 ? '' : 's'}`;
    return result.asExpected ? `${mark} reachable · ${hops}` : `${mark} reachable · ${hops} (expected ${flow.expect})`;
  }
  // Expected blocked, blocked for most of it, but some part gets through (an exposure) or cannot be decided.
  if (result.partlyReachable) return `${mark} partly reachable (expected blocked): ${truncate(result.partlyReachable, 90)}`;
  if (result.partlyUndecided) return `? partly undecided (expected blocked): ${truncate(result.partlyUndecided, 90)}`;
  const at = trace.blockedAt ?? trace.blockers[0];
  const where = at ? ` at ${elementName(at.resource, at.element)} (${at.direction})` : '';
  return result.asExpected ? `${mark} blocked${where} · as expected` : `${mark} blocked${where}`;
}

export function traceParamsOf(uri: string, result: FlowResult): TraceFlowParams {
  const { flow } = result;
  const params: TraceFlowParams = { uri, from: flow.from, to: flow.to, protocol: flow.protocol };
  const port = flowPortText(flow);
  if (port) params.port = flow.port && flow.port.from === flow.port.to ? flow.port.from : port;
  if (flow.sourcePort !== undefined) params.sourcePort = flow.sourcePort;
  if (flow.sourceIp !== undefined) params.sourceIp = flow.sourceIp;
  return params;
}
