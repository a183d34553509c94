// The packet as the walk carries it, and its rendering as a protocol header. Ports are ranges so that
// "some ephemeral port in 32768-60999" and "NAT-remapped to 1024-65535" stay honest.
import { protocolName, type PortRange } from '../net/ports';
import type { HeaderPort, PacketHeader } from '../../../shared/protocol';
import { formatAddr } from './addresses';
import type { Addr } from './types';

export interface Packet {
  src: Addr;
  dst: Addr;
  /** null for protocols without ports (icmp, all). */
  srcPorts: PortRange | null;
  dstPorts: PortRange | null;
  /** IP protocol number; -1 = every protocol (a flow declared `all`). */
  protocol: number;
  /** ICMP type when the flow names one. */
  icmpType?: number;
}

export function hasPorts(p: Packet): boolean {
  return p.protocol === 6 || p.protocol === 17;
}

export function headerPort(r: PortRange | null): HeaderPort | null {
  if (!r) return null;
  return r.from === r.to ? r.from : { from: r.from, to: r.to };
}

export function toHeader(p: Packet): PacketHeader {
  return {
    src: formatAddr(p.src),
    srcPort: headerPort(p.srcPorts),
    dst: formatAddr(p.dst),
    dstPort: headerPort(p.dstPorts),
    protocol: p.protocol === 1 && p.icmpType !== undefined ? `icmp type ${p.icmpType}` : protocolName(p.protocol),
  };
}

/** ICMP query types and the type of their answer (RFC 792, RFC 950): echo, timestamp, address mask. */
const ICMP_ANSWER: Record<number, number> = { 8: 0, 13: 14, 17: 18 };

/** The reply to a packet: addresses and ports swapped (ICMP echo request 8 is answered by echo reply 0). */
export function reply(p: Packet): Packet {
  return {
    src: p.dst,
    dst: p.src,
    srcPorts: p.dstPorts,
    dstPorts: p.srcPorts,
    protocol: p.protocol,
    icmpType: p.protocol === 1 && p.icmpType !== undefined && ICMP_ANSWER[p.icmpType] !== undefined ? ICMP_ANSWER[p.icmpType] : p.icmpType,
  };
}

export function describePorts(list: PortRange[]): string {
  return list.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ');
}

/** Port intervals: intersection and difference, for all-or-nothing range checks. */
export function intersect(a: PortRange, b: PortRange): PortRange | null {
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return from <= to ? { from, to } : null;
}

export function subtract(list: PortRange[], r: PortRange): PortRange[] {
  const out: PortRange[] = [];
  for (const s of list) {
    if (r.to < s.from || r.from > s.to) {
      out.push(s);
      continue;
    }
    if (s.from < r.from) out.push({ from: s.from, to: r.from - 1 });
    if (s.to > r.to) out.push({ from: r.to + 1, to: s.to });
  }
  return out;
}

/** The packet's protocol as messages name it: "all traffic", "icmp type 8", "icmp (every type)", "tcp". */
export function protoText(p: Packet): string {
  if (p.protocol === -1) return 'all traffic';
  if (p.protocol === 1) return p.icmpType === undefined ? 'icmp (every type)' : `icmp type ${p.icmpType}`;
  return protocolName(p.protocol);
}
