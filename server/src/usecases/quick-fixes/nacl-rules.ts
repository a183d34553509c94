// Network ACL facts the NACL quick fixes share: the ACL a finding blames (the ACL itself, or one of its
// entries), the packets it drops (side, protocol, ports and peer of each), and a free rule number below
// the first deny that would match.
// Entries are evaluated lowest number first; the first match decides (docs/codes.md, subnet_acl_restriction).
import { isUnknown, type NaclEntry, type NetworkAcl, type NetworkModel } from '../../model/types';
import { cidrOverlaps, parseCidr, type Cidr } from '../../net/ip';
import { rangeOverlaps, type PortRange } from '../../net/ports';
import type { Hop } from '../../../../shared/protocol';
import type { Finding } from '../../analyze/types';
import { droppedBy, portsOf, type FixContext } from './context';

/** The ACL named by a finding's resource: the ACL, or the ACL that holds that entry. */
export function aclOf(model: NetworkModel, resource: string | undefined): NetworkAcl | undefined {
  if (!resource) return undefined;
  return model.index.networkAcl.get(resource) ?? model.networkAcls.find((a) => a.entries.some((e) => e.id === resource));
}

/** The peer as a CIDR the header names (an address, or a subnet's block); `internet` is every address. */
export function peerCidr(text: string): Cidr | undefined {
  const c = parseCidr(text === 'internet' ? '0.0.0.0/0' : text);
  return c.ok ? c.cidr : undefined;
}

export function protocolNumber(p: string): number | undefined {
  return p === 'tcp' ? 6 : p === 'udp' ? 17 : undefined;
}

/**
 * A rule number no entry of that side uses (`except` aside, an entry about to move), below the first deny
 * that would match the packets (entries are evaluated lowest first). Prefers a multiple of 10 below that
 * deny, else the highest free number below it; with no such deny, 10 above the highest number in use
 * (100 when none).
 */
export function freeRuleNumber(acl: NetworkAcl, egress: boolean, protocol: number, peer: Cidr, ports: PortRange, except?: NaclEntry): number | undefined {
  const side = acl.entries.filter((e) => e.egress === egress && e !== except && !isUnknown(e.ruleNumber));
  const used = new Set(side.map((e) => e.ruleNumber as number));
  const shadowing = side
    .filter((e) => e.action === 'deny' && matchesSome(e, protocol, peer, ports))
    .map((e) => e.ruleNumber as number)
    .sort((a, b) => a - b)[0];
  if (shadowing === undefined) {
    const top = Math.max(0, ...used);
    const n = top === 0 ? 100 : Math.min(32766, Math.floor(top / 10) * 10 + 10);
    return used.has(n) ? undefined : n;
  }
  for (let n = Math.floor((shadowing - 1) / 10) * 10; n >= 1; n -= 10) if (!used.has(n) && n < shadowing) return n;
  for (let n = shadowing - 1; n >= 1; n--) if (!used.has(n)) return n;
  return undefined;
}

/** The entry may match some of the packets (an unknown value may: stay below it). */
export function matchesSome(e: NaclEntry, protocol: number, peer: Cidr, ports: PortRange): boolean {
  if (isUnknown(e.protocol) || isUnknown(e.cidr)) return true;
  if (e.protocol !== -1 && e.protocol !== protocol) return false;
  if (!cidrOverlaps(e.cidr, peer)) return false;
  if (e.ports === undefined) return true;
  return isUnknown(e.ports) || rangeOverlaps(e.ports, ports);
}

/** A packet the ACL a finding blames drops, read from the trace hop: its side, protocol, ports and peer CIDR. */
export interface AclDrop {
  hop: Hop;
  egress: boolean;
  protocol: number;
  ports: PortRange;
  peer: Cidr;
}

/**
 * The ACL a NACL finding blames (one the template declares) and the packets it drops on the finding's
 * flows; a packet whose protocol, ports or peer is not pinned to a value is left out (a fix for it would
 * have to open more than the flow needs).
 */
export function aclDrops(ctx: FixContext, finding: Finding): { acl: NetworkAcl; drops: AclDrop[] } | undefined {
  const acl = aclOf(ctx.model, finding.resource);
  if (!acl || acl.implicit) return undefined;
  const drops: AclDrop[] = [];
  for (const d of droppedBy(ctx, finding, (h) => h.resource === acl.id && !!h.side)) {
    const hop = d.hop;
    const egress = hop.side === 'outbound';
    const protocol = protocolNumber(hop.in.protocol);
    const ports = portsOf(hop.in.dstPort);
    const peer = peerCidr(egress ? hop.in.dst : hop.in.src);
    if (protocol !== undefined && ports && peer) drops.push({ hop, egress, protocol, ports, peer });
  }
  return { acl, drops };
}
