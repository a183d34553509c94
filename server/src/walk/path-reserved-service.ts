// The path from an interface to a service its VPC provides at a reserved address: the Amazon DNS server
// (the primary block's base + 2, and 169.254.169.253), the instance metadata service (169.254.169.254) and
// the Amazon Time Sync Service (169.254.169.123). The interface talks to them directly: security groups
// and network ACLs do not filter this traffic and no route table is used (VPC User Guide, "Amazon DNS
// server" and security-group / network-ACL limits; EC2 User Guide, instance metadata and Time Sync), so
// the trace says why nothing was checked. What can stop it: the DNS server is off when the VPC's
// EnableDnsSupport is false, metadata is off when the instance's MetadataOptions.HttpEndpoint is disabled,
// and each service answers only its own protocol and port, and only interfaces of its own VPC.
import { isUnknown } from '../model/types';
import type { Direction } from '../../../shared/protocol';
import type { PortRange } from '../net/ports';
import { formatPorts, protocolName } from '../net/ports';
import { serviceName } from './endpoints';
import { hopAt, type HopAt } from './hop-recorder';
import { reply, type Packet } from './packet';
import { noteExistence, subnetOf } from './placement';
import type { ReservedService, Side } from './types';
import { endpointMayInitiate } from './vpc-endpoint';
import { endpointAt, vpcOfSubnet, type PlacementSide, type WalkContext } from './walk-context';

type ServiceSide = Extract<Side, { kind: 'service' }>;

/** What each service answers: IP protocol numbers and the port. */
const LISTENS: Record<ReservedService, { protocols: number[]; port: number }> = {
  dns: { protocols: [6, 17], port: 53 },
  imds: { protocols: [6], port: 80 },
  'time-sync': { protocols: [17], port: 123 },
};

/** Endpoint kinds that are EC2 instances (or a probe host standing for one): the metadata and Time Sync users. */
const INSTANCE_LIKE = new Set(['instance', 'probe']);

export function walkToReservedService(w: WalkContext, src: PlacementSide, dst: ServiceSide, first: Packet): void {
  noteExistence(w, src);
  if (!endpointMayInitiate(w, src, first)) return;
  const ss = subnetOf(w, src, 'forward', first);
  if (!ss) return;
  const vpcId = vpcOfSubnet(ss);
  const vpc = vpcId ? w.model.index.vpc.get(vpcId) : undefined;
  const name = serviceName(dst.service);
  const at: HopAt = vpc ? hopAt(vpc.origin, 'AWS::EC2::VPC') : endpointAt(src);
  if (!vpc) {
    w.rec.recordUnknown({ at, direction: 'forward', packet: first, reason: `the VPC of subnet ${ss.id} is not known, so whose ${name} ${src.endpoint} talks to is unknown` });
    return;
  }
  if (dst.vpc && dst.vpc !== vpc.id) {
    w.rec.record({ at, direction: 'forward', in: first, decision: 'drop', code: 'RESERVED_SERVICE_OUTSIDE_VPC', reason: `${dst.label} answers only interfaces in ${dst.vpc}, and ${src.endpoint} is in ${vpc.id}` });
    return;
  }
  if (!listensTo(w, dst, first, at)) return;
  if (!serviceOn(w, src, dst.service, vpc.id, first)) return;
  const why = `traffic between an interface and ${name}${dst.service === 'dns' ? ' of its VPC' : ''} is not filtered by security groups or network ACLs and does not use route tables, so none is checked`;
  w.rec.record({ at, direction: 'forward', in: first, decision: 'pass', rule: `reserved address ${dst.label}`, reason: `${src.endpoint} reaches ${dst.label} directly: ${why}` });
  w.rec.assume(`${dst.label}: ${why}`);
  const back = reply(first);
  w.rec.record({ at, direction: 'return', in: back, decision: 'pass', rule: `reserved address ${dst.label}`, reason: `the answer of ${name} comes back to ${src.endpoint} the same way, unfiltered` });
}

