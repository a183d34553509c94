// Exposures on sensitive ports → EXPOSED_SENSITIVE_PORT warnings on the rule that opens them, with the
// path as related information. Silenced by a declared flow from the internet to the endpoint that is
// expected blocked on those ports, and by the accepted-exposure list
// `Metadata: PacketWalk: Exposed: [{ Endpoint, Port }]`. A load balancer's listener port is never one.
import type { DeclaredFlow } from '../../model/types';
import { field } from '../../model/read';
import { parsePortText, rangeOverlaps, type PortRange } from '../../net/ports';
import type { Problem, Range } from '../../template/located';
import type { RValue } from '../../template/values';
import type { Finding } from '../types';
import type { Exposure } from './exposure';

/** Ports whose exposure to the internet is a finding, and what usually listens there. */
export const SENSITIVE_PORTS: ReadonlyArray<{ port: number; what: string }> = [
  { port: 22, what: 'SSH' },
  { port: 3389, what: 'RDP' },
  { port: 1433, what: 'SQL Server' },
  { port: 1521, what: 'Oracle' },
  { port: 3306, what: 'MySQL' },
  { port: 5432, what: 'PostgreSQL' },
  { port: 27017, what: 'MongoDB' },
  { port: 6379, what: 'Redis' },
  { port: 11211, what: 'Memcached' },
  { port: 9200, what: 'Elasticsearch' },
  { port: 9300, what: 'Elasticsearch transport' },
  { port: 9092, what: 'Kafka' },
  { port: 2375, what: 'Docker API' },
  { port: 2376, what: 'Docker API (TLS)' },
  { port: 6443, what: 'Kubernetes API' },
  { port: 10250, what: 'kubelet API' },
];

/** The sensitive services a range opens ("all ports" when it is every port). */
export function sensitiveIn(ports: PortRange): string[] {
  if (ports.from === 0 && ports.to === 65535) return ['all ports'];
  const hit = SENSITIVE_PORTS.filter((s) => ports.from <= s.port && s.port <= ports.to).sort((a, b) => a.port - b.port);
  const named = hit.map((s) => `${s.port} (${s.what})`);
  return named.length > 4 ? [...named.slice(0, 4), `${named.length - 4} more`] : named;
}

/** One accepted exposure: an endpoint and the ports the author accepts it is exposed on (undefined: all). */
export interface AcceptedExposure {
  endpoint: string;
  ports?: PortRange;
  /** The list item, where an entry that accepts nothing is reported. */
  range: Range;
}

/** Reads `Metadata: PacketWalk: Exposed`; a malformed item is a problem and accepts nothing. */
export function readAcceptedExposures(metadata: RValue | undefined, problems: Problem[]): AcceptedExposure[] {
  const list = field(field(metadata, 'PacketWalk'), 'Exposed');
  if (!list) return [];
  if (list.kind !== 'list') {
    problems.push({ code: 'EXPOSED_LIST_INVALID', severity: 'warning', message: 'PacketWalk.Exposed must be a list of { Endpoint, Port }', range: list.range });
    return [];
  }
  const out: AcceptedExposure[] = [];
  for (const item of list.items) {
    const ep = field(item, 'Endpoint');
    const port = field(item, 'Port');
    const endpoint = ep?.kind === 'str' ? ep.value.trim() : ep?.kind === 'ref' ? ep.resource : undefined;
    if (!endpoint) {
      problems.push({ code: 'EXPOSED_LIST_INVALID', severity: 'warning', message: 'each PacketWalk.Exposed item needs an Endpoint (a logical ID) and a Port (a number, "from-to" or "all")', range: item.range });
      continue;
    }
    if (port === undefined || (port.kind === 'str' && port.value.trim().toLowerCase() === 'all')) {
      out.push({ endpoint, range: item.range });
      continue;
    }
    const parsed = port.kind === 'num' ? parsePortText(String(port.value)) : port.kind === 'str' ? parsePortText(port.value) : null;
    if (!parsed || !parsed.ok) {
      problems.push({ code: 'EXPOSED_LIST_INVALID', severity: 'warning', message: `PacketWalk.Exposed: Port must be a number, "from-to" or "all"`, range: port.range });
      continue;
    }
    out.push({ endpoint, ports: parsed.range, range: item.range });
  }
  return out;
}

function silenced(x: Exposure, accepted: readonly AcceptedExposure[], blockedFromInternet: ReadonlyMap<string, readonly DeclaredFlow[]>): boolean {
  if (accepted.some((a) => a.endpoint === x.endpoint && (!a.ports || rangeOverlaps(a.ports, x.ports)))) return true;
  return (blockedFromInternet.get(x.endpoint) ?? []).some(
    (f) =>
      (f.protocol === 'all' || f.protocol === x.protocol) &&
      (f.protocol === 'all' || !f.port || rangeOverlaps(f.port, x.ports)),
  );
}

/** Sets each exposure's `sensitive` services (none on a listener port) and whether it is `accepted`. */
export function classifyExposures(exposures: Exposure[], accepted: readonly AcceptedExposure[], flows: readonly DeclaredFlow[]): void {
  // The flows declared blocked from the internet, by target: each exposure looks up only its own.
  const blockedFromInternet = new Map<string, DeclaredFlow[]>();
  for (const f of flows) {
    if (f.expect !== 'blocked' || f.from.trim().toLowerCase() !== 'internet') continue;
    const list = blockedFromInternet.get(f.to);
    if (list) list.push(f);
    else blockedFromInternet.set(f.to, [f]);
  }
  for (const x of exposures) {
    x.sensitive = x.listener ? [] : sensitiveIn(x.ports);
    x.accepted = silenced(x, accepted, blockedFromInternet);
  }
}

export function exposureFindings(exposures: readonly Exposure[]): Finding[] {
  // One finding per rule: every endpoint and range it exposes on sensitive ports, named in one message.
  const byRule = new Map<string, Exposure[]>();
  for (const x of exposures) {
    if (x.sensitive.length === 0 || x.accepted) continue;
    const key = `${x.rule.resource}|${x.rule.range.start}|${x.rule.range.end}`;
    byRule.set(key, [...(byRule.get(key) ?? []), x]);
  }
  const out: Finding[] = [];
  for (const list of byRule.values()) {
    const x = list[0];
    const what = list.map((e) => {
      const ports = e.ports.from === e.ports.to ? String(e.ports.from) : `${e.ports.from}-${e.ports.to}`;
      return `${e.endpoint} on ${e.protocol} ${ports} (sensitive: ${e.sensitive.join(', ')}) at ${e.address}, through ${e.via.join(' → ')}`;
    });
    const related: Finding['related'] = [];
    for (const e of list) {
      for (const h of e.hops) {
        if (h.range.end <= h.range.start || related.some((r) => r.range.start === h.range.start && r.range.end === h.range.end)) continue;
        related.push({ range: h.range, message: `on the way from the internet to ${e.endpoint}: ${h.resource}: ${h.rule || h.reason}` });
      }
    }
    out.push({
      code: 'EXPOSED_SENSITIVE_PORT',
      severity: 'warning',
      message: `The internet reaches ${what.join('; ')}: ${x.rule.text}. If intended, accept it in Metadata PacketWalk Exposed; otherwise narrow the rule (or declare a flow from internet with Expect: blocked to check it)`,
      range: x.rule.range,
      resource: x.rule.resource,
      related,
      exposure: true,
    });
  }
  return out;
}
