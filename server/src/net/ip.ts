// IPv4/IPv6 addresses and CIDR blocks as numbers, so that containment, overlap and longest-prefix
// match are arithmetic. Addresses are bigints for both families to keep one code path; a block is
// always canonical (host bits cleared), as AWS stores it (`100.68.0.18/18` → `100.68.0.0/18`).

export type Family = 4 | 6;

export interface Ip {
  family: Family;
  value: bigint;
}

export interface Cidr {
  family: Family;
  /** First address of the block (host bits cleared). */
  base: bigint;
  prefix: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function bitsOf(family: Family): number {
  return BITS[family];
}

export function parseIpv4(text: string): bigint | null {
  // Read by character codes into a number (a 32-bit value is exact in a double), one BigInt at the end:
  // the model parses every CIDR of the template, and split + regex + bigint shifts per part cost more.
  let value = 0;
  let parts = 0;
  let digits = 0;
  let part = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e; // a final '.' closes the last part
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return null;
      part = part * 10 + (c - 0x30);
      continue;
    }
    if (c !== 0x2e || digits === 0 || part > 255 || ++parts > 4) return null;
    value = value * 256 + part;
    digits = 0;
    part = 0;
  }
  return parts === 4 ? BigInt(value) : null;
}

export function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  let head: string[];
  let tail: string[] = [];
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0) return null;
    head = text.slice(0, dbl) === '' ? [] : text.slice(0, dbl).split(':');
    tail = text.slice(dbl + 2) === '' ? [] : text.slice(dbl + 2).split(':');
  } else {
    head = text.split(':');
  }
  const groups: number[] = [];
  const pushGroups = (list: string[], out: number[]): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i];
      if (g.includes('.')) {
        // An embedded IPv4 address is allowed only as the last group.
        if (i !== list.length - 1) return false;
        const v4 = parseIpv4(g);
        if (v4 === null) return false;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        out.push(parseInt(g, 16));
      }
    }
    return true;
  };
  const h: number[] = [];
  const t: number[] = [];
  if (!pushGroups(head, h) || !pushGroups(tail, t)) return null;
  if (dbl >= 0) {
    if (h.length + t.length > 7) return null;
    groups.push(...h, ...new Array(8 - h.length - t.length).fill(0), ...t);
  } else {
    if (h.length !== 8) return null;
    groups.push(...h);
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

export function parseIp(text: string): Ip | null {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseIpv6(t);
    return v === null ? null : { family: 6, value: v };
  }
  const v = parseIpv4(t);
  return v === null ? null : { family: 4, value: v };
}

export type CidrParse = { ok: true; cidr: Cidr; canonicalized: boolean } | { ok: false; error: string };

/** Parses "a.b.c.d/n" or "x::/n". A bare address is a /32 or /128. */
export function parseCidr(text: string): CidrParse {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addrText = slash >= 0 ? t.slice(0, slash) : t;
  const ip = parseIp(addrText);
  if (!ip) return { ok: false, error: `"${text}" is not an IPv4 or IPv6 address` };
  const max = BITS[ip.family];
  let prefix = max;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) {
      return { ok: false, error: `"${text}" has an invalid prefix length (0-${max} for IPv${ip.family})` };
    }
    prefix = Number(p);
  }
  const base = ip.value & maskOf(ip.family, prefix);
  return { ok: true, cidr: { family: ip.family, base, prefix }, canonicalized: base !== ip.value };
}

// Masks are computed once per family and prefix: the walk asks for them on every rule it evaluates.
const MASKS: Record<Family, bigint[]> = { 4: [], 6: [] };
for (const family of [4, 6] as const) {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  for (let prefix = 0; prefix <= BITS[family]; prefix++) MASKS[family].push(prefix === 0 ? 0n : (all << (bits - BigInt(prefix))) & all);
}

