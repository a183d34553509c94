// Where a flow starts or ends: an endpoint's logical id (every placement it has), a subnet's logical
// id (a probe host: some address in the subnet, no security group), an address or CIDR (inside a
// modelled subnet: the ENI with exactly that fixed address, or a probe there; outside every VPC and
// public: the internet), or `internet`.
import { cidrContains, cidrContainsIp, cidrOverlaps, isPrivateSpace, parseCidr, type Cidr } from '../net/ip';
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type Subnet } from '../model/types';
import type { WalkSettings } from './types';
import { isHost } from './addresses';
import type { Addr, Side } from './types';
import type { Range } from '../template/located';

export const LINUX_EPHEMERAL = { from: 32768, to: 60999 };

/** `unsupported`: the template defines the name, but as a resource the walk cannot start or end at yet. */
export type Resolution = { ok: true; sides: Side[] } | { ok: false; message: string; closest: string[]; unsupported?: boolean };

/** Marks the assumption of a trace that could not start because an endpoint is not supported yet. */
export const UNSUPPORTED_ENDPOINT = 'packetwalk cannot use';

export function resolveEndpoint(model: NetworkModel, name: string, settings: WalkSettings = {}): Resolution {
  const n = name.trim();
  if (n.toLowerCase() === 'internet') return { ok: true, sides: [{ kind: 'internet', addr: { kind: 'internet' }, label: 'internet' }] };

  const ep = model.index.endpoint.get(n);
  if (ep) {
    if (ep.placements.length === 0) return { ok: false, message: `${n} has no network placement in the template (no subnet or interface)`, closest: [] };
    return { ok: true, sides: ep.placements.map((pl) => placementSide(model, ep, pl, settings)) };
  }
  const subnet = model.index.subnet.get(n);
  if (subnet) return { ok: true, sides: [probeSide(model, subnet, undefined, settings)] };
  // An internet gateway as an endpoint (as Reachability Analyzer paths use it) stands for the internet.
  if (model.index.internetGateway.has(n)) return { ok: true, sides: [{ kind: 'internet', addr: { kind: 'internet' }, label: `internet (through ${n})` }] };

  // Only text with a dot or a colon is an address: "Db" or "Cafe" are names even though they are hex.
  const parsed = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(n) && /[.:]/.test(n) ? parseCidr(n) : undefined;
  if (parsed && parsed.ok) return resolveAddress(model, parsed.cidr, n, settings);
  if (parsed && !parsed.ok) return { ok: false, message: parsed.error, closest: [] };

  if (model.logicalIds.includes(n)) {
    return { ok: false, unsupported: true, message: `${n} is a resource that ${UNSUPPORTED_ENDPOINT} as a flow endpoint yet (only instances, network interfaces, Lambda functions, RDS, NAT gateways, subnets, addresses and the internet)`, closest: [] };
  }
  return { ok: false, message: `the template defines no endpoint or subnet named "${n}"`, closest: closestIds(model, n) };
}

/** null when the name is usable; otherwise the message and the closest logical ids (for exit 2 and FLOW_UNKNOWN_ENDPOINT). */
export function checkEndpoint(model: NetworkModel, name: string): { message: string; closest: string[] } | null {
  const r = resolveEndpoint(model, name);
  // A defined resource the walk does not support yet is a usable name: its traces are `unknown`.
  if (r.ok || r.unsupported) return null;
  return { message: r.message + (r.closest.length ? ` (did you mean ${r.closest.join(', ')}?)` : ''), closest: r.closest };
}

function resolveAddress(model: NetworkModel, cidr: Cidr, text: string, settings: WalkSettings): Resolution {
  // An ENI whose fixed address is exactly this one.
  if (isHost(cidr)) {
    for (const ep of model.endpoints) {
      for (const pl of ep.placements) {
        if (pl.privateIp && !isUnknown(pl.privateIp) && cidrContainsIp(cidr, pl.privateIp)) return { ok: true, sides: [placementSide(model, ep, pl, settings)] };
      }
    }
  }
  for (const s of model.subnets) {
    if (isUnknown(s.cidr)) continue;
    if (cidrContains(s.cidr, cidr)) return { ok: true, sides: [probeSide(model, s, cidr, settings)] };
    if (cidrOverlaps(s.cidr, cidr)) return { ok: false, message: `${text} spans subnet ${s.id} and other addresses; give an address or CIDR inside one subnet`, closest: [] };
  }
  const inVpc = model.vpcs.find((v) => v.cidrs.some((c) => !isUnknown(c.cidr) && cidrOverlaps(c.cidr, cidr)));
  if (inVpc) return { ok: false, message: `${text} is in VPC ${inVpc.id} but in none of its modelled subnets`, closest: [] };
  if (isPrivateSpace(cidr)) return { ok: false, message: `${text} is a private address outside every VPC of the template`, closest: [] };
  return { ok: true, sides: [{ kind: 'internet', addr: { kind: 'internet', cidr }, label: text }] };
}

export function placementSide(model: NetworkModel, ep: Endpoint, pl: Placement, settings: WalkSettings): Side {
  let addr: Addr;
  if (pl.privateIp && !isUnknown(pl.privateIp)) addr = { kind: 'cidr', cidr: { family: pl.privateIp.family, base: pl.privateIp.value, prefix: pl.privateIp.family === 4 ? 32 : 128 } };
  else if (pl.privateIp && isUnknown(pl.privateIp)) addr = { kind: 'unknown', label: `private IP of ${ep.id}`, unknown: { reason: pl.privateIp.reason, range: pl.privateIp.range } };
  else addr = subnetAddr(model, pl.subnet, `${ep.id}`, pl.origin.range);
  let ephemeral = ep.ephemeral;
  if (ep.kind === 'instance' && settings.instanceEphemeral) {
    ephemeral = { range: settings.instanceEphemeral, assumption: `${ep.id} picks source ports in ${settings.instanceEphemeral.from}-${settings.instanceEphemeral.to} (the instanceEphemeral setting)` };
  }
  return { kind: 'placement', endpoint: ep.id, endpointType: ep.type, placement: pl, addr, probe: false, ephemeral, kindOfEndpoint: ep.kind };
}

function subnetAddr(model: NetworkModel, subnetId: Placement['subnet'], who: string, at: Range): Addr {
  if (isUnknown(subnetId)) return { kind: 'unknown', label: `address of ${who}`, unknown: { reason: subnetId.reason, range: subnetId.range } };
  const s = model.index.subnet.get(subnetId);
  if (!s) return { kind: 'unknown', label: `address of ${who}`, unknown: { reason: `subnet ${subnetId} is not in the model`, range: at } };
  if (isUnknown(s.cidr)) return { kind: 'unknown', label: `some address in ${s.id}`, unknown: { reason: s.cidr.reason, range: s.cidr.range } };
  return { kind: 'cidr', cidr: s.cidr };
}

function probeSide(model: NetworkModel, s: Subnet, at: Cidr | undefined, settings: WalkSettings): Side {
  const range = settings.instanceEphemeral ?? LINUX_EPHEMERAL;
  const pl: Placement = {
    subnet: s.id,
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
  const addr: Addr = at ? { kind: 'cidr', cidr: at } : subnetAddr(model, s.id, s.id, s.origin.range);
  return {
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
  const pool = [...new Set([...model.logicalIds, ...model.endpoints.map((e) => e.id), ...model.subnets.map((s) => s.id)])];
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
