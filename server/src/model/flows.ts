// Declared flows, as docs/architecture.md "Declared flows" specifies: template-level and resource-level
// `Metadata: PacketWalk: Flows:` lists, and AWS::EC2::NetworkInsightsPath resources (CloudFormation's own
// declaration of an intended path for Reachability Analyzer; expected reachable). Problems point at the
// flow item or the bad field; a flow with a problem that makes it meaningless is dropped.
import type { DeclaredFlow, FlowProtocol } from './types';
import type { RMap, RValue, ResolvedResource } from '../template/values';
import type { Problem, Range } from '../template/located';
import type { PortRange } from '../net/ports';
import { formatPorts, parsePortText } from '../net/ports';
import { parseIp } from '../net/ip';
import { asMap, field, prop, resourcesOfType, type Ctx } from './read';

const KNOWN_KEYS = new Set(['Name', 'From', 'To', 'Protocol', 'Port', 'Expect', 'SourceIp', 'SourcePort', 'IpVersion', 'Description']);
const PROTOCOLS: FlowProtocol[] = ['tcp', 'udp', 'icmp', 'all'];

/** Origin.resource for flows declared in the template-level Metadata. */
export const TEMPLATE_METADATA = 'Metadata';

export function buildFlows(ctx: Ctx): DeclaredFlow[] {
  const flows: DeclaredFlow[] = [];
  const problems = ctx.problems;
  readMetadataFlows(problems, ctx.rt.metadata, TEMPLATE_METADATA, undefined, flows);
  for (const r of ctx.rt.resources.values()) {
    if (r.metadata) readMetadataFlows(problems, r.metadata, r.id, r.id, flows);
  }
  for (const r of resourcesOfType(ctx, 'AWS::EC2::NetworkInsightsPath')) {
    const f = insightsPath(problems, r);
    if (f) flows.push(f);
  }
  // Names are unique within a template; the later declaration is the one reported.
  const seen = new Map<string, DeclaredFlow>();
  for (const f of flows) {
    const first = seen.get(f.name);
    if (first) {
      problems.push({ code: 'FLOW_DUPLICATE_NAME', message: `flow name "${f.name}" is already used by another flow (at ${first.origin.resource}); flow names must be unique`, range: f.origin.range, severity: 'error' });
    } else seen.set(f.name, f);
  }
  return flows;
}

function err(problems: Problem[], code: string, message: string, range: Range, severity: Problem['severity'] = 'error'): void {
  problems.push({ code, message, range, severity });
}

function readMetadataFlows(problems: Problem[], metadata: RValue | undefined, owner: string, defaultFrom: string | undefined, out: DeclaredFlow[]): void {
  const pw = field(metadata, 'PacketWalk');
  if (!pw) return;
  const list = field(pw, 'Flows');
  if (!list) return;
  if (list.kind !== 'list') {
    err(problems, 'FLOW_NOT_A_LIST', 'PacketWalk.Flows must be a list of flows', list.range);
    return;
  }
  for (const item of list.items) {
    if (item.kind !== 'map') {
      err(problems, 'FLOW_NOT_A_MAP', 'each PacketWalk flow must be a map with From, To, Protocol and Port', item.range);
      continue;
    }
    const f = metadataFlow(problems, item, owner, defaultFrom);
    if (f) out.push(f);
  }
}

/** A string field; a Ref/GetAtt to a resource names that resource. */
function text(v: RValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'num') return String(v.value);
  if (v.kind === 'ref') return v.resource;
  return undefined;
}

