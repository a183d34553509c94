// The walk of one (source placement, destination placement) pair: forward path, then the return path,
// hop by hop, as an engineer does it by hand in the console. Every decision point is a hop; a drop does
// not stop the walk (the packet continues as if it had passed) so that every blocking point is found.
// This file picks the path script (path-*.ts) for the pair; the elements (internet-gateway.ts,
// nat-gateway.ts, subnet-boundary.ts…) decide, and the hop recorder keeps the record.
import type { PortRange } from '../net/ports';
import type { NetworkModel } from '../model/types';
import { addrFamily, formatAddr, isHost } from './addresses';
import { HopRecorder, type PairResult } from './hop-recorder';
import type { Packet } from './packet';
import { walkFromInternet } from './path-from-internet';
import { walkToInternet } from './path-to-internet';
import { walkFromInternet6, walkToInternet6 } from './path-internet-ipv6';
import { walkWithinVpc } from './path-within-vpc';
import { walkToService } from './path-to-aws-service';
import { reservedServiceOther, walkToReservedService } from './path-reserved-service';
import { walkFromRemote, walkToRemote } from './path-remote';
import type { Side, WalkSettings } from './types';
import type { WalkContext } from './walk-context';

export type { PairResult } from './hop-recorder';

/** What a client on the internet may pick as its source port. */
const INTERNET_CLIENT_PORTS: PortRange = { from: 1024, to: 65535 };

function sideLabel(s: Side): string {
  if (s.kind !== 'placement') return s.label;
  const sub = typeof s.placement.subnet === 'string' ? s.placement.subnet : '?';
  return s.probe ? `${formatAddr(s.addr)} in ${sub}` : `${s.endpoint} in ${sub}`;
}

export interface PairFlow {
  src: Side;
  dst: Side;
  protocol: number;
  dstPorts: PortRange | null;
  icmpType?: number;
  sourcePort?: number;
}

export function walkPair(model: NetworkModel, settings: WalkSettings, flow: PairFlow): PairResult {
  const { src, dst, protocol, dstPorts, icmpType, sourcePort } = flow;
  const rec = new HopRecorder();
  const w: WalkContext = { model, settings, rec };
  const label = `${sideLabel(src)} → ${sideLabel(dst)}`;
  const portful = protocol === 6 || protocol === 17;
  let srcPorts: PortRange | null = null;
  let initiatorPorts = '';
  if (portful) {
    if (sourcePort !== undefined) {
      srcPorts = { from: sourcePort, to: sourcePort };
      initiatorPorts = `the pinned source port ${sourcePort}`;
      rec.assume(`the initiator's source port is pinned to ${sourcePort}`);
    } else if (src.kind === 'placement') {
      srcPorts = src.ephemeral.range;
      initiatorPorts = `the client's ephemeral ports ${srcPorts.from}-${srcPorts.to}`;
      rec.assume(`ephemeral ports: ${src.ephemeral.assumption}`);
    } else {
      srcPorts = INTERNET_CLIENT_PORTS;
      initiatorPorts = `the client's ephemeral ports 1024-65535`;
      rec.assume('a client on the internet may pick any source port in 1024-65535');
    }
  }
  for (const side of [src, dst]) {
    // A pinned source address (sourceIp) is one host, not "some address" of the subnet.
    if (side.kind === 'placement' && !side.probe && side.addr.kind === 'cidr' && !side.placement.privateIp && !isHost(side.addr.cidr)) {
      rec.assume(`${side.endpoint}'s address in subnet ${String(side.placement.subnet)} is assigned at deploy: some address in ${formatAddr(side.addr)}`);
    }
  }
  const first: Packet = { src: src.addr, dst: dst.addr, srcPorts, dstPorts, protocol, icmpType };
  const v6 = addrFamily(src.addr) === 6 || addrFamily(dst.addr) === 6;
  if (v6 && src.kind === 'placement' && dst.kind === 'internet' && !dst.service) walkToInternet6(w, src, first, initiatorPorts);
  else if (v6 && src.kind === 'internet' && dst.kind === 'placement') walkFromInternet6(w, dst, first, initiatorPorts);
  else if (v6 && src.kind !== 'placement' || v6 && dst.kind !== 'placement') {
    rec.unknown = true;
    rec.assume(`an IPv6 flow between ${sideLabel(src)} and ${sideLabel(dst)} is not walked yet (IPv6 is walked between placements of the template's VPCs and to and from the internet, not to addresses outside every VPC)`);
  } else if (src.kind === 'placement' && dst.kind === 'placement') walkWithinVpc(w, src, dst, first, initiatorPorts);
  else if (src.kind === 'placement' && dst.kind === 'internet' && dst.service) walkToService(w, src, first, dst.service, initiatorPorts);
  else if (src.kind === 'placement' && dst.kind === 'internet') walkToInternet(w, src, first, initiatorPorts);
  else if (src.kind === 'internet' && dst.kind === 'placement') walkFromInternet(w, dst, first, initiatorPorts);
  else if (src.kind === 'placement' && dst.kind === 'service') walkToReservedService(w, src, dst, first);
  else if (src.kind === 'placement' && dst.kind === 'remote') walkToRemote(w, src, first, initiatorPorts);
  else if (src.kind === 'remote' && dst.kind === 'placement') walkFromRemote(w, dst, first, initiatorPorts);
  else if (src.kind === 'service' || dst.kind === 'service') reservedServiceOther(w, src, dst, first);
  else if (src.kind === 'remote' || dst.kind === 'remote') {
    rec.unknown = true;
    rec.assume('neither end is in a VPC of the template: there is nothing of the template to walk through');
  } else {
    rec.unknown = true;
    rec.assume('both ends are on the internet: there is nothing of the template to walk through');
  }
  return rec.result(label);
}
