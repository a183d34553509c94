// Where a flow starts or ends: an endpoint's logical id (every placement it has), a subnet's logical
// id (a probe host: some address in the subnet, no security group), an address or CIDR (inside a
// modelled subnet: the ENI with exactly that fixed address, or a probe there; outside every VPC and
// public: the internet), or `internet`.
import { cidrContains, cidrContainsIp, cidrOverlaps, formatCidr, hostCidr, isPrivateSpace, parseCidr, parseIp, type Cidr } from '../net/ip';
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type Subnet } from '../model/types';
import type { FlowSpec, ReservedService, WalkSettings } from './types';
import { formatAddr, isHost } from './addresses';
import { placementWithAddress, subnetsNear, vpcOverlapping, vpcWithDnsServerAt } from './address-index';
import type { Addr, Side } from './types';
import type { Range } from '../template/located';

export const LINUX_EPHEMERAL = { from: 32768, to: 60999 };

/** `unsupported`: the template defines the name, but as a resource the walk cannot start or end at yet. */
export type Resolution = { ok: true; sides: Side[] } | { ok: false; message: string; closest: string[]; unsupported?: boolean };

/** `aws:<service>`: a service's regional endpoint as a flow end. */
const SERVICE_NAME_PATTERN = /^aws:([a-z0-9][a-z0-9.-]*)$/i;

/** Marks the assumption of a trace that could not start because an endpoint is not supported yet. */
export const UNSUPPORTED_ENDPOINT = 'packetwalk cannot use';

/**
 * `family` 6 resolves the ends of an IPv6 flow: `internet` is the IPv6 internet and a placement's address
 * is its IPv6 address (or the reason it has none).
 */
export function resolveEndpoint(model: NetworkModel, name: string, settings: WalkSettings = {}, family: 4 | 6 = 4): Resolution {
  const n = name.trim();
  if (n.toLowerCase() === 'internet') return { ok: true, sides: [{ kind: 'internet', addr: family === 6 ? { kind: 'internet', family: 6 } : { kind: 'internet' }, label: family === 6 ? 'internet (IPv6)' : 'internet' }] };
  // `aws:<service>`: the service's regional endpoint; which way it is reached is decided per source (path-to-aws-service.ts).
  const service = SERVICE_NAME_PATTERN.exec(n)?.[1]?.toLowerCase();
  if (service) return { ok: true, sides: [{ kind: 'internet', addr: { kind: 'internet' }, label: `aws:${service}`, service }] };

  const ep = model.index.endpoint.get(n);
  if (ep) {
    if (ep.placements.length === 0) return { ok: false, message: `${n} has no network placement in the template (no subnet or interface)`, closest: [] };
    return { ok: true, sides: ep.placements.map((pl) => placementSide(model, ep, pl, settings, family)) };
  }
  const subnet = model.index.subnet.get(n);
  if (subnet) return { ok: true, sides: [probeSide(model, subnet, undefined, settings, family)] };
  // An internet gateway as an endpoint (as Reachability Analyzer paths use it) stands for the internet.
  if (model.index.internetGateway.has(n)) return { ok: true, sides: [{ kind: 'internet', addr: family === 6 ? { kind: 'internet', family: 6 } : { kind: 'internet' }, label: `internet (through ${n})` }] };

  const parsed = isAddressText(n) ? parseCidr(n) : undefined;
  if (parsed && parsed.ok) return resolveAddress(model, parsed.cidr, n, settings);
  if (parsed && !parsed.ok) return { ok: false, message: parsed.error, closest: [] };

  const absent = model.absent?.get(n);
  if (absent !== undefined) return { ok: false, unsupported: true, message: `${n} is not created: its Condition ${absent} is false`, closest: [] };
  const opaque = model.opaque?.get(n);
  if (opaque !== undefined) return { ok: false, unsupported: true, message: opaque, closest: [] };
  if (model.logicalIds.includes(n)) {
    return { ok: false, unsupported: true, message: `${n} is a resource that ${UNSUPPORTED_ENDPOINT} as a flow endpoint yet (only instances, network interfaces, Lambda functions, RDS, NAT gateways, load balancers, VPC endpoints, the managed services that place interfaces in subnets, subnets, addresses and the internet)`, closest: [] };
  }
  const loop = model.unexpandedLoops?.find((l) => l.keys.some((k) => k.test(n)));
  if (loop) return { ok: false, unsupported: true, message: `${n} may be created by ${loop.name}, whose collection is unknown (${loop.reason}), so whether it exists is unknown`, closest: [] };
  return { ok: false, message: `the template defines no endpoint or subnet named "${n}"`, closest: closestIds(model, n) };
}

