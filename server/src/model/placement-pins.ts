// Placements a template pins to one zone. An endpoint over several subnets is all-or-nothing over the
// placements that can happen, not over impossible ones:
// - an RDS instance with AvailabilityZone (and not MultiAZ) runs only in the subnet-group subnets of that
//   zone (RDS CreateDBInstance: AvailabilityZone "can't be specified if the DB instance is a Multi-AZ
//   deployment"; the instance is placed in a subnet of its subnet group in that zone);
// - an Aurora cluster instance with AvailabilityZone likewise, in its cluster's subnet group;
// - an EC2 instance whose AvailabilityZone differs from its subnet's zone is rejected by EC2 (a subnet
//   lives in one zone): a template problem, and the placement is unknown, never walked as if it launched.
import type { Endpoint, Placement, Subnet } from './types';
import { isUnknown } from './types';
import { at, prop, propRange, readBool, readString, unknown, type Ctx } from './read';

export function applyPlacementPins(ctx: Ctx, endpoints: Endpoint[], subnets: Subnet[]): void {
  const byId = new Map(subnets.map((s) => [s.id, s]));
  const zoneOf = (p: Placement): string | undefined => {
    if (typeof p.subnet !== 'string') return undefined;
    const z = byId.get(p.subnet)?.az;
    return typeof z === 'string' ? z : undefined;
  };
  for (const e of endpoints) {
    if (e.kind !== 'rds-instance' && e.kind !== 'instance') continue;
    const r = ctx.rt.resources.get(e.id);
    if (!r) continue;
    const az = readString(at(ctx, e.id, 'AvailabilityZone'), prop(r, 'AvailabilityZone'));
    if (typeof az !== 'string') continue;
    const range = propRange(r, 'AvailabilityZone');
    if (e.kind === 'instance') {
      for (const p of e.placements) {
        const z = zoneOf(p);
        if (z === undefined || z === az) continue;
        const reason = `${e.id} asks for zone ${az}, but its subnet ${p.subnet} is in ${z}: EC2 rejects the launch (a subnet lives in one zone)`;
        ctx.problems.push({ code: 'INSTANCE_AZ_MISMATCH', severity: 'error', message: reason, range });
        p.subnet = unknown(ctx, e.id, 'AvailabilityZone', reason, range);
      }
      continue;
    }
    const multi = readBool(at(ctx, e.id, 'MultiAZ'), prop(r, 'MultiAZ'));
    if (multi === true) continue; // CloudFormation/RDS reject AvailabilityZone with MultiAZ; not a pin
    if (isUnknown(multi)) continue; // whether the pin applies is open: every subnet stays possible
    // A subnet whose zone is unknown may be in the pinned zone: it stays.
    const kept = e.placements.filter((p) => typeof p.subnet !== 'string' || zoneOf(p) === undefined || zoneOf(p) === az);
    if (kept.length === e.placements.length) continue;
    if (kept.length === 0) {
      const reason = `${e.id} asks for zone ${az}, but its DB subnet group has no subnet there: RDS rejects the instance`;
      ctx.problems.push({ code: 'RDS_AZ_NOT_IN_SUBNET_GROUP', severity: 'error', message: reason, range });
      e.placements = [{ ...e.placements[0], subnet: unknown(ctx, e.id, 'AvailabilityZone', reason, range) }];
      continue;
    }
    e.placements = kept;
  }
}
