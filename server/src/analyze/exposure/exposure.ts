// What the internet can reach (docs/exposure.md): every (endpoint, protocol, port range) that a walk from
// `internet` reaches and gets replies from. Path-aware: a security-group rule from 0.0.0.0/0 is only an
// exposure when the walk also finds a public address, a route to an attached internet gateway and NACLs
// that let the packets in and the replies out. An internet-facing load balancer is exposed on its listener
// ports (its targets only when the internet reaches them directly). Pure; never throws.
import type { Hop } from '../../../../shared/protocol';
import type { Range } from '../../template/located';
import { isUnknown, type Endpoint, type NetworkModel, type Placement, type SgRule } from '../../model/types';
import type { PortRange } from '../../net/ports';
import { formatIp } from '../../net/ip';
import { resolveEndpoint, placementSide } from '../../walk/endpoints';
import { walkPair } from '../../walk/pair-walk';
import type { Side, WalkSettings } from '../../walk/types';

export interface Exposure {
  endpoint: string;
  protocol: 'tcp' | 'udp';
  ports: PortRange;
  /** The resources the packets pass on the way in, in order, ending at the endpoint. */
  via: string[];
  /** The public address the internet uses: an Elastic IP, an address assigned at launch, a load balancer's DNS name. */
  address: string;
  /** The rule that opens it (the security-group rule, or the listener of a load balancer). */
  rule: { resource: string; range: Range; text: string };
  /** Exposed as a load balancer on its listener port (never a sensitive-port warning). */
  listener: boolean;
  /** The forward hops of one walk that proves it (for related information and the text report). */
  hops: Hop[];
  /** The sensitive services the range opens (empty for a listener port): set by classifyExposures. */
  sensitive: string[];
  /** Accepted in Metadata PacketWalk Exposed, or stated blocked by a declared flow: set by classifyExposures. */
  accepted: boolean;
  /** 6: exposed to the IPv6 internet (a rule from ::/0, walked over IPv6 to the interface's own address). */
  ipVersion?: 6;
}

interface Candidate {
  family: 4 | 6;
  protocol: 'tcp' | 'udp';
  ports: PortRange;
  rule: Exposure['rule'];
  listener: boolean;
}

/** Port-range pieces walked per candidate at most (each NACL entry boundary splits the range once). */
const MAX_PIECES = 64;

/**
 * `undecided` collects the endpoints for which some walk from the internet could not be decided (a value
 * the template leaves open): what they expose is not known in full.
 */
