// Linear pre-scan of a JSON text's bracket depth, run before `jsonc-parser` (which recurses once
// per level) so that `[[[[…` 20,000 deep costs microseconds and no stack. Brackets inside strings
// do not count.

import type { DepthScan } from '../yaml/depth-scan';

export function scanJsonDepth(text: string, limit: number): DepthScan {
  const n = text.length;
  let depth = 0;
  let best: DepthScan = { depth: 0, offset: 0 };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22 || d === 0x0a /* an unterminated string ends at the line */) break;
        else i++;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth > best.depth) {
        best = { depth, offset: i };
        if (depth > limit) return best;
      }
    } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) {
      depth--;
    }
  }
  return best;
}
