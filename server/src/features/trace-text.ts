// `trace --format text`: the notes an engineer writes while walking a packet by hand (the seeds'
// "== Packet Path ==" / "== Packet Headers ==" blocks): the verdict, the headers the flow starts with,
// the forward and return hops (element, decision, rule, and the in -> out headers whenever a hop
// rewrites them: NAT, IGW 1:1 NAT, proxies), then every blocking point and the assumptions made.
import type { Hop, HeaderPort, PacketHeader, TraceResult, BlockingPoint } from '../../../shared/protocol';

export interface TraceTitle {
  from: string;
  to: string;
  protocol: string;
  port?: string;
}

function port(p: HeaderPort | null): string {
  if (p === null) return '*';
  if (typeof p === 'number') return String(p);
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

function header(h: PacketHeader): string {
  const ports = h.srcPort === null && h.dstPort === null;
  return ports
    ? `${h.src} -> ${h.dst} ${h.protocol}`
    : `${h.src}:${port(h.srcPort)} -> ${h.dst}:${port(h.dstPort)} ${h.protocol}`;
}

function sameHeader(a: PacketHeader, b: PacketHeader): boolean {
  return header(a) === header(b);
}

function elementName(resource: string, element?: string): string {
  return element ? `${resource} (${element})` : resource;
}

const MARK: Record<string, string> = { pass: 'pass', drop: 'DROP', unknown: 'unknown' };

function hopLines(hop: Hop, n: number): string[] {
  const out = [`  ${n}. ${elementName(hop.resource, hop.element)}  ${hop.type}  ${MARK[hop.decision] ?? hop.decision}${hop.code ? `  [${hop.code}]` : ''}`];
  if (hop.rule) out.push(`       rule:    ${hop.rule}`);
  if (sameHeader(hop.in, hop.out)) {
    out.push(`       headers: ${header(hop.in)}`);
  } else {
    out.push(`       in:      ${header(hop.in)}`);
    out.push(`       out:     ${header(hop.out)}   (rewritten)`);
  }
  if (hop.reason) out.push(`       why:     ${hop.reason}`);
  return out;
}

/** The line that sets apart the hops walked after the first drop (only further blockers are sought there). */
export const AFTER_DROP_LINE = '  -- after the drop, looking for further blockers (nothing below got through) --';

function hopList(hops: Hop[]): string[] {
  const out: string[] = [];
  hops.forEach((h, i) => {
    if (h.afterDrop && (i === 0 || !hops[i - 1].afterDrop)) out.push(AFTER_DROP_LINE);
    out.push(...hopLines(h, i + 1));
  });
  return out;
}

function pathLine(hops: Hop[]): string {
  if (!hops.length) return '(no hops)';
  return hops.map((h, i) => (h.afterDrop && (i === 0 || !hops[i - 1].afterDrop) ? '[after the drop] ' : '') + elementName(h.resource, h.element)).join(' -> ');
}

function blockerLine(b: BlockingPoint): string {
  return `  x ${elementName(b.resource, b.element)} (${b.direction}) ${b.code}: ${b.message}`;
}

export function traceText(result: TraceResult, title: TraceTitle): string {
  const lines: string[] = [];
  const what = `${title.protocol}${title.port !== undefined ? ` ${title.port}` : ''}`;
  lines.push(`Flow: ${title.from} -> ${title.to} (${what})`);
  lines.push(`Verdict: ${result.verdict.toUpperCase()}`);
  if (result.blockedAt) {
    lines.push(`Blocked at: ${elementName(result.blockedAt.resource, result.blockedAt.element)} (${result.blockedAt.direction}) ${result.blockedAt.code}: ${result.blockedAt.message}`);
  }
  const forward = result.hops.filter((h) => h.direction === 'forward');
  const back = result.hops.filter((h) => h.direction === 'return');
  const first = forward[0] ?? back[0];
  if (first) {
    lines.push('', '== Packet Headers ==');
    lines.push(`Source:           ${first.in.src}`);
    lines.push(`Source Port:      ${port(first.in.srcPort)}`);
    lines.push(`Destination:      ${first.in.dst}`);
    lines.push(`Destination Port: ${port(first.in.dstPort)}/${first.in.protocol}`);
  }
  lines.push('', '== Packet Path ==');
  lines.push(`Forward: ${pathLine(forward)}`);
  lines.push(`Return:  ${pathLine(back)}`);
  if (forward.length) {
    lines.push('', 'Forward hops:');
    lines.push(...hopList(forward));
  }
  if (back.length) {
    lines.push('', 'Return hops:');
    lines.push(...hopList(back));
  }
  if (result.blockers.length) {
    lines.push('', '== Blockers ==');
    for (const b of result.blockers) lines.push(blockerLine(b));
  }
  if (result.assumptions.length) {
    lines.push('', '== Assumptions ==');
    for (const a of result.assumptions) lines.push(`  - ${a}`);
  }
  return lines.join('\n') + '\n';
}
