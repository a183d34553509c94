// `packetwalk model`: what the engine believes the network is, as plain JSON data (docs/architecture.md "model
// --format json") and as aligned text. A value the template cannot decide is `null` here and has an
// entry in `unknowns`; an element whose Condition cannot be decided carries `"condition": "unknown"`.
import type { Endpoint, Existence, Maybe, NetworkModel, PublicAddress, RouteTable, SgPeer, SgRule } from './types';
import { isUnknown } from './types';
import { formatCidr, formatIp, type Cidr, type Ip } from '../net/ip';
import { formatPorts, protocolName, type PortRange } from '../net/ports';
import { modelTextOf } from './view-text';

type J = string | number | boolean | null | J[] | { [k: string]: J };
export type ModelView = {
  vpcs: J[];
  subnets: J[];
  routeTables: J[];
  networkAcls: J[];
  securityGroups: J[];
  endpoints: J[];
  gateways: J[];
  /** VPC peering connections, transit gateways (attachments, route tables) and prefix lists. */
  peerings: J[];
  transitGateways: J[];
  prefixLists: J[];
  flows: J[];
  unknowns: Array<{ resource: string; property: string; reason: string }>;
  problems: Array<{ code: string; message: string; range: { start: number; end: number } }>;
};

const val = <T>(v: Maybe<T> | undefined, f: (x: T) => J): J => (v === undefined || isUnknown(v) ? null : f(v));
const str = (v: Maybe<string> | undefined): J => val(v, (x) => x);
const cidr = (v: Maybe<Cidr> | undefined): J => val(v, formatCidr);
const ip = (v: Maybe<Ip> | undefined): J => val(v, formatIp);
const ports = (v: Maybe<PortRange> | 'all' | undefined): J => (v === 'all' ? 'all' : val(v, formatPorts));
const proto = (v: Maybe<number>): J => val(v, protocolName);

function cond(e: Existence): { condition?: J } {
  return e === 'unknown' ? { condition: 'unknown' } : {};
}

/** Names an implicit element by what it is for its VPC ("main", "default"), else by its logical id. */
function tableName(m: NetworkModel, id: Maybe<string>): J {
  if (isUnknown(id)) return null;
  return m.index.routeTable.get(id)?.implicit ? 'main' : id;
}
function aclName(m: NetworkModel, id: Maybe<string>): J {
  if (isUnknown(id)) return null;
  return m.index.networkAcl.get(id)?.implicit ? 'default' : id;
}

/** True when the table has a route to an internet gateway (AWS's definition of a public subnet). */
function isPublic(t: RouteTable | undefined): J {
  if (!t) return null;
  let maybe = false;
  for (const r of t.routes) {
    if (r.target.kind !== 'internet-gateway') continue;
    if (r.exists === 'yes' && !isUnknown(r.target.id)) return true;
    maybe = true;
  }
  return maybe ? null : false;
}

function peer(p: SgPeer): J {
  if (p.kind === 'cidr') return cidr(p.cidr);
  if (p.kind === 'security-group') return p.group === undefined || isUnknown(p.group) ? null : `sg:${p.group}`;
  return p.id === undefined || isUnknown(p.id) ? null : `pl:${p.id}`;
}

function sgRule(r: SgRule): J {
  const o: { [k: string]: J } = { id: r.id, protocol: proto(r.protocol), ports: ports(r.ports), peer: peer(r.peer) };
  if (r.icmp) o.icmp = { type: r.icmp.type, code: r.icmp.code };
  if (r.description) o.description = r.description;
  if (r.placeholder) o.placeholder = true;
  if (r.implicitDefaultEgress) o.implicitDefaultEgress = true;
  return { ...o, ...cond(r.exists) };
}

function publicIp(p: PublicAddress): J {
  if (isUnknown(p)) return null;
  if (p.kind === 'eip') return `eip:${p.eip}`;
  return p.kind;
}

