// Validation for what a person types into the Trace Flow pickers. Pure (no vscode import) so it is unit-tested;
// the server validates again, this only saves a round trip for typos.
import type { TraceFlowParams } from '../../shared/protocol';

export type Protocol = NonNullable<TraceFlowParams['protocol']>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|\d?\d))?$/i;

/** Validation for a typed destination: an IPv4/IPv6 address or CIDR, or `internet`. Returns the problem or undefined. */
export function validateAddress(value: string): string | undefined {
  const v = value.trim();
  if (v === 'internet' || IPV4.test(v) || IPV6.test(v)) return undefined;
  return 'An IPv4 or IPv6 address, a CIDR (10.0.1.0/24), or internet';
}

/** Validation for the port box: a number 0-65535 or a range "from-to"; empty is fine where the port is optional. */
export function validatePort(value: string, protocol: Protocol): string | undefined {
  const v = value.trim();
  if (v === '') return protocol === 'tcp' || protocol === 'udp' ? `A port is required for ${protocol}` : undefined;
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(v);
  const max = protocol === 'icmp' ? 255 : 65535;
  if (!m) return protocol === 'icmp' ? 'An ICMP type (0-255), or empty for any' : 'A port (443) or a range (1024-2048)';
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > max || to > max) return `At most ${max}`;
  if (to < from) return 'The range must go from low to high';
  return undefined;
}

