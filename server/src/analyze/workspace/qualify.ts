// Names across stacks. Inside one stack's resolution a resource reference is its bare logical ID; a value
// that crosses into another stack (an export, a nested stack's output or parameter) names its resources
// by stack: `network/Vpc`, `app/Services/Worker`. Logical IDs are alphanumeric, so a `/` always means
// "qualified". Seen from the analysed stack, its own prefix is dropped again.
import type { Range } from '../../template/located';
import type { RValue } from '../../template/values';

/** The global name of `id` as written in stack `stack` (already qualified names are kept). */
export function qualifyId(id: string, stack: string): string {
  return id.includes('/') ? id : `${stack}/${id}`;
}

/** A global name as seen from the analysed stack: its own resources and nested stacks lose the prefix. */
export function localizeId(id: string, analysed: string): string {
  return id.startsWith(`${analysed}/`) ? id.slice(analysed.length + 1) : id;
}

/** Every resource reference in a value renamed by `rename` (a copy; unchanged parts are shared). */
export function renameRefs(v: RValue, rename: (id: string) => string): RValue {
  switch (v.kind) {
    case 'ref': {
      const resource = rename(v.resource);
      return resource === v.resource ? v : { ...v, resource };
    }
    case 'list':
      return { ...v, items: v.items.map((i) => renameRefs(i, rename)) };
    case 'map': {
      const entries = new Map<string, RValue>();
      for (const [k, x] of v.entries) entries.set(k, renameRefs(x, rename));
      return { ...v, entries };
    }
    default:
      return v;
  }
}

/**
 * A value brought into another template (an import, a nested stack output): every part of it is placed at
 * the reference that brought it, so that ranges stay in the file that uses the value.
 */
export function placeAt(v: RValue, range: Range, note?: string): RValue {
  switch (v.kind) {
    case 'list':
      return { ...v, range, items: v.items.map((i) => placeAt(i, range, note)) };
    case 'map': {
      const entries = new Map<string, RValue>();
      const keyRanges = new Map<string, Range>();
      for (const [k, x] of v.entries) {
        entries.set(k, placeAt(x, range, note));
        keyRanges.set(k, range);
      }
      return { ...v, range, entries, keyRanges };
    }
    case 'unknown': {
      const { origin: _origin, ...rest } = v;
      return { ...rest, range, reason: note ? `${v.reason} (${note})` : v.reason };
    }
    default:
      return { ...v, range };
  }
}