function metadataFlow(problems: Problem[], m: RMap, owner: string, defaultFrom: string | undefined): DeclaredFlow | undefined {
  // Keys, not entries: the range is looked up only for an unknown key (this runs for every declared flow).
  for (const key of m.keyRanges.keys()) {
    if (!KNOWN_KEYS.has(key)) err(problems, 'FLOW_UNKNOWN_KEY', `unknown flow key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`, m.keyRanges.get(key)!, 'warning');
  }
  let ok = true;
  const endpoint = (key: 'From' | 'To', dflt?: string): string => {
    const v = m.entries.get(key);
    const s = text(v);
    if (s !== undefined && s.trim() !== '') return s.trim();
    if (v === undefined && dflt) return dflt;
    ok = false;
    err(problems, `FLOW_MISSING_${key.toUpperCase()}`, v === undefined ? `the flow has no ${key}` : `${key} must be a logical ID, an IP address, a CIDR or "internet"`, v?.range ?? m.range);
    return '';
  };
  const from = endpoint('From', defaultFrom);
  const to = endpoint('To');

  let protocol: FlowProtocol = 'tcp';
  const pv = m.entries.get('Protocol');
  if (pv !== undefined) {
    const p = text(pv)?.toLowerCase();
    if (p && (PROTOCOLS as string[]).includes(p)) protocol = p as FlowProtocol;
    else {
      ok = false;
      err(problems, 'FLOW_BAD_PROTOCOL', `Protocol must be tcp, udp, icmp or all`, pv.range);
    }
  }

  let port: PortRange | undefined;
  const portV = m.entries.get('Port');
  if (protocol === 'tcp' || protocol === 'udp') {
    if (portV === undefined) {
      ok = false;
      err(problems, 'FLOW_PORT_REQUIRED', `a ${protocol} flow needs a Port (a number or "from-to")`, m.range);
    } else {
      const r = parsePorts(portV);
      if (typeof r === 'string') {
        ok = false;
        err(problems, 'FLOW_BAD_PORT', r, portV.range);
      } else port = r;
    }
  } else if (protocol === 'icmp' && portV !== undefined) {
    const r = parsePorts(portV);
    if (typeof r === 'string' || r.from !== r.to || r.from > 255) {
      ok = false;
      err(problems, 'FLOW_BAD_PORT', 'for icmp, Port is an ICMP type (0-255)', portV.range);
    } else port = r;
  }

  let expect: DeclaredFlow['expect'] = 'reachable';
  const ev = m.entries.get('Expect');
  if (ev !== undefined) {
    const e = text(ev)?.toLowerCase();
    if (e === 'reachable' || e === 'blocked') expect = e;
    else {
      ok = false;
      err(problems, 'FLOW_BAD_EXPECT', 'Expect must be reachable or blocked', ev.range);
    }
  }

  const flow: DeclaredFlow = { name: '', from, to, protocol, expect, origin: { resource: owner, range: m.range }, declaredBy: 'metadata' };
  const fromRange = m.entries.get('From')?.range;
  const toRange = m.entries.get('To')?.range;
  if (fromRange || toRange) flow.endpointRanges = { ...(fromRange ? { from: fromRange } : {}), ...(toRange ? { to: toRange } : {}) };
  if (port) flow.port = port;
  const sip = m.entries.get('SourceIp');
  if (sip !== undefined) {
    const s = text(sip)?.trim();
    if (s && parseIp(s)) flow.sourceIp = s;
    else err(problems, 'FLOW_BAD_SOURCE_IP', 'SourceIp must be an IPv4 or IPv6 address', sip.range);
  }
  const sp = m.entries.get('SourcePort');
  if (sp !== undefined) {
    const r = parsePorts(sp);
    if (typeof r !== 'string' && r.from === r.to) flow.sourcePort = r.from;
    else err(problems, 'FLOW_BAD_PORT', 'SourcePort must be one port number (0-65535)', sp.range);
  }
  const ipv = m.entries.get('IpVersion');
  if (ipv !== undefined) {
    // IpVersion: 6 walks the flow with IPv6 addresses, routes and rules only (`internet` then means the IPv6 internet).
    const v = text(ipv)?.trim();
    if (v === '4' || v === '6') flow.ipVersion = v === '4' ? 4 : 6;
    else err(problems, 'FLOW_BAD_IP_VERSION', 'IpVersion must be 4 or 6', ipv.range);
  }
  const desc = text(m.entries.get('Description'));
  if (desc) flow.description = desc;
  const nameV = m.entries.get('Name');
  const name = text(nameV);
  if (nameV !== undefined && !name) err(problems, 'FLOW_BAD_NAME', 'Name must be a string', nameV.range);
  flow.name = name ?? defaultName(flow);
  return ok ? flow : undefined;
}

