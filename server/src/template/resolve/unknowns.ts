// Lists every unknown value inside a resource's resolved Properties, with its property path
// ("VpcConfig.SubnetIds[1]") and where the unknown's cause is written in the text.
import type { RValue, UnknownRecord } from '../values';

/** One step of a property path: a map key, or a list index. */
type Step = string | number;

/** The state of one resource's visit, shared by every level (no closure or path string per level). */
interface Visit {
  resource: string;
  /** The path given by the caller, above the steps. */
  base: string;
  steps: Step[];
  out: UnknownRecord[];
  seen: Set<string>;
}

export function collectUnknowns(resource: string, v: RValue, path: string, out: UnknownRecord[], seen: Set<string>): void {
  collect({ resource, base: path, steps: [], out, seen }, v);
}

/**
 * The path is kept as steps and written out only when an unknown is found: this visits every resolved
 * value of the template, and almost none of them is unknown.
 */
function collect(visit: Visit, v: RValue): void {
  switch (v.kind) {
    case 'unknown': {
      const path = pathText(visit.base, visit.steps);
      const range = v.origin ?? v.range;
      const key = `${visit.resource}\u0000${path}\u0000${v.reason}\u0000${range.start}\u0000${range.end}`;
      if (visit.seen.has(key)) return;
      visit.seen.add(key);
      visit.out.push({ resource: visit.resource, property: path, reason: v.reason, range });
      return;
    }
    case 'list':
      for (let i = 0; i < v.items.length; i++) {
        if (!(i in v.items)) continue; // a hole, as forEach skipped them
        visit.steps.push(i);
        collect(visit, v.items[i]);
        visit.steps.pop();
      }
      return;
    case 'map':
      // forEach with the visit as `this`: neither a [key, value] pair per entry nor a closure per map.
      v.entries.forEach(visitEntry, visit);
      return;
    default:
      return;
  }
}

function visitEntry(this: Visit, item: RValue, key: string): void {
  this.steps.push(key);
  collect(this, item);
  this.steps.pop();
}

/** `VpcConfig.SubnetIds[1]`: a key is joined with a dot (none at the start), an index in brackets. */
function pathText(base: string, steps: Step[]): string {
  let path = base;
  for (const s of steps) path = typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s;
  return path;
}