export function modelView(m: NetworkModel): ModelView {
  return {
    vpcs: m.vpcs.map((v) => ({ id: v.id, cidrs: v.cidrs.map((c) => cidr(c.cidr)), ...cond(v.exists) })),
    subnets: m.subnets.map((s) => {
      const rt = isUnknown(s.routeTable) ? undefined : m.index.routeTable.get(s.routeTable);
      const o: { [k: string]: J } = {
        id: s.id,
        vpc: str(s.vpc),
        cidr: cidr(s.cidr),
        az: str(s.az),
        routeTable: tableName(m, s.routeTable),
        networkAcl: aclName(m, s.networkAcl),
        public: isPublic(rt),
      };
      if (s.ipv6Cidr !== undefined) o.ipv6Cidr = cidr(s.ipv6Cidr);
      if (s.ipv6Slot) o.ipv6Block = `block ${s.ipv6Slot.index} (/${s.ipv6Slot.prefix}) of ${s.ipv6Slot.vpc}'s IPv6 block`;
      if (s.ipv6Native) o.ipv6Native = true;
      o.mapPublicIpOnLaunch = val(s.mapPublicIpOnLaunch, (x) => x);
      return { ...o, ...cond(s.exists) };
    }),
    routeTables: m.routeTables.map((t) => ({
      id: t.id,
      vpc: str(t.vpc),
      ...(t.implicit ? { implicit: t.implicit } : {}),
      routes: t.routes.map((r) => {
        const d = r.destination;
        const destination: J = !isUnknown(d) && 'prefixList' in d ? (isUnknown(d.prefixList) ? null : `pl:${d.prefixList}`) : cidr(d as Maybe<Cidr>);
        const tg = r.target;
        const target: J =
          tg.kind === 'local'
            ? { kind: 'local' }
            : tg.kind === 'missing'
              ? { kind: 'missing', id: tg.id, reason: tg.reason }
              : tg.kind === 'vpc-endpoint' && tg.firewall
                ? { kind: tg.kind, id: str(tg.id), firewallEndpoint: tg.firewall.index }
                : { kind: tg.kind, id: str(tg.id) };
        return { id: r.id, destination, target, ...(r.propagated ? { propagated: true } : {}), ...cond(r.exists) };
      }),
      ...cond(t.exists),
    })),
    networkAcls: m.networkAcls.map((a) => ({
      id: a.id,
      vpc: str(a.vpc),
      ...(a.implicit ? { implicit: a.implicit } : {}),
      entries: a.entries.map((e) => {
        const o: { [k: string]: J } = {
          id: e.id,
          rule: val(e.ruleNumber, (x) => x),
          direction: e.egress ? 'egress' : 'ingress',
          action: str(e.action),
          protocol: proto(e.protocol),
          cidr: cidr(e.cidr),
        };
        if (e.ports !== undefined) o.ports = ports(e.ports);
        if (e.icmp) o.icmp = { type: e.icmp.type, code: e.icmp.code };
        return { ...o, ...cond(e.exists) };
      }),
      ...cond(a.exists),
    })),
    securityGroups: m.securityGroups.map((g) => ({
      id: g.id,
      vpc: str(g.vpc),
      ...(g.implicit ? { implicit: g.implicit } : {}),
      ingress: g.rules.filter((r) => r.direction === 'ingress').map(sgRule),
      egress: g.rules.filter((r) => r.direction === 'egress').map(sgRule),
      egressAssumption: g.egressAssumption ?? null,
      ...cond(g.exists),
    })),
    endpoints: m.endpoints.map((e) => ({
      id: e.id,
      type: e.type,
      kind: e.kind,
      placements: e.placements.map((p) => {
        const o: { [k: string]: J } = {
          subnet: str(p.subnet),
          privateIp: p.privateIp === undefined ? null : ip(p.privateIp),
          publicIp: publicIp(p.publicIp),
          securityGroups: p.securityGroups.map((g) => str(g)),
        };
        if (p.usesDefaultSecurityGroup) o.usesDefaultSecurityGroup = true;
        if (p.networkInterface) o.networkInterface = p.networkInterface;
        if (!p.sourceDestCheck) o.sourceDestCheck = false;
        return o;
      }),
      ephemeralPorts: formatPorts(e.ephemeral.range),
      ...(e.service ? { service: { name: e.service.name, privateDns: isUnknown(e.service.privateDns) ? null : e.service.privateDns } } : {}),
      ...(e.loadBalancer ? { loadBalancer: loadBalancerView(m, e) } : {}),
      ...(e.inspection ? { inspection: inspectionView(e.inspection) } : {}),
      ...cond(e.exists),
    })),
    gateways: [
      ...m.internetGateways.map((g) => ({ id: g.id, type: 'AWS::EC2::InternetGateway', kind: 'internet-gateway', vpcs: g.attachments.map((a) => str(a.vpc)), ...cond(g.exists) })),
      ...m.natGateways.map((n) => ({
        id: n.id,
        type: 'AWS::EC2::NatGateway',
        kind: 'nat-gateway',
        subnet: str(n.subnet),
        connectivity: n.connectivity,
        eip: n.eip === undefined ? null : str(n.eip),
        ...cond(n.exists),
      })),
      ...m.elasticIps.map((e) => ({
        id: e.id,
        type: 'AWS::EC2::EIP',
        kind: 'elastic-ip',
        associatedWith: e.associatedWith === undefined || isUnknown(e.associatedWith) ? null : `${e.associatedWith.kind}:${e.associatedWith.id}`,
        ...cond(e.exists),
      })),
      ...(m.otherGateways ?? []).map((g) => ({ id: g.id, type: g.type, kind: g.kind, vpcs: g.vpcs.map((v) => str(v)), ...cond(g.exists) })),
    ],
    peerings: (m.peerings ?? []).map((p) => ({
      id: p.id,
      requester: str(p.requester),
      accepter: str(p.accepter),
      ...(p.peerRegion !== undefined ? { peerRegion: str(p.peerRegion) } : {}),
      ...(p.peerOwner !== undefined ? { peerOwner: str(p.peerOwner) } : {}),
      ...(p.refused ? { refused: p.refused } : {}),
      ...cond(p.exists),
    })),
    transitGateways: (m.transitGateways ?? []).map((g) => ({
      id: g.id,
      defaultAssociation: val(g.defaultAssociation, (x) => x),
      defaultPropagation: val(g.defaultPropagation, (x) => x),
      attachments: (m.tgwAttachments ?? [])
        .filter((a) => a.tgw === g.id)
        .map((a) => ({
          id: a.id,
          kind: a.kind,
          vpc: str(a.vpc),
          subnets: a.subnets.map((x) => str(x)),
          applianceMode: val(a.applianceMode, (x) => x),
          ipv6Support: val(a.ipv6Support ?? false, (x) => x),
          routeTable: tgwTableOf(m, a.id),
          ...cond(a.exists),
        })),
      routeTables: (m.tgwRouteTables ?? [])
        .filter((t) => t.tgw === g.id)
        .map((t) => ({
          id: t.id,
          ...(t.implicit ? { implicit: t.implicit } : {}),
          routes: t.routes.map((r) => ({ id: r.id, destination: cidr(r.destination), attachment: r.blackhole ? 'blackhole' : r.attachment === undefined ? null : str(r.attachment), source: r.source, ...cond(r.exists) })),
          ...cond(t.exists),
        })),
      ...cond(g.exists),
    })),
    prefixLists: (m.prefixLists ?? []).map((l) => ({
      id: l.id,
      family: val(l.family, (x) => x),
      entries: isUnknown(l.entries) ? null : l.entries.map((e) => cidr(e.cidr)),
      ...cond(l.exists),
    })),
    flows: m.flows.map((f) => {
      const o: { [k: string]: J } = { name: f.name, from: f.from, to: f.to, protocol: f.protocol, port: f.port ? formatPorts(f.port) : null, expect: f.expect, declaredBy: f.declaredBy };
      if (f.sourceIp) o.sourceIp = f.sourceIp;
      if (f.sourcePort !== undefined) o.sourcePort = f.sourcePort;
      if (f.ipVersion !== undefined) o.ipVersion = f.ipVersion;
      return o;
    }),
    unknowns: m.unknowns.map((u) => ({ resource: u.resource, property: u.property, reason: u.reason })),
    problems: m.problems.map((p) => ({ code: p.code, message: p.message, range: { start: p.range.start, end: p.range.end } })),
  };
}