export function defaultName(f: Pick<DeclaredFlow, 'from' | 'to' | 'protocol' | 'port'>): string {
  const tail = f.protocol === 'all' || !f.port ? f.protocol : `${f.protocol}/${formatPorts(f.port)}`;
  return `${f.from}->${f.to}:${tail}`;
}

/** A port or "from-to" range, 0-65535. Returns the problem message when it is not one. */
export function parsePorts(v: RValue): PortRange | string {
  let from: number;
  let to: number;
  if (v.kind === 'num') from = to = v.value;
  else if (v.kind === 'str') {
    const r = parsePortText(v.value);
    if (!r.ok && r.problem === 'syntax') return `"${v.value}" is not a port or a "from-to" port range`;
    ({ from, to } = r.ok ? r.range : r);
  } else return 'Port must be a number or a "from-to" string';
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) {
    return `port range ${from}-${to} is not within 0-65535 with from <= to`;
  }
  return { from, to };
}

function insightsPath(problems: Problem[], r: ResolvedResource): DeclaredFlow | undefined {
  const p = (k: string) => prop(r, k);
  const from = text(p('Source'));
  const to = text(p('Destination')) ?? text(p('DestinationIp'));
  if (!from) {
    err(problems, 'FLOW_MISSING_FROM', `${r.id} has no Source that packetwalk can read`, p('Source')?.range ?? r.range);
    return undefined;
  }
  if (!to) {
    err(problems, 'FLOW_MISSING_TO', `${r.id} has no Destination or DestinationIp that packetwalk can read`, p('Destination')?.range ?? r.range);
    return undefined;
  }
  const proto = text(p('Protocol'))?.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp') {
    err(problems, 'FLOW_BAD_PROTOCOL', `${r.id}: Protocol must be tcp or udp`, p('Protocol')?.range ?? r.range);
    return undefined;
  }
  const fas = asMap(p('FilterAtSource'));
  let port: PortRange | undefined;
  const dp = p('DestinationPort');
  const dpr = asMap(field(fas, 'DestinationPortRange'));
  if (dp !== undefined) {
    const x = parsePorts(dp);
    if (typeof x === 'string') err(problems, 'FLOW_BAD_PORT', `${r.id}: ${x}`, dp.range);
    else port = x;
  } else if (dpr) {
    const x = rangeOf(dpr);
    if (typeof x === 'string') err(problems, 'FLOW_BAD_PORT', `${r.id}: ${x}`, dpr.range);
    else port = x;
  }
  if (!port) {
    if (dp === undefined && !dpr) {
      err(problems, 'FLOW_PORT_REQUIRED', `${r.id}: packetwalk needs a DestinationPort to walk a ${proto} path`, r.idRange, 'warning');
    }
    return undefined;
  }
  const flow: DeclaredFlow = { name: r.id, from, to, protocol: proto, port, expect: 'reachable', origin: { resource: r.id, range: r.range }, declaredBy: 'network-insights-path' };
  const sip = text(field(fas, 'SourceAddress'));
  if (sip) flow.sourceIp = sip;
  const spr = asMap(field(fas, 'SourcePortRange'));
  if (spr) {
    const x = rangeOf(spr);
    if (typeof x !== 'string' && x.from === x.to) flow.sourcePort = x.from;
  }
  return flow;
}

/** A PathFilter port range: { FromPort, ToPort }. */
function rangeOf(m: RMap): PortRange | string {
  const f = field(m, 'FromPort');
  const t = field(m, 'ToPort') ?? f;
  if (!f || !t) return 'a port range needs FromPort';
  const a = parsePorts(f);
  const b = parsePorts(t);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  return parsePorts({ kind: 'str', value: `${a.from}-${b.to}`, range: m.range });
}
