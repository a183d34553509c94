// Facts about a parsed text that every consumer of an analysis reads the same way.
import { get, type LEntry, type LNode, type ParseResult } from '../../template/located';
import type { Finding } from '../types';
import type { ResourceSpan } from './types';

/**
 * The text does not parse: a syntax error (the readers' YAML_SYNTAX / JSON_SYNTAX), or nothing usable
 * came out of it. Other parse problems (a duplicate key, an alias, a second document) leave a tree the
 * analysis can trust, so they are reported with fresh results instead of freezing the last good ones.
 */
export function parseHasSyntaxError(parse: ParseResult): boolean {
  const errors = parse.problems.filter((p) => p.severity === 'error');
  if (parse.root === null) return errors.length > 0;
  return errors.some((p) => p.code.endsWith('_SYNTAX'));
}

export function resourceSpans(root: LNode | null): ResourceSpan[] {
  const resources = get(root, 'Resources');
  if (!resources || resources.kind !== 'map') return [];
  return resources.entries.map(entrySpan);
}

/** One entry of the Resources map as a span (offsets as the entry has them). */
export function entrySpan(e: LEntry): ResourceSpan {
  const type = get(e.value, 'Type');
  return {
    id: e.key,
    type: type && type.kind === 'scalar' && typeof type.value === 'string' ? type.value : '',
    keyRange: e.keyRange,
    range: { start: e.keyRange.start, end: Math.max(e.keyRange.end, e.value.range.end) },
  };
}

/** The one order findings are handed out in: by place, then code, then message (stable across paths). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.range.start - b.range.start || a.range.end - b.range.end || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
