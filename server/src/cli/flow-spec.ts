// Turns `trace` flags into a FlowSpec, validating every value up front so a bad port or address is a
// usage error (exit 2) and never reaches the walk.
import type { FlowSpec, FlowProtocolName } from '../walk/types';
import { parseIp } from '../net/ip';
import { parsePortText } from '../net/ports';
import { UsageError } from './errors';
import { choice, type ParsedArgs } from './args';

const PROTOCOLS: readonly FlowProtocolName[] = ['tcp', 'udp', 'icmp', 'all'];

function portNumber(text: string, flag: string, max = 65535): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid value '${text}' for --${flag} (expected a number 0-${max})`);
  const n = Number(text);
  if (n > max) throw new UsageError(`invalid value '${text}' for --${flag} (expected a number 0-${max})`);
  return n;
}

/** `N` or `from-to` (the rule of net/ports parsePortText), worded as usage errors. */
export function parsePortArg(text: string, flag = 'port', max = 65535): number | { from: number; to: number } {
  const r = parsePortText(text, max);
  if (r.ok) return r.range.from === r.range.to ? r.range.from : r.range;
  if (r.problem === 'reversed') throw new UsageError(`invalid range '${text}' for --${flag} (from is above to)`);
  throw new UsageError(`invalid value '${text.trim()}' for --${flag} (expected a number 0-${max}, or a range from-to)`);
}

export function flowSpecFromArgs(args: ParsedArgs): FlowSpec {
  const from = args.flags.get('from');
  const to = args.flags.get('to');
  if (!from) throw new UsageError('trace needs --from <endpoint>');
  if (!to) throw new UsageError('trace needs --to <endpoint>');
  const protocol = choice(args, 'protocol', PROTOCOLS, 'tcp');
  const spec: FlowSpec = { from, to, protocol };
  const port = args.flags.get('port');
  if (protocol === 'tcp' || protocol === 'udp') {
    if (port === undefined) throw new UsageError(`--port is required for ${protocol} (a number or a range like 1024-2048)`);
    spec.port = parsePortArg(port);
  } else if (protocol === 'icmp' && port !== undefined) {
    // For icmp the "port" is the ICMP type, as in flow declarations.
    const t = portNumber(port, 'port', 255);
    spec.port = t;
  }
  const sourcePort = args.flags.get('source-port');
  if (sourcePort !== undefined) spec.sourcePort = portNumber(sourcePort, 'source-port');
  const sourceIp = args.flags.get('source-ip');
  if (sourceIp !== undefined) {
    if (!parseIp(sourceIp)) throw new UsageError(`invalid value '${sourceIp}' for --source-ip (expected an IPv4 or IPv6 address)`);
    spec.sourceIp = sourceIp;
  }
  return spec;
}

/** The port as written for titles ("53", "1024-2048"). */
export function describePort(spec: FlowSpec): string | undefined {
  if (spec.port === undefined) return undefined;
  return typeof spec.port === 'number' ? String(spec.port) : `${spec.port.from}-${spec.port.to}`;
}