export function findExposures(model: NetworkModel, settings: WalkSettings = {}, undecided?: Set<string>): Exposure[] {
  const internet = resolveEndpoint(model, 'internet', settings);
  const internet6 = resolveEndpoint(model, 'internet', settings, 6);
  if (!internet.ok || !internet6.ok) return [];
  const fromOf = { 4: internet.sides[0], 6: internet6.sides[0] };
  const out: Exposure[] = [];
  // An interface attached to an instance is that instance's: the instance is the exposed endpoint.
  const attached = new Set<string>();
  for (const e of model.endpoints) if (e.kind === 'instance') for (const pl of e.placements) if (pl.networkInterface) attached.add(pl.networkInterface);
  for (const e of model.endpoints) {
    if (e.exists !== 'yes' || e.kind === 'nat-gateway' || e.kind === 'vpc-endpoint' || attached.has(e.id)) continue;
    const publicPlacements = e.placements.filter((pl) => !isUnknown(pl.publicIp) && pl.publicIp.kind !== 'none');
    // Over IPv6 an interface with an IPv6 address is reachable directly: its address is global.
    const ipv6Placements = e.placements.filter((pl) => pl.ipv6 !== undefined && !isUnknown(pl.ipv6) && pl.ipv6.kind !== 'none');
    if (publicPlacements.length === 0 && ipv6Placements.length === 0) continue;
    const sidesOf = {
      4: publicPlacements.map((pl) => ({ pl, side: placementSide(model, e, pl, settings) })),
      6: ipv6Placements.map((pl) => ({ pl, side: placementSide(model, e, pl, settings, 6) })),
    };
    const done: Array<{ family: number; protocol: string; ports: PortRange }> = [];
    for (const c of candidates(model, e)) {
      if (sidesOf[c.family].length === 0) continue;
      for (const piece of pieces(model, e, c)) {
        if (done.some((d) => d.family === c.family && d.protocol === c.protocol && d.ports.from <= piece.from && piece.to <= d.ports.to)) continue;
        const proof = reachedFrom(model, settings, fromOf[c.family], sidesOf[c.family], c, piece);
        if (proof === 'unknown') undecided?.add(e.id);
        if (!proof || proof === 'unknown') continue;
        const last = out[out.length - 1];
        // Adjacent pieces opened by the same rule collapse into one range.
        if (last && last.endpoint === e.id && last.protocol === c.protocol && last.rule.range.start === c.rule.range.start && last.ports.to + 1 === piece.from) last.ports = { from: last.ports.from, to: piece.to };
        else {
          const x: Exposure = { endpoint: e.id, protocol: c.protocol, ports: piece, via: via(proof.hops, e.id), address: c.family === 6 ? address6(e, proof.pl) : address(e, proof.pl, settings), rule: c.rule, listener: c.listener, hops: proof.hops.filter((h) => h.direction === 'forward'), sensitive: [], accepted: false };
          if (c.family === 6) x.ipVersion = 6;
          out.push(x);
        }
      }
      done.push({ family: c.family, protocol: c.protocol, ports: c.ports });
    }
  }
  return out;
}

/** A proof that the internet reaches one of the placements; 'unknown' when none does but some walk could not be decided. */
function reachedFrom(model: NetworkModel, settings: WalkSettings, from: Side, sides: Array<{ pl: Placement; side: Side }>, c: Candidate, ports: PortRange): { pl: Placement; hops: Hop[] } | 'unknown' | null {
  let unknown = false;
  for (const { pl, side } of sides) {
    const r = walkPair(model, settings, { src: from, dst: side, protocol: c.protocol === 'tcp' ? 6 : 17, dstPorts: ports });
    if (r.blockers.length === 0 && !r.unknown) return { pl, hops: r.hops };
    if (r.unknown && r.blockers.length === 0) unknown = true;
  }
  return unknown ? 'unknown' : null;
}

function ruleText(sgId: string, r: SgRule, ports: PortRange, protocol: string, family: 4 | 6): string {
  return `security group ${sgId} admits ${protocol} ${ports.from === ports.to ? ports.from : `${ports.from}-${ports.to}`} from ${family === 6 ? '::/0' : '0.0.0.0/0'}`;
}

/** What the endpoint could be reached on: its listener ports (a load balancer), or its rules from 0.0.0.0/0. */
function candidates(model: NetworkModel, e: Endpoint): Candidate[] {
  const out: Candidate[] = [];
  if (e.kind === 'load-balancer') {
    for (const l of e.listeners ?? []) {
      if (l.exists !== 'yes' || l.port === undefined || isUnknown(l.port)) continue;
      const protocols = l.protocols ?? [6];
      for (const p of protocols) {
        if (p !== 6 && p !== 17) continue;
        const protocol = p === 6 ? 'tcp' : 'udp';
        out.push({ family: 4, protocol, ports: { from: l.port, to: l.port }, listener: true, rule: { resource: l.origin.resource, range: l.origin.range, text: `listener ${l.id} on ${protocol} ${l.port}` } });
      }
    }
    return out;
  }
  const groups = new Set<string>();
  for (const pl of e.placements) for (const g of pl.securityGroups) if (typeof g === 'string') groups.add(g);
  for (const id of groups) {
    const sg = model.index.securityGroup.get(id);
    if (!sg || sg.exists !== 'yes') continue;
    for (const r of sg.rules) {
      if (r.direction !== 'ingress' || r.exists !== 'yes' || r.placeholder) continue;
      // A rule from 0.0.0.0/0 (the IPv4 internet) or from ::/0 (the IPv6 internet).
      if (r.peer.kind !== 'cidr' || isUnknown(r.peer.cidr) || r.peer.cidr.prefix !== 0) continue;
      const family = r.peer.cidr.family;
      if (isUnknown(r.protocol) || isUnknown(r.ports)) continue;
      const ports = r.ports === 'all' ? { from: 0, to: 65535 } : r.ports;
      const protocols: Array<'tcp' | 'udp'> = r.protocol === -1 ? ['tcp', 'udp'] : r.protocol === 6 ? ['tcp'] : r.protocol === 17 ? ['udp'] : [];
      for (const protocol of protocols) out.push({ family, protocol, ports, listener: false, rule: { resource: r.origin.resource, range: r.origin.range, text: ruleText(id, r, ports, protocol, family) } });
    }
  }
  return out;
}

