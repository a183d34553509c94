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
  const scanList = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const t of list as CST.SourceToken[]) {
      if (t.type === 'tag') tags.push({ offset: t.offset, source: t.source });
      else if (t.type === 'anchor') anchors.push({ offset: t.offset, source: t.source });
    }
  };
  // Props live in a document's `start`, a collection item's `start` and `sep`, and a block scalar's
  // `props`; nodes live in `value`, `key` and `items`. Only those are visited.
  const stack: unknown[] = [...tokens];
  while (stack.length > 0) {
    const tok = stack.pop() as Record<string, unknown> | null | undefined;
    if (!tok || typeof tok !== 'object') continue;
    scanList(tok.start);
    scanList(tok.sep);
    scanList(tok.props);
    if (tok.key && typeof tok.key === 'object') stack.push(tok.key);
    if (tok.value && typeof tok.value === 'object') stack.push(tok.value);
    if (Array.isArray(tok.items)) for (const it of tok.items) stack.push(it);
  }
  // Collected out of order (a stack), so sort once; lookups are binary searches.
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
