// The walk assumptions a user can set on the command line (WalkSettings): `--ephemeral from-to`, the
// source ports an EC2 instance (or a subnet probe host) picks, and `--public-ip EipId=address`, the
// address an Elastic IP will get. Both are facts a template cannot state: the OS chooses the ephemeral
// range (Linux 32768-60999 by default, Windows 49152-65535), and EC2 allocates an EIP's address at
// deploy. Read by the one input reader (usecases/inputs.ts, which reads the editor settings too); a bad
// value is a usage error (exit 2), never ignored.
import type { WalkSettings } from '../walk/types';
import { readEphemeralRange, readPublicIpAssignment, readWalkSettings } from '../usecases/inputs';
import type { ParsedArgs } from './args';
import { UsageError } from './errors';
import { flagProblem } from './flow-spec';
import { refusalMessage } from '../usecases/trace';

/** `from-to` within 1-65535 (port 0 is never a source port). */
export function parseEphemeral(text: string): { from: number; to: number } {
  const r = readEphemeralRange(text);
  if (r.value === undefined) throw new UsageError(`invalid value '${text}' for --ephemeral (${r.problems[0].message})`);
  return r.value;
}

/** `EipLogicalId=address`, the address a public IPv4 one (an EIP is never private). */
export function parsePublicIp(text: string): { eip: string; address: string } {
  const r = readPublicIpAssignment(text);
  if (r.value === undefined) throw new UsageError(`invalid value '${text}' for --public-ip (${r.problems[0].message})`);
  return r.value;
}

/** The WalkSettings the flags give; `{}` when none is set (the engine's defaults apply). */
export function walkSettingsFromArgs(args: ParsedArgs): WalkSettings {
  const ephemeral = args.flags.get('ephemeral');
  if (ephemeral !== undefined) parseEphemeral(ephemeral); // an empty value is refused here, not ignored
  const publicIps = (args.lists.get('public-ip') ?? []).map((item) => {
    const { eip, address } = parsePublicIp(item);
    return [eip, address] as [string, string];
  });
  const r = readWalkSettings({ ephemeral, publicIps });
  const twice = r.problems.find((p) => p.message.startsWith('given twice'));
  if (twice) throw new UsageError(`--public-ip ${twice.field.slice('publicIps.'.length)} is ${twice.message}`);
  if (r.problems.length > 0) throw flagProblem(r.problems[0], 'public-ip');
  return r.value ?? {};
}

/** The message for `--public-ip` names that are no `AWS::EC2::EIP` of the checked templates, listing their EIPs. */
export function unknownEipMessage(names: string[], eips: readonly string[], where: string): string {
  return `${where}: --public-ip ${refusalMessage({ kind: 'unknown-eip', names, eips: [...new Set(eips)].sort() })}`;
}