/** Whether an endpoint name is written as an address or CIDR (then it is looked up among every subnet and interface). */
export function isAddressText(name: string): boolean {
  const n = name.trim();
  // Only text with a dot or a colon is an address: "Db" or "Cafe" are names even though they are hex.
  return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(n) && /[.:]/.test(n);
}

/** null when the name is usable; otherwise the message and the closest logical ids (for exit 2 and FLOW_UNKNOWN_ENDPOINT). */
export function checkEndpoint(model: NetworkModel, name: string): { message: string; closest: string[] } | null {
  if (plainlyUsable(model, name)) return null;
  const r = resolveEndpoint(model, name);
  // A defined resource the walk does not support yet is a usable name: its traces are `unknown`.
  if (r.ok || r.unsupported) return null;
  return { message: r.message + (r.closest.length ? ` (did you mean ${r.closest.join(', ')}?)` : ''), closest: r.closest };
}

/**
 * The names resolveEndpoint accepts without looking further, decided without making their sides (every
 * declared flow's two ends are checked before it is traced): `internet`, `aws:<service>`, an endpoint with
 * a placement, a subnet, an internet gateway. Anything else (addresses included) takes the full resolution.
 */
function plainlyUsable(model: NetworkModel, name: string): boolean {
  const n = name.trim();
  if (n.toLowerCase() === 'internet' || SERVICE_NAME_PATTERN.test(n)) return true;
  const ep = model.index.endpoint.get(n);
  if (ep) return ep.placements.length > 0;
  return model.index.subnet.has(n) || model.index.internetGateway.has(n);
}

/** Which part of a flow spec a `checkFlowSpec` problem is about (the CLI names the flag). */
export type FlowSpecField = 'from' | 'to' | 'sourceIp';

/**
 * null when the spec can be traced as given; otherwise what is wrong with it. Endpoints as in
 * `checkEndpoint`; a `sourceIp` must be an address the source can really have (see `pinSourceIp`):
 * a pin that matches none of its placements used to be dropped silently, which traced something else
 * than what was asked.
 */
export function checkFlowSpec(model: NetworkModel, spec: FlowSpec): { field: FlowSpecField; message: string; closest: string[] } | null {
  for (const field of ['from', 'to'] as const) {
    const bad = checkEndpoint(model, spec[field]);
    if (bad) return { field, ...bad };
  }
  if (spec.sourceIp === undefined) return null;
  const message = checkSourceIp(model, spec.from, spec.sourceIp);
  return message === null ? null : { field: 'sourceIp', message, closest: [] };
}

/** null when `sourceIp` is an address the endpoint `from` can have (or `from` is not resolvable: reported elsewhere); otherwise why not. */
export function checkSourceIp(model: NetworkModel, from: string, sourceIp: string): string | null {
  // An IPv6 pin is checked against the source's IPv6 addresses (the flow is then walked over IPv6).
  const r = resolveEndpoint(model, from, {}, sourceIp.includes(':') ? 6 : 4);
  if (!r.ok) return null;
  const pinned = pinSourceIp(model, r.sides, sourceIp);
  return pinned.ok ? null : pinned.message;
}

/**
 * Narrows the source's sides to those that can have `sourceIp`, with that address in their headers.
 * A side can have it when its address set contains it (an ENI's fixed private IP, its subnet's block,
 * a probe's CIDR; the internet for a public address outside every VPC). A side whose address the
 * template leaves unknown cannot be ruled out, so it keeps the pin. An address that is another
 * endpoint's fixed private IP is not the source's: EC2 assigns a private address to one interface only.
 */
