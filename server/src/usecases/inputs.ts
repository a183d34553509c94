// The one reader of what a person types: a flow (from, to, protocol, port, source port and address),
// a port or port range, the instance ephemeral range, an Elastic IP's address, parameter assignments,
// parameter files and stack names. The command line, the editor settings and the editor's requests all read their
// inputs here, so a value accepted by one front end is accepted by every other, with the same problems.
// Nothing here throws: each reader returns the value it could read and the problems it found; a front
// end decides what a problem means for it (the CLI exits 2, the editor answers a request error or logs).
import { parse as parseYaml } from 'yaml';
import { hostCidr, isPrivateSpace, parseIp } from '../net/ip';
import { parsePortText, type PortRange } from '../net/ports';
import type { FlowProtocolName, FlowSpec, WalkSettings } from '../walk/types';

/** What is wrong with one input: which field, the text given, and why (worded without any flag syntax). */
export interface InputProblem {
  field: string;
  given: string;
  message: string;
}

export interface Read<T> {
  /** The value read, or undefined when a problem leaves nothing usable. */
  value: T | undefined;
  problems: InputProblem[];
}

export const FLOW_PROTOCOLS: readonly FlowProtocolName[] = ['tcp', 'udp', 'icmp', 'all'];

const ok = <T>(value: T): Read<T> => ({ value, problems: [] });
const bad = <T>(field: string, given: unknown, message: string): Read<T> => ({
  value: undefined,
  problems: [{ field, given: String(given), message }],
});

/** `N` or `from-to`, each 0-`max` (net/ports parsePortText); a number is taken as it is. A single port is a number. */
export function readPort(input: string | number, field = 'port', max = 65535): Read<number | PortRange> {
  const text = typeof input === 'number' ? String(input) : input;
  const r = parsePortText(text, max);
  if (r.ok) return ok(r.range.from === r.range.to ? r.range.from : r.range);
  if (r.problem === 'reversed') return bad(field, text, 'from is above to');
  return bad(field, text.trim(), `expected a number 0-${max}, or a range from-to`);
}

/** One port number 0-`max` (a source port, an ICMP type). */
export function readPortNumber(input: string | number, field: string, max = 65535): Read<number> {
  const text = typeof input === 'number' ? String(input) : input.trim();
  if (!/^\d+$/.test(text) || Number(text) > max) return bad(field, text, `expected a number 0-${max}`);
  return ok(Number(text));
}

/** The raw shape of a flow as the front ends receive it (flags, request params, a picker). */
export interface FlowInput {
  from?: unknown;
  to?: unknown;
  protocol?: unknown;
  port?: unknown;
  sourcePort?: unknown;
  sourceIp?: unknown;
  ipVersion?: unknown;
}

/**
 * A flow to trace. tcp and udp need a port (a number or a range); for icmp the port is the ICMP type
 * (0-255, optional); for `all` it is ignored. As in flow declarations (docs/architecture.md, "Declared flows").
 */
export function readFlow(input: FlowInput): Read<FlowSpec> {
  const problems: InputProblem[] = [];
  const from = typeof input.from === 'string' ? input.from.trim() : '';
  const to = typeof input.to === 'string' ? input.to.trim() : '';
  if (!from) problems.push({ field: 'from', given: String(input.from ?? ''), message: 'a flow needs a source endpoint' });
  if (!to) problems.push({ field: 'to', given: String(input.to ?? ''), message: 'a flow needs a destination endpoint' });
  const protocolText = input.protocol === undefined || input.protocol === null || input.protocol === '' ? 'tcp' : String(input.protocol).trim().toLowerCase();
  const protocol = FLOW_PROTOCOLS.find((p) => p === protocolText);
  if (!protocol) problems.push({ field: 'protocol', given: String(input.protocol), message: 'expected tcp, udp, icmp or all' });
  const spec: FlowSpec = { from, to, protocol: protocol ?? 'tcp' };
  const portGiven = input.port !== undefined && input.port !== null && input.port !== '';
  if (protocol === 'tcp' || protocol === 'udp') {
    if (!portGiven) problems.push({ field: 'port', given: '', message: `a ${protocol} flow needs a port (a number or a range like 1024-2048)` });
    else collect(readPort(input.port as string | number), problems, (v) => (spec.port = v));
  } else if (protocol === 'icmp' && portGiven) {
    collect(readPortNumber(input.port as string | number, 'port', 255), problems, (v) => (spec.port = v));
  }
  if (input.sourcePort !== undefined && input.sourcePort !== null && input.sourcePort !== '') {
    collect(readPortNumber(input.sourcePort as string | number, 'sourcePort'), problems, (v) => (spec.sourcePort = v));
  }
  if (input.sourceIp !== undefined && input.sourceIp !== null && input.sourceIp !== '') {
    const text = String(input.sourceIp).trim();
    if (!parseIp(text)) problems.push({ field: 'sourceIp', given: text, message: 'expected an IPv4 or IPv6 address' });
    else spec.sourceIp = text;
  }
  if (input.ipVersion !== undefined && input.ipVersion !== null && input.ipVersion !== '') {
    const text = String(input.ipVersion).trim();
    if (text === '4' || text === '6') spec.ipVersion = text === '4' ? 4 : 6;
    else problems.push({ field: 'ipVersion', given: text, message: 'expected 4 or 6' });
  }
  return { value: problems.length === 0 ? spec : undefined, problems };
}