/** The transit gateway route table an attachment is associated with (explicitly, or the gateway's default). */
function tgwTableOf(m: NetworkModel, attachment: string): J {
  const a = m.tgwAssociations?.get(attachment);
  return a === undefined ? null : str(a.table);
}

/** The same view as readable, aligned text (`packetwalk model --format text`). */
export function modelText(m: NetworkModel): string {
  return modelTextOf(modelView(m));
}

/** A middlebox endpoint: a firewall and its policy, or a GWLB endpoint's service and load balancers. */
function inspectionView(i: NonNullable<Endpoint['inspection']>): J {
  const o: { [k: string]: J } = { kind: i.kind };
  if (i.policy !== undefined) o.policy = str(i.policy);
  if (i.service) o.service = i.service;
  if (i.loadBalancers) o.loadBalancers = i.loadBalancers;
  return o;
}

/** A load balancer's type, scheme, cross-zone setting, listeners and the targets they forward to. */
function loadBalancerView(m: NetworkModel, e: Endpoint): { [k: string]: J } {
  const lb = e.loadBalancer!;
  const num = (v: Maybe<number> | undefined): number | null => (v === undefined || isUnknown(v) ? null : v);
  const text = (v: Maybe<string> | Maybe<boolean>): string | boolean | null => (isUnknown(v) ? null : v);
  const groups = new Set<string>();
  const listeners = (e.listeners ?? []).map((l) => {
    for (const g of l.targetGroups ?? []) if (!isUnknown(g)) groups.add(g);
    const o: { [k: string]: J } = { id: l.id, port: num(l.port), targetGroups: (l.targetGroups ?? []).map((g) => str(g)) };
    if (l.selfAnswer) o.answers = l.selfAnswer;
    return o;
  });
  const targets: J[] = [];
  for (const id of groups) {
    const g = m.index.targetGroup?.get(id);
    for (const t of g?.targets ?? []) {
      const target = isUnknown(t.target) ? null : t.target.kind === 'endpoint' ? t.target.id : t.target.ip;
      targets.push({ group: id, target, port: num(t.port), via: t.via });
    }
  }
  for (const i of lb.instances ?? []) targets.push({ group: null, target: str(i), port: null, via: 'Instances' });
  return { type: text(lb.type), scheme: text(lb.scheme), crossZone: text(lb.crossZone), listeners, targets };
}