export function maskOf(family: Family, prefix: number): bigint {
  const m = MASKS[family][prefix];
  if (m !== undefined) return m;
  // Out-of-range prefixes never come from parseCidr; computed the long way rather than failing.
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return prefix <= 0 ? 0n : (all << (bits - BigInt(Math.min(prefix, BITS[family])))) & all;
}

export function lastOf(c: Cidr): bigint {
  return c.base | (~maskOf(c.family, c.prefix) & ((1n << BigInt(BITS[c.family])) - 1n));
}

export function sizeOf(c: Cidr): bigint {
  return 1n << BigInt(BITS[c.family] - c.prefix);
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    // An IPv4 address fits a double exactly; number arithmetic is much cheaper than bigint here.
    const v = Number(ip.value);
    return `${Math.floor(v / 16777216) % 256}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const left = groups.slice(0, bestStart).join(':');
  const right = groups.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp({ family: c.family, value: c.base })}/${c.prefix}`;
}

export function cidrContainsIp(c: Cidr, ip: Ip): boolean {
  return c.family === ip.family && (ip.value & maskOf(c.family, c.prefix)) === c.base;
}

/** True when every address of `inner` is in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.prefix <= inner.prefix && (inner.base & maskOf(outer.family, outer.prefix)) === outer.base;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && (cidrContains(a, b) || cidrContains(b, a));
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.prefix === b.prefix && a.base === b.base;
}

export function hostCidr(ip: Ip): Cidr {
  return { family: ip.family, base: ip.value, prefix: BITS[ip.family] };
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => (parseCidr(t) as { cidr: Cidr }).cidr);
const RFC6598 = (parseCidr('100.64.0.0/10') as { cidr: Cidr }).cidr;
const IPV6_ULA = (parseCidr('fc00::/7') as { cidr: Cidr }).cidr;

/** RFC 1918 private space: the internet gateway neither sends to it nor accepts from it. */
export function isRfc1918(c: Cidr): boolean {
  return RFC1918.some((p) => cidrContains(p, c));
}

export function overlapsRfc1918(c: Cidr): boolean {
  return RFC1918.some((p) => cidrOverlaps(p, c));
}

export function isRfc6598(c: Cidr): boolean {
  return cidrContains(RFC6598, c);
}

/** Not routable on the internet: RFC 1918, RFC 6598 shared space, IPv6 unique-local. */
export function isPrivateSpace(c: Cidr): boolean {
  if (c.family === 4) return isRfc1918(c) || isRfc6598(c);
  return cidrContains(IPV6_ULA, c);
}

/**
 * Fn::Cidr: splits `block` into `count` consecutive blocks of `hostBits` host bits each.
 * Returns an error string when the request cannot be satisfied (CloudFormation fails the stack then).
 * `limit` bounds the work for hostile counts.
 */
export function splitCidr(block: Cidr, count: number, hostBits: number, limit = 256): Cidr[] | string {
  const bits = BITS[block.family];
  if (!Number.isInteger(count) || count < 1) return `count must be a positive integer, got ${count}`;
  if (count > limit) return `count ${count} exceeds the limit of ${limit} blocks (CloudFormation allows 1-256)`;
  if (!Number.isInteger(hostBits) || hostBits < 1 || hostBits > bits) return `cidrBits must be 1-${bits} for IPv${block.family}, got ${hostBits}`;
  const prefix = bits - hostBits;
  if (prefix < block.prefix) return `cidrBits ${hostBits} makes blocks (/${prefix}) larger than ${formatCidr(block)}`;
  const available = 1n << BigInt(prefix - block.prefix);
  if (BigInt(count) > available) return `${formatCidr(block)} holds only ${available} blocks of /${prefix}, ${count} requested`;
  const step = 1n << BigInt(hostBits);
  const out: Cidr[] = [];
  for (let i = 0; i < count; i++) out.push({ family: block.family, base: block.base + step * BigInt(i), prefix });
  return out;
}