export function pinSourceIp(model: NetworkModel, sides: Side[], sourceIp: string): { ok: true; sides: Side[] } | { ok: false; message: string } {
  const ip = parseIp(sourceIp.trim());
  if (!ip) return { ok: false, message: `${sourceIp} is not an IP address` };
  const pin = hostCidr(ip);
  const owner = fixedAddressOwner(model, pin);
  const kept: Side[] = [];
  for (const s of sides) {
    if (s.kind === 'service' || s.kind === 'remote') {
      // One fixed address: the pin must be it.
      if (s.addr.kind === 'cidr' && cidrContains(s.addr.cidr, pin)) kept.push(s);
      continue;
    }
    if (s.kind === 'internet') {
      const inside = s.addr.kind === 'internet' && s.addr.cidr ? cidrContains(s.addr.cidr, pin) : true;
      const where = resolveAddress(model, pin, sourceIp.trim(), {});
      if (inside && where.ok && where.sides[0].kind === 'internet') kept.push({ kind: 'internet', addr: { kind: 'internet', cidr: pin }, label: sourceIp.trim() });
      continue;
    }
    // A placement with no address of the pin's family (an IPv4-only interface and an IPv6 pin) cannot have it.
    if (s.noAddress) continue;
    if (s.addr.kind === 'cidr' && !cidrContains(s.addr.cidr, pin)) continue;
    if (!s.probe && owner && owner !== s.endpoint && !(s.placement.privateIp && !isUnknown(s.placement.privateIp))) continue;
    kept.push({ ...s, addr: { kind: 'cidr', cidr: pin } });
  }
  if (kept.length > 0) return { ok: true, sides: kept };
  const could = sides.map(describeAddresses);
  const taken = owner ? `; it is the fixed private address of ${owner}` : '';
  return { ok: false, message: `${sourceIp.trim()} is not an address the source can have (${[...new Set(could)].join('; ')})${taken}` };
}

function describeAddresses(s: Side): string {
  if (s.kind === 'service' || s.kind === 'remote') return `the source is ${s.label}`;
  if (s.kind === 'internet') return s.addr.kind === 'internet' && s.addr.cidr ? `the source is ${formatAddr(s.addr)} on the internet` : 'the source is the internet: a public address outside every VPC of the template';
  if (s.noAddress) return `${s.endpoint} has no IPv${s.noAddress.family} address (${s.noAddress.reason})`;
  if (s.addr.kind !== 'cidr') return `${s.endpoint}: ${formatAddr(s.addr)}`;
  if (isHost(s.addr.cidr)) return `${s.endpoint} has the fixed private address ${formatAddr(s.addr)}`;
  const sub = typeof s.placement.subnet === 'string' ? `subnet ${s.placement.subnet} ` : '';
  return `${s.endpoint} is in ${sub}${formatCidr(s.addr.cidr)}`;
}

/** The endpoint whose placement has exactly this fixed private address (`pin` is one address), if any. */
function fixedAddressOwner(model: NetworkModel, pin: Cidr): string | undefined {
  return placementWithAddress(model, pin)?.endpoint.id;
}

function resolveAddress(model: NetworkModel, cidr: Cidr, text: string, settings: WalkSettings): Resolution {
  // A service of the VPC at a reserved address, also where no subnet holds the address.
  const service = reservedService(model, cidr);
  if (service) return { ok: true, sides: [service] };
  // An ENI whose fixed address is exactly this one.
  if (isHost(cidr)) {
    const fixed = placementWithAddress(model, cidr);
    if (fixed) return { ok: true, sides: [placementSide(model, fixed.endpoint, fixed.placement, settings)] };
  }
  if (cidr.family === 6) {
    const v6 = resolveIpv6Address(model, cidr, text, settings);
    if (v6) return v6;
  }
  for (const s of subnetsNear(model, cidr)) {
    if (isUnknown(s.cidr)) continue;
    if (cidrContains(s.cidr, cidr)) return { ok: true, sides: [probeSide(model, s, cidr, settings)] };
    if (cidrOverlaps(s.cidr, cidr)) return { ok: false, message: `${text} spans subnet ${s.id} and other addresses; give an address or CIDR inside one subnet`, closest: [] };
  }
  const inVpc = vpcOverlapping(model, cidr);
  if (inVpc) return { ok: false, message: `${text} is in VPC ${inVpc.id} but in none of its modelled subnets`, closest: [] };
  // A public address the template's own Elastic IP will have (given as a setting): reaching it from inside
  // means out through the internet gateway and back in (NAT reflection), which is not walked.
  const eip = Object.entries(settings.publicIps ?? {}).find(([, a]) => a.trim() === formatAddr({ kind: 'cidr', cidr }));
  if (eip && isHost(cidr)) return { ok: false, unsupported: true, message: `${text} is the address given for EIP ${eip[0]}: a path out through the internet gateway and back in to the template's own address (NAT reflection) is not walked`, closest: [] };
  // A private address no VPC of the template holds (a peer's range, on-premises): routes decide.
  if (isPrivateSpace(cidr)) return { ok: true, sides: [{ kind: 'remote', addr: { kind: 'cidr', cidr }, label: `${text} (a private address outside every VPC of the template)` }] };
  return { ok: true, sides: [{ kind: 'internet', addr: { kind: 'internet', cidr }, label: text }] };
}

