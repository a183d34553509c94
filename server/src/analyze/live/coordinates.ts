// The coordinate space of the live analysis. Each resource is parsed on its own, and its located tree
// keeps the offsets it was parsed with for as long as its text is unchanged: an edit elsewhere moves it
// in the document but does not touch its tree, its resolved values or its flows' traces, which is what
// lets their analysis be reused. So offsets inside the live analysis are *virtual*:
//   - below CHUNK_SPACE: the document as it was when it was last analysed whole (the "origin" text). The
//     global sections (before and after the resources) and the resources not edited since keep these
//     offsets, so the whole analysis's own tree is reused without a copy;
//   - from CHUNK_SPACE on: each resource stretch read again after an edit gets a fresh, never reused block;
//   - from FILE_SPAN on (far above every chunk block): other templates of a workspace (see
//     analyze/workspace/offsets.ts), which the edit does not move: left as they are.
// `toDocument` maps a virtual offset to the current document through where each piece sits now.
import type { Range } from '../../template/located';
import { FILE_SPAN } from '../workspace/offsets';

/** Virtual offsets from here on belong to resource chunks. */
export const CHUNK_SPACE = 2 ** 32;

/** Where the global sections sit: the prefix at 0 (always), the suffix at `suffixStart` now. */
export interface GlobalsPlacement {
  /** Where the resources began and ended in the origin text (virtual offsets of the prefix end and suffix start). */
  prefixLength: number;
  originSuffixStart: number;
  /** Where the suffix starts in the current document. */
  suffixStart: number;
}

/** A chunk's virtual block and its place in the document. */
export interface PlacedChunk {
  base: number;
  text: string;
  start: number;
}

/** Hands out virtual blocks for chunks: never the same twice, so a block names one chunk text for good. */
export class BlockAllocator {
  private next = CHUNK_SPACE;

  allocate(length: number): number {
    const base = this.next;
    this.next += length + 1;
    return base;
  }
}

/** Where every piece sits in one version of the document (immutable: results keep the one they were made with). */
export class VirtualSpace {
  private readonly byBase: PlacedChunk[];

  constructor(
    readonly globals: GlobalsPlacement,
    chunks: PlacedChunk[],
  ) {
    this.byBase = [...chunks].sort((a, b) => a.base - b.base);
  }

  /** The document offset of a virtual offset; `isEnd` for the end of a non-empty half-open range. */
  toDocument(v: number, isEnd: boolean): number {
    const { prefixLength, originSuffixStart, suffixStart } = this.globals;
    const probe = isEnd && v > 0 ? v - 1 : v;
    if (probe >= CHUNK_SPACE || (probe >= prefixLength && probe < originSuffixStart)) {
      const c = this.chunkAt(probe);
      if (c) return c.start + (v - c.base);
    }
    if (probe < prefixLength) return v;
    return suffixStart + (v - originSuffixStart);
  }

  /** A virtual offset in the global sections (not in a resource). */
  isGlobal(v: number): boolean {
    const { prefixLength, originSuffixStart } = this.globals;
    return v < prefixLength || (v >= originSuffixStart && v < CHUNK_SPACE);
  }

  range(r: Range): Range {
    if (r.start >= FILE_SPAN) return { start: r.start, end: r.end };
    const start = this.toDocument(r.start, false);
    return { start, end: r.end > r.start ? this.toDocument(r.end, true) : start + (r.end - r.start) };
  }

  private chunkAt(v: number): PlacedChunk | undefined {
    const list = this.byBase;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = list[mid];
      if (v < c.base) hi = mid - 1;
      else if (v > c.base + c.text.length) lo = mid + 1;
      else return c;
    }
    return undefined;
  }
}

/**
 * A deep copy of `value` with every text range (an object with exactly numeric `start` and `end`) mapped
 * to document offsets. Results of the engine are plain data (no cycles), so a recursive copy is enough.
 */
export function mapRanges<T>(value: T, space: VirtualSpace): T {
  return copy(value, space) as T;
}

function copy(v: unknown, space: VirtualSpace): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, space));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copy(x, space)]));
  if (v instanceof Set) return new Set([...v].map((x) => copy(x, space)));
  const o = v as Record<string, unknown>;
  if (isRange(o)) return space.range(o as unknown as Range);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = copy(o[k], space);
  return out;
}

function isRange(o: Record<string, unknown>): boolean {
  if (typeof o.start !== 'number' || typeof o.end !== 'number') return false;
  let n = 0;
  for (const _ in o) n++;
  return n === 2;
}