/** The service answers only its protocol and port; other ports are dropped (nothing listens there). */
function listensTo(w: WalkContext, dst: ServiceSide, p: Packet, at: HopAt): boolean {
  const l = LISTENS[dst.service];
  const label = `${l.protocols.map(protocolName).join(' and ')} port ${l.port}`;
  if (p.protocol !== 6 && p.protocol !== 17) {
    w.rec.recordUnknown({ at, direction: 'forward', packet: p, code: 'UNSUPPORTED_COMPONENT', reason: `${dst.label} serves ${label}; what it does with ${p.protocol === -1 ? 'every other protocol' : protocolName(p.protocol)} packets is not modelled` });
    return false;
  }
  const ports: PortRange | null = p.dstPorts;
  const ok = l.protocols.includes(p.protocol) && ports !== null && ports.from === l.port && ports.to === l.port;
  if (ok) return true;
  w.rec.record({ at, direction: 'forward', in: p, decision: 'drop', code: 'RESERVED_SERVICE_PORT_RESTRICTION', reason: `${dst.label} serves only ${label}, not ${protocolName(p.protocol)} ${ports ? formatPorts(ports) : ''}`.trim(), byPorts: true });
  return false;
}

/** Whether the service is on: DNS support of the VPC, the metadata endpoint of the instance. */
function serviceOn(w: WalkContext, src: PlacementSide, service: ReservedService, vpcId: string, p: Packet): boolean {
  const direction: Direction = 'forward';
  if (service === 'dns') {
    const vpc = w.model.index.vpc.get(vpcId)!;
    const on = vpc.dnsSupport?.value ?? true;
    const at = hopAt(vpc.origin, 'AWS::EC2::VPC', vpc.dnsSupport?.range);
    if (isUnknown(on)) {
      w.rec.recordUnknown({ at, direction, packet: p, reason: `whether the Amazon DNS server of ${vpc.id} answers is unknown: EnableDnsSupport ${on.reason}`, range: on.range });
      return false;
    }
    if (!on) {
      w.rec.record({ at, direction, in: p, decision: 'drop', code: 'VPC_DNS_SUPPORT_DISABLED', reason: `EnableDnsSupport is false on ${vpc.id}, so the Amazon DNS server does not answer in it (neither at the base + 2 address nor at 169.254.169.253)` });
      return false;
    }
    return true;
  }
  // Instance metadata and Time Sync serve EC2 instances.
  if (!INSTANCE_LIKE.has(src.kindOfEndpoint)) {
    w.rec.recordUnknown({ at: endpointAt(src), direction, packet: p, code: 'UNSUPPORTED_COMPONENT', reason: `${serviceName(service)} serves EC2 instances; whether ${src.endpoint} (${src.endpointType}) can use it is not modelled` });
    return false;
  }
  if (service === 'imds' && !src.probe) {
    const ep = w.model.index.endpoint.get(src.endpoint);
    const m = ep?.metadataEndpoint;
    if (m && isUnknown(m.enabled)) {
      w.rec.recordUnknown({ at: endpointAt(src), direction, packet: p, reason: `whether the instance metadata service answers ${src.endpoint} is unknown: ${m.enabled.reason}`, range: m.enabled.range });
      return false;
    }
    if (m && m.enabled === false) {
      w.rec.record({ at: { ...endpointAt(src), range: m.range }, direction, in: p, decision: 'drop', code: 'IMDS_DISABLED', reason: `MetadataOptions.HttpEndpoint is disabled on ${src.endpoint}, so the instance metadata service does not answer it` });
      return false;
    }
  }
  return true;
}

/** A reserved service as the source, or a peer outside the VPC calling one: nothing the walk can follow. */
export function reservedServiceOther(w: WalkContext, src: Side, dst: Side, first: Packet): void {
  if (src.kind === 'service') {
    w.rec.unknown = true;
    w.rec.assume(`${src.label} answers queries; it does not start connections, so packetwalk does not walk a flow from it`);
    return;
  }
  if (dst.kind === 'service') {
    const from = src.kind === 'placement' ? src.endpoint : src.kind === 'internet' ? 'the internet' : src.label;
    const vpc = dst.vpc ? w.model.index.vpc.get(dst.vpc) : undefined;
    const at = vpc ? hopAt(vpc.origin, 'AWS::EC2::VPC') : undefined;
    if (at) {
      w.rec.record({ at, direction: 'forward', in: first, decision: 'drop', code: 'RESERVED_SERVICE_OUTSIDE_VPC', reason: `${dst.label} answers only interfaces in its VPC, not ${from}` });
      return;
    }
    w.rec.unknown = true;
    w.rec.assume(`${dst.label} answers only interfaces of a VPC; a flow from ${from} to it is not walked`);
  }
}
