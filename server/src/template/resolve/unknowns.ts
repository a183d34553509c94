// Lists every unknown value inside a resource's resolved Properties, with its property path
// ("VpcConfig.SubnetIds[1]") and where the unknown's cause is written in the text.
import type { RValue, UnknownRecord } from '../values';

/** One step of a property path: a map key, or a list index. */
type Step = string | number;

export function collectUnknowns(resource: string, v: RValue, path: string, out: UnknownRecord[], seen: Set<string>): void {
  collect(resource, v, path, [], out, seen);
}

/**
 * The path is kept as steps below `base` and written out only when an unknown is found: this visits every
 * resolved value of the template, and almost none of them is unknown.
 */
function collect(resource: string, v: RValue, base: string, steps: Step[], out: UnknownRecord[], seen: Set<string>): void {
  switch (v.kind) {
    case 'unknown': {
      const path = pathText(base, steps);
      const range = v.origin ?? v.range;
      const key = `${resource}\u0000${path}\u0000${v.reason}\u0000${range.start}\u0000${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ resource, property: path, reason: v.reason, range });
      return;
    }
    case 'list':
      for (let i = 0; i < v.items.length; i++) {
        if (!(i in v.items)) continue; // a hole, as forEach skipped them
        steps.push(i);
        collect(resource, v.items[i], base, steps, out, seen);
        steps.pop();
      }
      return;
    case 'map':
      // forEach, not for-of: no [key, value] pair is allocated per entry.
      v.entries.forEach((item, k) => {
        steps.push(k);
        collect(resource, item, base, steps, out, seen);
        steps.pop();
      });
      return;
    default:
      return;
  }
}

/** `VpcConfig.SubnetIds[1]`: a key is joined with a dot (none at the start), an index in brackets. */
function pathText(base: string, steps: Step[]): string {
  let path = base;
  for (const s of steps) path = typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s;
  return path;
}