function collect<T>(r: Read<T>, problems: InputProblem[], set: (v: T) => void): void {
  problems.push(...r.problems);
  if (r.value !== undefined) set(r.value);
}

/** The source ports an instance picks: `from-to` within 1-65535 (port 0 is never a source port). */
export function readEphemeralRange(text: string, field = 'ephemeral'): Read<PortRange> {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  if (!m) return bad(field, text, 'expected a port range like 32768-60999');
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from < 1 || to > 65535) return bad(field, text, 'ports are 1-65535');
  if (from > to) return bad(field, text, 'from is above to');
  return ok({ from, to });
}

/** The address an Elastic IP will get: a public IPv4 one (EC2 allocates EIPs from public IPv4 space). */
export function readElasticIpAddress(address: string, field: string): Read<string> {
  const text = address.trim();
  const ip = parseIp(text);
  if (!ip || ip.family !== 4) return bad(field, text, `${text || '(empty)'} is not an IPv4 address; Elastic IPs are IPv4`);
  if (isPrivateSpace(hostCidr(ip))) return bad(field, text, `${text} is a private address; an Elastic IP is public`);
  return ok(text);
}

/** `EipLogicalId=address`. */
export function readPublicIpAssignment(text: string, field = 'publicIp'): Read<{ eip: string; address: string }> {
  const eq = text.indexOf('=');
  const eip = eq > 0 ? text.slice(0, eq).trim() : '';
  const address = eq > 0 ? text.slice(eq + 1).trim() : '';
  if (!/^[A-Za-z0-9]+$/.test(eip) || address === '') return bad(field, text, 'expected EipLogicalId=address, e.g. NatEip=203.0.113.10');
  const r = readElasticIpAddress(address, field);
  return r.value === undefined ? { value: undefined, problems: r.problems.map((p) => ({ ...p, given: text })) } : ok({ eip, address: r.value });
}

/** Walk settings from their text forms (CLI flags, editor settings): the same rules for both. */
export function readWalkSettings(input: { ephemeral?: string; publicIps?: ReadonlyArray<[string, unknown]> }): Read<WalkSettings> {
  const problems: InputProblem[] = [];
  const settings: WalkSettings = {};
  if (input.ephemeral !== undefined && input.ephemeral.trim() !== '') {
    collect(readEphemeralRange(input.ephemeral), problems, (v) => (settings.instanceEphemeral = v));
  }
  const ips: Record<string, string> = Object.create(null);
  for (const [eip, address] of input.publicIps ?? []) {
    const field = `publicIps.${eip}`;
    if (typeof address !== 'string') {
      problems.push({ field, given: String(address), message: 'expected a public IPv4 address' });
      continue;
    }
    const r = readElasticIpAddress(address, field);
    if (r.value === undefined) {
      problems.push(...r.problems);
      continue;
    }
    const before = ips[eip];
    if (before !== undefined && before !== r.value) problems.push({ field, given: r.value, message: `given twice, as ${before} and ${r.value}` });
    else ips[eip] = r.value;
  }
  if (Object.keys(ips).length > 0) settings.publicIps = ips;
  return { value: settings, problems };
}

