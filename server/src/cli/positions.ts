// Offsets → positions. The engine reports UTF-16 offsets into the BOM-stripped text (what an editor
// sees); `check --format json` wants LSP's 0-based line and UTF-16 character, SARIF 1-based line and
// column (in UTF-16 code units, declared on the run). Line breaks are \n, \r\n and a lone \r, as in LSP.

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  /** Offset at which each line starts. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  /** 0-based line and UTF-16 character; offsets outside the text are clamped to it. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  range(r: { start: number; end: number }): { start: Position; end: Position } {
    return { start: this.position(r.start), end: this.position(r.end) };
  }
}

/** The text as the engine sees it: without a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
