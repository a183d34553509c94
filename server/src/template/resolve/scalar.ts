// How CloudFormation turns resolved values into strings (Fn::Join, Fn::Sub, Fn::Equals) and compares them.
import type { RValue } from '../values';
import { NO_VALUE, type Resolved } from './context';

/** The string CloudFormation would use for a scalar value; undefined for anything else. */
export function scalarString(v: RValue): string | undefined {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'num':
      return String(v.value);
    case 'bool':
      return v.value ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** Structural equality ignoring ranges; scalars compare as strings, as CloudFormation passes them. */
export function sameValue(a: Resolved, b: Resolved): boolean {
  if (a === NO_VALUE || b === NO_VALUE) return a === b;
  const sa = scalarString(a);
  const sb = scalarString(b);
  if (sa !== undefined || sb !== undefined) return sa === sb;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'null':
      return true;
    case 'list': {
      const bl = b as typeof a;
      return a.items.length === bl.items.length && a.items.every((x, i) => sameValue(x, bl.items[i]));
    }
    case 'map': {
      const bm = b as typeof a;
      if (a.entries.size !== bm.entries.size) return false;
      for (const [k, v] of a.entries) {
        const o = bm.entries.get(k);
        if (!o || !sameValue(v, o)) return false;
      }
      return true;
    }
    case 'ref': {
      const br = b as typeof a;
      return a.resource === br.resource && a.attribute === br.attribute;
    }
    case 'unknown': {
      // Two unknowns are equal only when they are the same unknown (same cause, same place).
      const bu = b as typeof a;
      const ao = a.origin ?? a.range;
      const bo = bu.origin ?? bu.range;
      return a.code === bu.code && a.reason === bu.reason && ao.start === bo.start && ao.end === bo.end;
    }
    default:
      return false;
  }
}

/** The first unknown inside a value (depth-first), if any. */
export function firstUnknown(v: RValue): RValue & { kind: 'unknown' } | undefined {
  if (v.kind === 'unknown') return v;
  if (v.kind === 'list') {
    for (const i of v.items) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  }
  if (v.kind === 'map') {
    for (const i of v.entries.values()) {
      const u = firstUnknown(i);
      if (u) return u;
    }
  }
  return undefined;
}