/** `Name=Value` (split at the first '='; the value may be empty or contain '='). */
export function readParameterAssignments(items: readonly string[]): Read<Record<string, string>> {
  const out: Record<string, string> = Object.create(null);
  const problems: InputProblem[] = [];
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) problems.push({ field: 'param', given: item, message: 'expected Name=Value' });
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return { value: out, problems };
}

/**
 * The `AWS::StackName` of hand-written templates: `FILE=NAME` items (split at the last '=', since a stack
 * name has none) or a settings object. A CloudFormation stack name is a letter, then letters, digits and
 * hyphens, at most 128 characters (CreateStack `StackName` constraints); anything else is a problem and is
 * left out. Keys stay as given (a base name or a path): the front end resolves them.
 */
export function readStackNames(items: ReadonlyArray<string | readonly [string, unknown]>): Read<Record<string, string>> {
  const out: Record<string, string> = Object.create(null);
  const problems: InputProblem[] = [];
  for (const item of items) {
    let file: string;
    let name: unknown;
    if (typeof item === 'string') {
      const eq = item.lastIndexOf('=');
      if (eq <= 0) {
        problems.push({ field: 'stackName', given: item, message: 'expected FILE=NAME' });
        continue;
      }
      file = item.slice(0, eq);
      name = item.slice(eq + 1);
    } else {
      [file, name] = item;
    }
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) {
      problems.push({ field: 'stackName', given: `${file}=${String(name)}`, message: 'a stack name is a letter followed by letters, digits and hyphens, at most 128 characters' });
      continue;
    }
    if (file.trim() === '') {
      problems.push({ field: 'stackName', given: `=${name}`, message: 'expected FILE=NAME' });
      continue;
    }
    out[file.trim()] = name;
  }
  return { value: out, problems };
}

/**
 * A parameters file, JSON or YAML, in either shape people already have: the `aws cloudformation
 * create-stack --parameters file://…` list `[{"ParameterKey": "A", "ParameterValue": "x"}]`, or the
 * `{"Parameters": {"A": "x"}}` object of CodePipeline template configurations. Every entry that is not
 * well formed is a problem; the value holds the well-formed entries.
 */
export function readParametersFile(text: string): Read<Record<string, string>> {
  const field = 'parameters';
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (jsonError) {
    try {
      data = parseYaml(body, { uniqueKeys: false, maxAliasCount: 100 });
    } catch {
      return bad(field, '', `not valid JSON or YAML (${(jsonError as Error).message})`);
    }
  }
  const out: Record<string, string> = Object.create(null);
  const problems: InputProblem[] = [];
  const value = (v: unknown, name: string): void => {
    const s = parameterText(v);
    if (s === undefined) problems.push({ field, given: name, message: `${name}: parameter values must be strings, numbers, booleans or lists of them` });
    else out[name] = s;
  };
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.Parameters) ? data.Parameters : undefined;
  if (list) {
    list.forEach((item, i) => {
      if (!isObject(item) || typeof item.ParameterKey !== 'string') {
        problems.push({ field, given: String(i), message: `item ${i} needs a "ParameterKey" string` });
        return;
      }
      // UsePreviousValue has no previous value before deploy: the parameter keeps its template default.
      if (item.UsePreviousValue === true && item.ParameterValue === undefined) return;
      if (item.ParameterValue === undefined) {
        problems.push({ field, given: item.ParameterKey, message: `item ${i} (${item.ParameterKey}) has no "ParameterValue"` });
        return;
      }
      value(item.ParameterValue, item.ParameterKey);
    });
    return { value: out, problems };
  }
  if (isObject(data) && isObject(data.Parameters)) {
    for (const [k, v] of Object.entries(data.Parameters)) value(v, k);
    return { value: out, problems };
  }
  return bad(field, '', 'expected a list of {"ParameterKey","ParameterValue"} or an object {"Parameters": {...}}');
}

function parameterText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // CommaDelimitedList / List<…> parameters are passed to CloudFormation as one comma-joined string.
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The port as written in titles ("53", "1024-2048"). */
export function portText(port: FlowSpec['port']): string | undefined {
  if (port === undefined) return undefined;
  return typeof port === 'number' ? String(port) : `${port.from}-${port.to}`;
}
