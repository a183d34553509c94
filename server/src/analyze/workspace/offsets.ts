// One offset space for many files: the analysed template keeps its own offsets (base 0) and every other
// template of the workspace is moved up by a multiple of FILE_SPAN. Everything downstream (model, walk,
// findings) then carries plain ranges, and `locate` tells from a range's size which file it is in.
import type { LNode, ParseResult, Problem, Range } from '../../template/located';

/** Far above any template's length (the parser refuses texts above a few MiB). */
export const FILE_SPAN = 2 ** 36;

export function baseOf(offset: number): number {
  return Math.floor(offset / FILE_SPAN) * FILE_SPAN;
}

export function shiftRange(r: Range, by: number): Range {
  return { start: r.start + by, end: r.end + by };
}

/** A copy of the parse with every range moved up by `by` (the parse's own objects are left as they are). */
export function shiftParse(parse: ParseResult, by: number): ParseResult {
  if (by === 0) return parse;
  const problems: Problem[] = parse.problems.map((p) => ({ ...p, range: shiftRange(p.range, by) }));
  return { ...parse, root: parse.root ? shiftNode(parse.root, by) : null, problems };
}

function shiftNode(n: LNode, by: number): LNode {
  switch (n.kind) {
    case 'scalar':
      return { kind: 'scalar', value: n.value, range: shiftRange(n.range, by) };
    case 'seq':
      return { kind: 'seq', items: n.items.map((i) => shiftNode(i, by)), range: shiftRange(n.range, by) };
    case 'map':
      return {
        kind: 'map',
        entries: n.entries.map((e) => ({ key: e.key, keyRange: shiftRange(e.keyRange, by), value: shiftNode(e.value, by) })),
        range: shiftRange(n.range, by),
      };
  }
}