/** An IPv6 address or block inside the template's VPCs: an ENI's fixed IPv6 address, or a probe in the subnet whose IPv6 block holds it. */
function resolveIpv6Address(model: NetworkModel, cidr: Cidr, text: string, settings: WalkSettings): Resolution | undefined {
  if (isHost(cidr)) {
    for (const ep of model.endpoints) {
      for (const pl of ep.placements) {
        const v6 = pl.ipv6;
        if (v6 && !isUnknown(v6) && v6.kind === 'fixed' && v6.ips.some((ip) => cidrContainsIp(cidr, ip))) return { ok: true, sides: [placementSide(model, ep, pl, settings, 6)] };
      }
    }
  }
  for (const s of model.subnets) {
    if (s.ipv6Cidr === undefined || isUnknown(s.ipv6Cidr)) continue;
    if (cidrContains(s.ipv6Cidr, cidr)) return { ok: true, sides: [probeSide(model, s, cidr, settings, 6)] };
    if (cidrOverlaps(s.ipv6Cidr, cidr)) return { ok: false, message: `${text} spans subnet ${s.id} and other addresses; give an address or CIDR inside one subnet`, closest: [] };
  }
  return undefined;
}

export function placementSide(model: NetworkModel, ep: Endpoint, pl: Placement, settings: WalkSettings, family: 4 | 6 = 4): Side {
  if (family === 6) return ipv6PlacementSide(model, ep, pl, settings);
  let addr: Addr;
  if (pl.privateIp && !isUnknown(pl.privateIp)) addr = { kind: 'cidr', cidr: { family: pl.privateIp.family, base: pl.privateIp.value, prefix: pl.privateIp.family === 4 ? 32 : 128 } };
  else if (pl.privateIp && isUnknown(pl.privateIp)) addr = { kind: 'unknown', label: `private IP of ${ep.id}`, unknown: { reason: pl.privateIp.reason, range: pl.privateIp.range } };
  else addr = subnetAddr(model, pl.subnet, `${ep.id}`, pl.origin.range);
  let ephemeral = ep.ephemeral;
  if (ep.kind === 'instance' && settings.instanceEphemeral) {
    ephemeral = { range: settings.instanceEphemeral, assumption: `${ep.id} picks source ports in ${settings.instanceEphemeral.from}-${settings.instanceEphemeral.to} (the instanceEphemeral setting)` };
  }
  const side: Side = { kind: 'placement', endpoint: ep.id, endpointType: ep.type, placement: pl, addr, probe: false, ephemeral, kindOfEndpoint: ep.kind };
  const native = ipv6OnlySubnet(model, pl.subnet);
  if (native) side.noAddress = { family: 4, reason: native };
  return side;
}

/** Why a placement in an IPv6-only subnet has no IPv4 address, or undefined. */
function ipv6OnlySubnet(model: NetworkModel, subnetId: Placement['subnet']): string | undefined {
  const s = isUnknown(subnetId) ? undefined : model.index.subnet.get(subnetId);
  return s?.ipv6Native ? `subnet ${s.id} is IPv6-only (Ipv6Native), so nothing in it has an IPv4 address` : undefined;
}

function instanceEphemeral(ep: Endpoint, settings: WalkSettings): Endpoint['ephemeral'] {
  if (ep.kind === 'instance' && settings.instanceEphemeral) {
    return { range: settings.instanceEphemeral, assumption: `${ep.id} picks source ports in ${settings.instanceEphemeral.from}-${settings.instanceEphemeral.to} (the instanceEphemeral setting)` };
  }
  return ep.ephemeral;
}

