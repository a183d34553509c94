// The `yaml` library keeps a node's tag and anchor as names only; their source positions live in the
// CST. This collects every tag and anchor token once (iteratively, no recursion), sorted by offset,
// so a tagged node finds its own tag as the last tag token before the node's start: only spaces,
// line breaks, comments and an anchor may stand between a node's tag and its content.

import type { CST } from 'yaml';

export interface PropToken {
  offset: number;
  source: string;
}

export interface CstProps {
  tags: PropToken[];
  anchors: PropToken[];
}

export function collectProps(tokens: readonly CST.Token[]): CstProps {
  const tags: PropToken[] = [];
  const anchors: PropToken[] = [];
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    if (Array.isArray(item)) {
      for (const x of item) if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    const tok = item as { type?: unknown; offset?: unknown; source?: unknown };
    if (tok.type === 'tag' || tok.type === 'anchor') {
      if (typeof tok.offset === 'number' && typeof tok.source === 'string') {
        (tok.type === 'tag' ? tags : anchors).push({ offset: tok.offset, source: tok.source });
      }
      continue;
    }
    // Collections, documents and items: look inside every child that is itself a token or a list.
    for (const key in item as Record<string, unknown>) {
      const v = (item as Record<string, unknown>)[key];
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  tags.sort((a, b) => a.offset - b.offset);
  anchors.sort((a, b) => a.offset - b.offset);
  return { tags, anchors };
}

/** The last token that starts before `offset`, or undefined. */
export function lastBefore(list: readonly PropToken[], offset: number): PropToken | undefined {
  let lo = 0;
  let hi = list.length; // first index with list[i].offset >= offset
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}
