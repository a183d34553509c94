// Plain-text pieces shared by hover and code lens: headers, ports, verdict words. Markdown only here
// and in hover.ts; the engine's own sentences (reasons, messages) are shown as they are.
import type { FlowResult } from '../analyze/types';
import type { HeaderPort, Hop, PacketHeader, TraceResult } from '../../../shared/protocol';
import type { DeclaredFlow } from '../model/types';

export function portText(port: HeaderPort | null | undefined): string {
  if (port === null || port === undefined) return '';
  return typeof port === 'number' ? String(port) : port.from === port.to ? String(port.from) : `${port.from}-${port.to}`;
}

export function endText(address: string, port: HeaderPort | null | undefined): string {
  const p = portText(port);
  return p ? `${address}:${p}` : address;
}

export function headerText(h: PacketHeader): string {
  return `${endText(h.src, h.srcPort)} → ${endText(h.dst, h.dstPort)}`;
}

function sameHeader(a: PacketHeader, b: PacketHeader): boolean {
  return headerText(a) === headerText(b) && a.protocol === b.protocol;
}

/** The packet at a hop: as it arrives, and as it leaves when the hop rewrote it (NAT, proxying). */
export function hopPacketText(hop: Hop): string {
  return sameHeader(hop.in, hop.out) ? headerText(hop.in) : `${headerText(hop.in)} ⇒ ${headerText(hop.out)}`;
}

export function flowPortText(flow: DeclaredFlow): string {
  if (!flow.port) return '';
  return flow.port.from === flow.port.to ? String(flow.port.from) : `${flow.port.from}-${flow.port.to}`;
}

/** "tcp 5432", "icmp", "all". */
export function flowServiceText(flow: DeclaredFlow): string {
  const port = flowPortText(flow);
  return port && flow.protocol !== 'all' ? `${flow.protocol} ${port}` : flow.protocol;
}

export function elementName(resource: string, element?: string): string {
  return element ? `${resource} (${element})` : resource;
}

/** Why a trace is unknown, in one line: the first undecided hop's reason, else the first assumption. */
export function unknownReason(trace: TraceResult): string {
  const hop = trace.hops.find((h) => h.decision === 'unknown');
  return hop?.reason || trace.assumptions[0] || 'the template alone does not decide it';
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function verdictMark(result: FlowResult): string {
  if (result.trace.verdict === 'unknown') return '?';
  return result.asExpected ? '✓' : '✗';
}