/** A placement as an end of an IPv6 flow: its IPv6 address, or why it has none (ipv6-addresses.ts in the model). */
function ipv6PlacementSide(model: NetworkModel, ep: Endpoint, pl: Placement, settings: WalkSettings): Side {
  const side: Side = { kind: 'placement', endpoint: ep.id, endpointType: ep.type, placement: pl, addr: { kind: 'unknown', label: `IPv6 address of ${ep.id}`, unknown: { reason: '', range: pl.origin.range }, family: 6 }, probe: false, ephemeral: instanceEphemeral(ep, settings), kindOfEndpoint: ep.kind };
  const v6 = pl.ipv6;
  if (v6 === undefined) {
    side.addressUnknown = { reason: `packetwalk does not read the IPv6 addresses of ${ep.type} yet, so whether ${ep.id} has one is unknown`, range: pl.origin.range, code: 'UNSUPPORTED_COMPONENT' };
    return side;
  }
  if (isUnknown(v6)) {
    side.addressUnknown = { reason: `whether ${ep.id} has an IPv6 address is unknown: ${v6.reason}`, range: v6.range, code: 'ASSUMPTION_UNRESOLVED_VALUE' };
    return side;
  }
  // A subnet without an IPv6 block is the more basic reason: nothing in it can have an IPv6 address.
  const sub = subnetIpv6(model, pl.subnet, `IPv6 address of ${ep.id}`, pl.origin.range);
  if ('missing' in sub) {
    side.noAddress = { family: 6, reason: sub.missing };
    return side;
  }
  if (v6.kind === 'none') {
    side.noAddress = { family: 6, reason: v6.reason };
    return side;
  }
  if (v6.kind === 'fixed') {
    const ip = v6.ips[0];
    side.addr = { kind: 'cidr', cidr: { family: 6, base: ip.value, prefix: 128 } };
    return side;
  }
  side.addr = sub.addr;
  return side;
}

/** The IPv6 address set of a subnet: its block, a block inside its VPC's block assigned at deploy, or why it has none. */
function subnetIpv6(model: NetworkModel, subnetId: Placement['subnet'], who: string, at: Range): { addr: Addr } | { missing: string } {
  if (isUnknown(subnetId)) return { addr: { kind: 'unknown', label: who, unknown: { reason: subnetId.reason, range: subnetId.range }, family: 6 } };
  const s = model.index.subnet.get(subnetId);
  if (!s) return { addr: { kind: 'unknown', label: who, unknown: { reason: `subnet ${subnetId} is not in the model`, range: at }, family: 6 } };
  if (s.ipv6Cidr === undefined) return { missing: `subnet ${s.id} has no IPv6 CIDR block` };
  if (!isUnknown(s.ipv6Cidr)) return { addr: { kind: 'cidr', cidr: s.ipv6Cidr } };
  // EC2 takes a subnet's IPv6 block from its VPC's: unknown as a prefix, but inside that VPC.
  const vpc = isUnknown(s.vpc) ? undefined : s.vpc;
  const global = vpc !== undefined && amazonProvidedIpv6(model, vpc);
  return { addr: { kind: 'unknown', label: `some IPv6 address in ${s.id}`, unknown: { reason: s.ipv6Cidr.reason, range: s.ipv6Cidr.range }, family: 6, ...(vpc ? { inVpc: vpc } : {}), ...(global ? { global } : {}) } };
}

/** Whether the VPC's IPv6 block is Amazon-provided (AmazonProvidedIpv6CidrBlock): global unicast space. */
function amazonProvidedIpv6(model: NetworkModel, vpc: string): boolean {
  const v = model.index.vpc.get(vpc);
  if (!v) return false;
  return v.cidrs.some((c) => isUnknown(c.cidr) && model.unknowns.some((u) => u.property === 'AmazonProvidedIpv6CidrBlock' && u.range.start === c.origin.range.start && u.range.end === c.origin.range.end));
}

function subnetAddr(model: NetworkModel, subnetId: Placement['subnet'], who: string, at: Range): Addr {
  if (isUnknown(subnetId)) return { kind: 'unknown', label: `address of ${who}`, unknown: { reason: subnetId.reason, range: subnetId.range } };
  const s = model.index.subnet.get(subnetId);
  if (!s) return { kind: 'unknown', label: `address of ${who}`, unknown: { reason: `subnet ${subnetId} is not in the model`, range: at } };
  if (isUnknown(s.cidr)) return { kind: 'unknown', label: `some address in ${s.id}`, unknown: { reason: s.cidr.reason, range: s.cidr.range } };
  return { kind: 'cidr', cidr: s.cidr };
}

