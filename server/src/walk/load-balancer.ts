// The load balancer as the destination of a connection: it accepts only on its listeners' ports.
import { formatPorts, protocolName, type PortRange } from '../net/ports';
import { isUnknown } from '../model/types';
import type { Range } from '../template/located';
import { describePorts, subtract as subtractPorts, type Packet } from './packet';
import type { PlacementSide, WalkContext } from './walk-context';

/**
 * A load balancer accepts a connection only on a port one of its listeners has (Reachability Analyzer
 * ELBV2_LISTENER_PORT_RESTRICTION); a port range is all-or-nothing. Listeners whose port, protocol or
 * existence the template leaves open make the missing ports unknown, never admitted by guess.
 */
export function listenerCheck(w: WalkContext, dst: PlacementSide, p: Packet): void {
  if (dst.kindOfEndpoint !== 'load-balancer' || !p.dstPorts || (p.protocol !== 6 && p.protocol !== 17)) return;
  const ep = w.model.index.endpoint.get(dst.endpoint);
  if (!ep || !ep.listeners) return;
  const at = { resource: ep.origin.resource, type: ep.type, range: ep.origin.range };
  let remaining: PortRange[] = [p.dstPorts];
  const used: string[] = [];
  const maybes: Array<{ r: PortRange; reason: string; range: Range }> = [];
  for (const l of ep.listeners) {
    if (l.protocols && !l.protocols.includes(p.protocol)) continue;
    const r: PortRange = l.port === undefined ? { from: 0, to: 65535 } : isUnknown(l.port) ? p.dstPorts : { from: l.port, to: l.port };
    const undecided = isUnknown(l.port) ? l.port.reason : l.exists === 'unknown' ? `listener ${l.id} is created only under a condition the template does not decide` : !l.protocols ? `the protocol of listener ${l.id} is not known` : undefined;
    if (undecided) {
      maybes.push({ r, reason: undecided, range: isUnknown(l.port) ? l.port.range : l.origin.range });
      continue;
    }
    const before = remaining.length;
    const next = subtractPorts(remaining, r);
    if (next.length !== before || next.some((x, i) => x.from !== remaining[i].from || x.to !== remaining[i].to)) used.push(`${l.id} (${r.from === r.to ? r.from : `${r.from}-${r.to}`})`);
    remaining = next;
  }
  const proto = protocolName(p.protocol);
  if (remaining.length === 0) {
    w.rec.record({ at, direction: 'forward', in: p, decision: 'pass', rule: used.join('; '), reason: `load balancer ${ep.id} has a listener for ${proto} ${formatPorts(p.dstPorts)}: ${used.join('; ')}` });
    return;
  }
  let certain = remaining;
  for (const m of maybes) certain = subtractPorts(certain, m.r);
  if (certain.length === 0) {
    const m = maybes[0];
    w.rec.recordUnknown({ at, direction: 'forward', packet: p, reason: `whether load balancer ${ep.id} listens on ${proto} ${describePorts(remaining)} is unknown: ${m.reason}`, range: m.range });
    return;
  }
  const declared = ep.listeners.filter((l) => l.port !== undefined && !isUnknown(l.port)).map((l) => `${l.protocols ? l.protocols.map(protocolName).join('+') + ' ' : ''}${l.port}`);
  const have = ep.listeners.length === 0 ? 'the template declares no listener for it' : `its listeners are on ${declared.length ? declared.join(', ') : 'other protocols'}`;
  w.rec.record({ at, direction: 'forward', in: p, decision: 'drop', code: 'ELBV2_LISTENER_PORT_RESTRICTION', reason: `load balancer ${ep.id} has no listener on ${proto} ${describePorts(certain)} (${have}), so it accepts no such connection`, byPorts: true });
}
