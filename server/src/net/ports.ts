// Port and protocol vocabulary shared by the model and the walk.

/** Inclusive port range. A single port is { from: p, to: p }. */
export interface PortRange {
  from: number;
  to: number;
}

/** IP protocol numbers as the data plane sees them; -1 means every protocol. */
export const PROTO = { all: -1, icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;

export type ProtocolName = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'all';

export function protocolName(n: number): string {
  switch (n) {
    case -1:
      return 'all';
    case 1:
      return 'icmp';
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 58:
      return 'icmpv6';
    default:
      return String(n);
  }
}

/**
 * Reads a protocol as CloudFormation accepts it in NACL entries and SG rules: a number ("6", 6, "-1")
 * or a name ("tcp", "udp", "icmp", "icmpv6", "-1"/"all"). Returns null when it is neither.
 */
export function parseProtocol(v: string | number): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= -1 && v <= 255 ? v : null;
  const t = v.trim().toLowerCase();
  if (t === 'all' || t === '-1') return -1;
  if (t === 'tcp') return 6;
  if (t === 'udp') return 17;
  if (t === 'icmp') return 1;
  if (t === 'icmpv6') return 58;
  if (/^\d{1,3}$/.test(t) && Number(t) <= 255) return Number(t);
  return null;
}

export function formatPorts(r: PortRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

export function rangeContains(outer: PortRange, inner: PortRange): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

export function rangeOverlaps(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export type PortTextParse =
  | { ok: true; range: PortRange }
  | { ok: false; problem: 'syntax' }
  | { ok: false; problem: 'out-of-range' | 'reversed'; from: number; to: number };

/**
 * "N" or "from-to" (blanks allowed around the numbers), each port 0-`max`, from <= to: the one rule for
 * flow declarations, the editor's trace request and the CLI's --port. Callers word their own messages.
 */
export function parsePortText(text: string, max = 65535): PortTextParse {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!m) return { ok: false, problem: 'syntax' };
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > max || to > max) return { ok: false, problem: 'out-of-range', from, to };
  if (from > to) return { ok: false, problem: 'reversed', from, to };
  return { ok: true, range: { from, to } };
}