function probeSide(model: NetworkModel, s: Subnet, at: Cidr | undefined, settings: WalkSettings, family: 4 | 6 = 4): Side {
  const range = settings.instanceEphemeral ?? LINUX_EPHEMERAL;
  const pl: Placement = {
    // A subnet EC2 refuses to create holds no host: the walk cannot start or end there.
    subnet: s.rejected ? { unknown: true, reason: s.rejected, range: s.origin.range } : s.id,
    privateIp: at && isHost(at) ? { family: at.family, value: at.base } : undefined,
    publicIp: isUnknown(s.mapPublicIpOnLaunch)
      ? s.mapPublicIpOnLaunch
      : s.mapPublicIpOnLaunch
        ? { kind: 'auto', reason: `subnet ${s.id} maps a public IP on launch` }
        : { kind: 'none', reason: `subnet ${s.id} does not map public IPs on launch` },
    securityGroups: [],
    sourceDestCheck: true,
    origin: s.origin,
  };
  let addr: Addr = at ? { kind: 'cidr', cidr: at } : subnetAddr(model, s.id, s.id, s.origin.range);
  let noAddress: { family: 4 | 6; reason: string } | undefined;
  if (family === 6 && !at) {
    // A probe host in a subnet with an IPv6 block has an IPv6 address from it.
    const v6 = subnetIpv6(model, s.id, `some IPv6 address in ${s.id}`, s.origin.range);
    if ('addr' in v6) addr = v6.addr;
    else noAddress = { family: 6, reason: v6.missing };
  } else if (family === 4 && s.ipv6Native) noAddress = { family: 4, reason: `subnet ${s.id} is IPv6-only (Ipv6Native), so nothing in it has an IPv4 address` };
  return {
    ...(noAddress ? { noAddress } : {}),
    kind: 'placement',
    endpoint: s.id,
    endpointType: 'AWS::EC2::Subnet',
    placement: pl,
    addr,
    probe: true,
    ephemeral: { range, assumption: `a probe host in subnet ${s.id} picks source ports in ${range.from}-${range.to} (${settings.instanceEphemeral ? 'the instanceEphemeral setting' : 'the Linux default'})` },
    kindOfEndpoint: 'probe',
  };
}

/** Logical ids closest to `name` by edit distance (case-insensitive), best first. */
export function closestIds(model: NetworkModel, name: string, max = 3): string[] {
  return closestAmong(suggestionPool(model), name, max);
}

/** The names "did you mean" draws from: every logical id, endpoint and subnet of the model. */
export function suggestionPool(model: NetworkModel): string[] {
  return [...new Set([...model.logicalIds, ...model.endpoints.map((e) => e.id), ...model.subnets.map((s) => s.id)])];
}

/** The names of `pool` closest to `name` by edit distance (case-insensitive), best first: the FLOW_UNKNOWN_ENDPOINT hint and its quick fix. */
export function closestAmong(pool: readonly string[], name: string, max = 3): string[] {
  const scored = pool.map((id) => ({ id, d: editDistance(id.toLowerCase(), name.toLowerCase()) }));
  const limit = Math.max(3, Math.floor(name.length / 2));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((s) => s.id);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The link-local addresses of the services every VPC provides (VPC User Guide "Amazon DNS server"; EC2 instance metadata; Time Sync). */
const LINK_LOCAL: Record<string, ReservedService> = { '169.254.169.253': 'dns', '169.254.169.254': 'imds', '169.254.169.123': 'time-sync' };
/** 169.254.0.0/16, where every LINK_LOCAL address is: other addresses need not be written out to be looked up. */
const LINK_LOCAL_BLOCK = (parseCidr('169.254.0.0/16') as { ok: true; cidr: Cidr }).cidr;

const SERVICE_NAME: Record<ReservedService, string> = { dns: 'the Amazon DNS server', imds: 'the instance metadata service', 'time-sync': 'the Amazon Time Sync Service' };

export function serviceName(s: ReservedService): string {
  return SERVICE_NAME[s];
}

/** The reserved service at this address: a link-local one, or the DNS server at a VPC's primary block base + 2. */
function reservedService(model: NetworkModel, c: Cidr): Side | undefined {
  if (!isHost(c) || c.family !== 4) return undefined;
  if (cidrContains(LINK_LOCAL_BLOCK, c)) {
    const text = formatAddr({ kind: 'cidr', cidr: c });
    const ll = LINK_LOCAL[text];
    if (ll) return { kind: 'service', service: ll, addr: { kind: 'cidr', cidr: c }, label: `${text} (${SERVICE_NAME[ll]})` };
  }
  const v = vpcWithDnsServerAt(model, c);
  if (v) return { kind: 'service', service: 'dns', addr: { kind: 'cidr', cidr: c }, label: `${formatAddr({ kind: 'cidr', cidr: c })} (${SERVICE_NAME.dns} of ${v.id})`, vpc: v.id };
  return undefined;
}