/**
 * The candidate's range cut where a NACL entry on the endpoint's subnets or another rule of its groups
 * starts or ends, so that each piece is decided the same way throughout (the walk is all-or-nothing).
 */
function pieces(model: NetworkModel, e: Endpoint, c: Candidate): PortRange[] {
  if (c.ports.from === c.ports.to) return [c.ports];
  const cuts = new Set<number>();
  const cut = (r: PortRange) => {
    if (r.from > c.ports.from && r.from <= c.ports.to) cuts.add(r.from);
    if (r.to + 1 > c.ports.from && r.to + 1 <= c.ports.to) cuts.add(r.to + 1);
  };
  for (const pl of e.placements) {
    const subnet = typeof pl.subnet === 'string' ? model.index.subnet.get(pl.subnet) : undefined;
    const acl = subnet && typeof subnet.networkAcl === 'string' ? model.index.networkAcl.get(subnet.networkAcl) : undefined;
    for (const entry of acl?.entries ?? []) if (entry.ports && !isUnknown(entry.ports)) cut(entry.ports);
    for (const g of pl.securityGroups) {
      const sg = typeof g === 'string' ? model.index.securityGroup.get(g) : undefined;
      for (const r of sg?.rules ?? []) if (r.direction === 'ingress' && !isUnknown(r.ports) && r.ports !== 'all') cut(r.ports);
    }
  }
  const points = [...cuts].sort((a, b) => a - b).slice(0, MAX_PIECES - 1);
  const out: PortRange[] = [];
  let start = c.ports.from;
  for (const p of points) {
    out.push({ from: start, to: p - 1 });
    start = p;
  }
  out.push({ from: start, to: c.ports.to });
  return out;
}

function via(hops: Hop[], endpoint: string): string[] {
  const out: string[] = [];
  for (const h of hops) if (h.direction === 'forward' && h.resource && !out.includes(h.resource)) out.push(h.resource);
  const i = out.indexOf(endpoint);
  if (i >= 0) out.splice(i, 1);
  out.push(endpoint);
  return out;
}

/** The IPv6 address the internet uses: the fixed one, or the one EC2 assigns from the subnet's block. */
function address6(e: Endpoint, pl: Placement): string {
  const v6 = pl.ipv6;
  if (v6 && !isUnknown(v6) && v6.kind === 'fixed') return formatIp(v6.ips[0]);
  return `the IPv6 address ${e.id} gets from subnet ${typeof pl.subnet === 'string' ? pl.subnet : '?'}`;
}

function address(e: Endpoint, pl: Placement, settings: WalkSettings): string {
  const pub = pl.publicIp;
  if (isUnknown(pub) || pub.kind === 'none') return 'unknown';
  if (pub.kind === 'eip') return settings.publicIps?.[pub.eip] ?? `Elastic IP ${pub.eip}`;
  if (e.kind === 'load-balancer') return `the DNS name of ${e.id}`;
  return `the public IP address ${e.id} gets at launch`;
}
