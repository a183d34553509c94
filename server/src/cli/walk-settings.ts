// The walk assumptions a user can set on the command line (WalkSettings): `--ephemeral from-to`, the
// source ports an EC2 instance (or a subnet probe host) picks, and `--public-ip EipId=address`, the
// address an Elastic IP will get. Both are facts a template cannot state: the OS chooses the ephemeral
// range (Linux 32768-60999 by default, Windows 49152-65535), and EC2 allocates an EIP's address at
// deploy. Every value is validated up front: a bad one is a usage error (exit 2), never ignored.
import { isPrivateSpace, hostCidr, parseIp } from '../net/ip';
import type { NetworkModel } from '../model/types';
import type { WalkSettings } from '../walk/types';
import type { ParsedArgs } from './args';
import { UsageError } from './errors';

/** `from-to` within 1-65535 (port 0 is never a source port). */
export function parseEphemeral(text: string): { from: number; to: number } {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  const bad = (why: string) => new UsageError(`invalid value '${text}' for --ephemeral (${why})`);
  if (!m) throw bad('expected a port range like 32768-60999');
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from < 1 || to > 65535) throw bad('ports are 1-65535');
  if (from > to) throw bad('from is above to');
  return { from, to };
}

/** `EipLogicalId=address`, the address a public IPv4 one (an EIP is never private). */
export function parsePublicIp(text: string): { eip: string; address: string } {
  const eq = text.indexOf('=');
  const eip = eq > 0 ? text.slice(0, eq).trim() : '';
  const address = eq > 0 ? text.slice(eq + 1).trim() : '';
  if (!/^[A-Za-z0-9]+$/.test(eip) || address === '') {
    throw new UsageError(`invalid value '${text}' for --public-ip (expected EipLogicalId=address, e.g. NatEip=203.0.113.10)`);
  }
  const ip = parseIp(address);
  if (!ip || ip.family !== 4) throw new UsageError(`invalid value '${text}' for --public-ip (${address} is not an IPv4 address; Elastic IPs are IPv4)`);
  if (isPrivateSpace(hostCidr(ip))) throw new UsageError(`invalid value '${text}' for --public-ip (${address} is a private address; an Elastic IP is public)`);
  return { eip, address };
}

/** The WalkSettings the flags give; `{}` when none is set (the engine's defaults apply). */
export function walkSettingsFromArgs(args: ParsedArgs): WalkSettings {
  const settings: WalkSettings = {};
  const ephemeral = args.flags.get('ephemeral');
  if (ephemeral !== undefined) settings.instanceEphemeral = parseEphemeral(ephemeral);
  const publicIps: Record<string, string> = Object.create(null);
  for (const item of args.lists.get('public-ip') ?? []) {
    const { eip, address } = parsePublicIp(item);
    const before = publicIps[eip];
    if (before !== undefined && before !== address) throw new UsageError(`--public-ip ${eip} is given twice, as ${before} and ${address}`);
    publicIps[eip] = address;
  }
  if (Object.keys(publicIps).length > 0) settings.publicIps = publicIps;
  return settings;
}

/** The `--public-ip` names that are not an `AWS::EC2::EIP` of this model (a typo would otherwise be ignored). */
export function unknownEips(model: NetworkModel, settings: WalkSettings): string[] {
  return Object.keys(settings.publicIps ?? {}).filter((id) => !model.index.elasticIp.has(id));
}

/** The message for names `unknownEips` returned, listing the template's EIPs. */
export function unknownEipMessage(names: string[], eips: readonly string[], where: string): string {
  const known = eips.length > 0 ? `Elastic IPs defined: ${[...new Set(eips)].sort().join(', ')}` : 'no Elastic IP is defined';
  return `${where}: --public-ip ${names.join(', ')}: no AWS::EC2::EIP of that name (${known})`;
}
