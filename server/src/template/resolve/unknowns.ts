// Lists every unknown value inside a resource's resolved Properties, with its property path
// ("VpcConfig.SubnetIds[1]") and where the unknown's cause is written in the text.
import type { RValue, UnknownRecord } from '../values';

export function collectUnknowns(resource: string, v: RValue, path: string, out: UnknownRecord[], seen: Set<string>): void {
  switch (v.kind) {
    case 'unknown': {
      const range = v.origin ?? v.range;
      const key = `${resource}\u0000${path}\u0000${v.reason}\u0000${range.start}\u0000${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ resource, property: path, reason: v.reason, range });
      return;
    }
    case 'list':
      v.items.forEach((item, i) => collectUnknowns(resource, item, `${path}[${i}]`, out, seen));
      return;
    case 'map':
      for (const [k, item] of v.entries) collectUnknowns(resource, item, path ? `${path}.${k}` : k, out, seen);
      return;
    default:
      return;
  }
}
