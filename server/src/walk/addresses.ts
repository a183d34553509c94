// Address sets in headers: formatting, and how a rule CIDR matches a set. A rule that covers only
// part of a set is reported as 'partial' so that callers can answer "unknown: it depends on the
// address assigned" rather than choosing an address.
import { cidrContains, cidrOverlaps, formatCidr, formatIp, isPrivateSpace, parseCidr, type Cidr } from '../net/ip';
import type { Addr, AddrMatch } from './types';

/**
 * Each block's text, made once: every hop of every trace names its addresses, and a large template's
 * analysis otherwise built the same strings hundreds of thousands of times. Blocks are never changed
 * after they are made, so the text stays right.
 */
const texts = new WeakMap<Cidr, string>();

function formatBlock(c: Cidr): string {
  let text = texts.get(c);
  if (text === undefined) {
    text = isHost(c) ? formatIp({ family: c.family, value: c.base }) : formatCidr(c);
    texts.set(c, text);
  }
  return text;
}

export function formatAddr(a: Addr): string {
  switch (a.kind) {
    case 'cidr':
      return formatBlock(a.cidr);
    case 'internet':
      return a.cidr ? formatBlock(a.cidr) : a.family === 6 ? 'internet (IPv6)' : 'internet';
    case 'public':
      return a.cidr ? formatBlock(a.cidr) : a.label;
    case 'unknown':
      return a.label;
  }
}

/**
 * An address as prose says it: a block that stands for one address not known before deploy (an interface
 * without a fixed address gets one from its subnet) reads "an address in 10.0.1.0/24", not like a range.
 */
export function addressInProse(a: Addr): string {
  return a.kind === 'cidr' && !isHost(a.cidr) ? `an address in ${formatBlock(a.cidr)}` : formatAddr(a);
}

export function isHost(c: Cidr): boolean {
  return c.prefix === (c.family === 4 ? 32 : 128);
}

const V4_ALL = (parseCidr('0.0.0.0/0') as { ok: true; cidr: Cidr }).cidr;
const V6_ALL = (parseCidr('::/0') as { ok: true; cidr: Cidr }).cidr;

/** The block an address set lies in, when it is a concrete one. */
export function addrCidr(a: Addr): Cidr | undefined {
  if (a.kind === 'cidr') return a.cidr;
  if (a.kind === 'internet' || a.kind === 'public') return a.cidr;
  return undefined;
}

/** Address family of a set (internet without an address counts as IPv4, the walk's default). */
export function addrFamily(a: Addr): 4 | 6 {
  const c = addrCidr(a);
  if (c) return c.family;
  return (a.kind === 'internet' || a.kind === 'unknown') && a.family === 6 ? 6 : 4;
}

/** Does `rule` contain every, some or none of the addresses in `a`? */
export function matchAddr(rule: Cidr, a: Addr): AddrMatch {
  if (a.kind === 'unknown') {
    // An IPv6 address whose block is assigned at deploy is still an IPv6 address: IPv4 rules never match
    // it and ::/0 always does (IPv4 and IPv6 rules are separate, VPC User Guide).
    if (a.family === 6 && rule.family === 4) return 'no';
    if (a.family === 6 && rule.prefix === 0) return 'yes';
    return { unknown: a.unknown };
  }
  const c = addrCidr(a);
  if (c) {
    if (c.family !== rule.family) return 'no';
    if (cidrContains(rule, c)) return 'yes';
    return cidrOverlaps(rule, c) ? 'partial' : 'no';
  }
  // Some public address on the internet (or a public address of ours not known before deploy).
  const family = addrFamily(a);
  if (rule.family !== family) return 'no';
  if (rule.prefix === 0) return 'yes';
  if (isPrivateSpace(rule)) return 'no';
  return 'partial';
}

/** True when the set is entirely outside private space (so it lives on the internet). */
export function isPublicSet(a: Addr): boolean {
  if (a.kind === 'internet' || a.kind === 'public') return true;
  if (a.kind === 'cidr') return !overlapsPrivate(a.cidr);
  // An IPv6 address in an Amazon-provided block is global unicast, whatever the prefix turns out to be.
  return a.global === true;
}

/** Private and shared address space (RFC 1918, RFC 6598, IPv6 unique-local), parsed once rather than per call. */
const PRIVATE_BLOCKS: Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map(
  (t) => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr,
);

function overlapsPrivate(c: Cidr): boolean {
  for (const p of PRIVATE_BLOCKS) if (cidrOverlaps(p, c)) return true;
  return false;
}

export function allOf(family: 4 | 6): Cidr {
  return family === 4 ? V4_ALL : V6_ALL;
}
