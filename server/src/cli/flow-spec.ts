// Turns `trace` flags into a FlowSpec through the one input reader (usecases/inputs.ts), so a bad port
// or address is a usage error (exit 2) and never reaches the walk; the messages name the flags.
import type { FlowSpec } from '../walk/types';
import { readFlow, readPort, portText, type InputProblem } from '../usecases/inputs';
import { UsageError } from './errors';
import { choice, type ParsedArgs } from './args';

const FLAGS: Record<string, string> = { from: 'from', to: 'to', protocol: 'protocol', port: 'port', sourcePort: 'source-port', sourceIp: 'source-ip', ipVersion: 'ip-version' };

/** A problem of the input reader, worded for the command line. */
export function flagProblem(p: InputProblem, flag = FLAGS[p.field] ?? p.field): UsageError {
  if (p.message === 'from is above to') return new UsageError(`invalid range '${p.given}' for --${flag} (from is above to)`);
  return new UsageError(`invalid value '${p.given}' for --${flag} (${p.message})`);
}

/** `N` or `from-to` (the rule of net/ports parsePortText), worded as usage errors. */
export function parsePortArg(text: string, flag = 'port', max = 65535): number | { from: number; to: number } {
  const r = readPort(text, flag, max);
  if (r.value === undefined) throw flagProblem(r.problems[0], flag);
  return r.value;
}

export function flowSpecFromArgs(args: ParsedArgs): FlowSpec {
  const from = args.flags.get('from');
  const to = args.flags.get('to');
  if (!from) throw new UsageError('trace needs --from <endpoint>');
  if (!to) throw new UsageError('trace needs --to <endpoint>');
  const protocol = choice(args, 'protocol', ['tcp', 'udp', 'icmp', 'all'] as const, 'tcp');
  const port = args.flags.get('port');
  if ((protocol === 'tcp' || protocol === 'udp') && port === undefined) {
    throw new UsageError(`--port is required for ${protocol} (a number or a range like 1024-2048)`);
  }
  const r = readFlow({ from, to, protocol, port, sourcePort: args.flags.get('source-port'), sourceIp: args.flags.get('source-ip'), ipVersion: args.flags.get('ip-version') });
  if (r.value === undefined) throw flagProblem(r.problems[0]);
  return r.value;
}

/** The port as written for titles ("53", "1024-2048"). */
export function describePort(spec: FlowSpec): string | undefined {
  return portText(spec.port);
}
