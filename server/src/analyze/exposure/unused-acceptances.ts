// An accepted exposure (`Metadata: PacketWalk: Exposed`) that accepts nothing is reported, the way an unused
// suppression is: the exposure it was written for is gone (the rule was narrowed, the address removed) and
// the entry would silently accept a new one on the same endpoint later. It is reported only when the
// template decides everything the endpoint's exposure depends on; where a value is open (a parameter, a
// prefix list, an undecided walk) nothing is said, since the exposure may well exist.
import { isUnknown, type Endpoint, type NetworkModel } from '../../model/types';
import { rangeOverlaps } from '../../net/ports';
import type { Finding } from '../types';
import type { Exposure } from './exposure';
import type { AcceptedExposure } from './sensitive';

export const EXPOSED_ENTRY_UNUSED = 'EXPOSED_ENTRY_UNUSED';

/**
 * `templateIds`: when the model is one part of the template (the live analysis analyses it in parts), every
 * logical id of the whole: an endpoint of another part is that part's to judge.
 */
export function unusedAcceptances(
  model: NetworkModel,
  accepted: readonly AcceptedExposure[],
  exposures: readonly Exposure[],
  undecided: ReadonlySet<string>,
  resources: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  templateIds?: readonly string[],
): Finding[] {
  const out: Finding[] = [];
  for (const a of accepted) {
    const ports = a.ports ? (a.ports.from === a.ports.to ? `port ${a.ports.from}` : `ports ${a.ports.from}-${a.ports.to}`) : 'any port';
    const endpoint = model.endpoints.find((e) => e.id === a.endpoint);
    if (!endpoint) {
      // In a part of the template, a name another part holds is that part's to judge.
      if (!resources.has(a.endpoint) && templateIds?.includes(a.endpoint)) continue;
      const why = resources.has(a.endpoint) ? `${a.endpoint} is not an endpoint (nothing the internet could connect to)` : `${a.endpoint} is no resource of this template (a typo, or a resource that was removed)`;
      out.push({
        code: EXPOSED_ENTRY_UNUSED,
        severity: 'warning',
        message: `PacketWalk.Exposed accepts ${a.endpoint} on ${ports}, but ${why}: the entry accepts nothing`,
        range: a.range,
        related: [],
      });
      continue;
    }
    if (exposures.some((x) => x.endpoint === a.endpoint && (!a.ports || rangeOverlaps(a.ports, x.ports)))) continue;
    if (undecided.has(a.endpoint) || !decided(model, endpoint)) continue;
    out.push({
      code: EXPOSED_ENTRY_UNUSED,
      severity: 'warning',
      message: `PacketWalk.Exposed accepts ${a.endpoint} on ${ports}, but the internet does not reach ${a.endpoint} there: the entry accepts nothing (remove it, or it would silently accept a new exposure later)`,
      range: a.range,
      resource: a.endpoint,
      related: [],
    });
  }
  return out;
}

/** Whether the template fixes every value the endpoint's exposure depends on (addresses, groups, rules, listeners). */
function decided(model: NetworkModel, e: Endpoint): boolean {
  if (e.exists !== 'yes') return false;
  for (const l of e.listeners ?? []) if (l.exists !== 'yes' || l.port === undefined || isUnknown(l.port)) return false;
  for (const pl of e.placements) {
    if (isUnknown(pl.publicIp) || isUnknown(pl.subnet) || (pl.ipv6 !== undefined && isUnknown(pl.ipv6))) return false;
    for (const g of pl.securityGroups) {
      if (isUnknown(g)) return false;
      const sg = model.index.securityGroup.get(g);
      if (!sg || sg.exists !== 'yes') return false;
      for (const r of sg.rules) {
        if (r.direction !== 'ingress') continue;
        if (r.exists !== 'yes' || isUnknown(r.protocol) || isUnknown(r.ports)) return false;
        if (r.peer.kind === 'cidr' && isUnknown(r.peer.cidr)) return false;
        if (r.peer.kind === 'prefix-list') return false;
      }
    }
  }
  return true;
}
