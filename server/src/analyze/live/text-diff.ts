// Where two versions of a text differ, and where old chunks sit in the new one.
import type { Chunk } from './chunks';

/**
 * The changed stretch between two texts: the common prefix length `a` and where the common suffix starts
 * in the old text. Compared in blocks first (string equality of slices runs at memory speed), then
 * character by character inside the first differing block: a 1 MB text costs well under a millisecond.
 */
export function changedRegion(old: string, text: string): { a: number; oldEnd: number } {
  const max = Math.min(old.length, text.length);
  let a = 0;
  for (let block = 65536; block >= 1; block >>= 4) {
    while (a + block <= max && old.slice(a, a + block) === text.slice(a, a + block)) a += block;
  }
  let b = 0;
  const room = max - a;
  for (let block = 65536; block >= 1; block >>= 4) {
    while (b + block <= room && old.slice(old.length - b - block, old.length - b) === text.slice(text.length - b - block, text.length - b)) b += block;
  }
  return { a, oldEnd: old.length - b };
}

/** Where a chunk's text starts again in `text` within [from, end), at the start of a line (YAML) or of a key (JSON); -1 if nowhere. */
export function findChunk(text: string, chunkText: string, from: number, end: number, format: 'yaml' | 'json'): number {
  const nl = chunkText.indexOf('\n');
  const head = nl >= 0 ? chunkText.slice(0, nl + 1) : chunkText;
  let at = text.indexOf(head, from);
  while (at >= 0 && at + chunkText.length <= end) {
    const boundary = format === 'json' || at === 0 || text.charCodeAt(at - 1) === 0x0a;
    if (boundary && text.startsWith(chunkText, at)) return at;
    at = text.indexOf(head, at + 1);
  }
  return -1;
}

export function chunkIndexAt(chunks: Chunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
