// A linear, allocation-light estimate of how deeply a YAML text nests, computed BEFORE the `yaml`
// library sees the text: its composer recurses once per level (and its parser slows down
// quadratically with depth), so 20,000 levels would cost seconds or the stack. The estimate may
// over-count a little (every deeper-indented line counts as a level while it lasts) but never
// misses a real level of block indentation, compact `- - -` sequences or flow `[[{`.

export interface DepthScan {
  /** Deepest level seen, or the first level above `limit` (the scan stops there). */
  depth: number;
  /** Offset where `depth` was reached. */
  offset: number;
}

// Character codes: the scan reads `charCodeAt` (a number) rather than `text[i]` (a one-character string)
// because it runs over every character of the text before each read (~3× faster on 1 MB).
// Past the end `charCodeAt` gives NaN, which compares unequal to everything, like `undefined` did.
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35; // #
const DQUOTE = 34; // "
const SQUOTE = 39; // '
const BACKSLASH = 92;
const DASH = 45; // -
const QUESTION = 63; // ?
const COLON = 58; // :
const COMMA = 44; // ,
const LBRACKET = 91; // [
const RBRACKET = 93; // ]
const LBRACE = 123; // {
const RBRACE = 125; // }
const BANG = 33; // !
const AMP = 38; // &
const PIPE = 124; // |
const GT = 62; // >

/** Blank: a space, tab or line break, or past the end of the text (NaN). */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c !== c;
}

function isFlowIndicator(c: number): boolean {
  return c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE || c === COMMA;
}

function isEol(c: number): boolean {
  return c === LF || c === CR;
}

/** What the scan carries from line to line (one object per scan, updated in place). */
interface ScanState {
  /** Open flow collections. */
  flow: number;
  /** The deepest level so far and where it was reached. */
  bestDepth: number;
  bestOffset: number;
}

/** Scans `text` and returns its nesting depth (stopping early once it exceeds `limit`). */
export function scanYamlDepth(text: string, limit: number): DepthScan {
  const n = text.length;
  const indents: number[] = []; // block indentation columns of the open block nodes
  const st: ScanState = { flow: 0, bestDepth: 0, bestOffset: 0 };
  let i = 0;

  while (i < n) {
    const lineStart = i;
    while (i < n && text.charCodeAt(i) === SPACE) i++;
    const indent = i - lineStart;
    while (i < n && text.charCodeAt(i) === TAB) i++;
    if (i >= n) break;
    if (isEol(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (text.charCodeAt(i) === HASH) {
      while (i < n && !isEol(text.charCodeAt(i))) i++;
      continue;
    }
    if (st.flow === 0) {
      // Block context: the line's indentation closes deeper nodes and opens one at this column;
      // each compact indicator (`- `, `? `, `: `) on the line opens one more.
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      while ((text.charCodeAt(i) === DASH || text.charCodeAt(i) === QUESTION || text.charCodeAt(i) === COLON) && isBlank(text.charCodeAt(i + 1))) {
        i++;
        while (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB) i++;
        if (i >= n || isEol(text.charCodeAt(i)) || text.charCodeAt(i) === HASH) break;
        indents.push(i - lineStart);
      }
      const depth = indents.length + st.flow;
      if (depth > st.bestDepth) {
        st.bestDepth = depth;
        st.bestOffset = i;
      }
      if (depth > limit) return { depth: st.bestDepth, offset: st.bestOffset };
    }
    i = restOfLine(text, i, indents, st, limit);
    if (i < 0) return { depth: st.bestDepth, offset: st.bestOffset };
  }
  return { depth: st.bestDepth, offset: st.bestOffset };
}

/**
 * The rest of a line from `i`: where it ends (its line break, or past a block scalar), or -1 once the depth
 * exceeds `limit`. Quotes and brackets only count where a node may start, so that `arn:aws:s3:::b[1]` or
 * `it's` inside a plain scalar changes nothing. A function of its own (not a loop inside the scan) so that
 * it is optimised early: the whole scan runs once per read, cold.
 */
function restOfLine(text: string, i: number, indents: number[], st: ScanState, limit: number): number {
  const n = text.length;
  let atNodeStart = true;
  let afterQuoted = false; // `"key":[` — after a quoted key, `:` needs no space (JSON-like YAML)
  while (i < n && !isEol(text.charCodeAt(i))) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === HASH && isBlank(text.charCodeAt(i - 1))) {
      while (i < n && !isEol(text.charCodeAt(i))) i++;
      break;
    }
    if (atNodeStart) {
      if (c === DQUOTE) {
        i = skipDoubleQuoted(text, i);
        atNodeStart = false;
        afterQuoted = true;
        continue;
      }
      if (c === SQUOTE) {
        i = skipSingleQuoted(text, i);
        atNodeStart = false;
        afterQuoted = true;
        continue;
      }
      if (c === LBRACKET || c === LBRACE) {
        st.flow++;
        i++;
        const depth = indents.length + st.flow;
        if (depth > st.bestDepth) {
          st.bestDepth = depth;
          st.bestOffset = i;
        }
        if (depth > limit) return -1;
        continue;
      }
      if (c === BANG || c === AMP) {
        // A tag or anchor: a node still follows. Neither may contain a flow indicator, so
        // `&a[[[` is an anchor followed by flow sequences.
        i++;
        while (i < n && !isBlank(text.charCodeAt(i)) && !isFlowIndicator(text.charCodeAt(i))) i++;
        continue;
      }
      if ((c === PIPE || c === GT) && st.flow === 0) {
        return skipBlockScalar(text, i, indents.length > 0 ? indents[indents.length - 1] : 0);
      }
    }
    if (st.flow > 0) {
      if (c === RBRACKET || c === RBRACE) {
        if (st.flow > 0) st.flow--;
        atNodeStart = false;
      } else if (c === COMMA || c === COLON || c === QUESTION) {
        atNodeStart = true;
      } else {
        atNodeStart = false;
      }
      i++;
      continue;
    }
    if ((c === COLON || c === DASH || c === QUESTION) && isBlank(text.charCodeAt(i + 1))) atNodeStart = true;
    else atNodeStart = c === COLON && afterQuoted;
    afterQuoted = false;
    i++;
  }
  return i;
}

function skipDoubleQuoted(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === DQUOTE) return i + 1;
    else i++;
  }
  return n;
}

function skipSingleQuoted(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    if (text.charCodeAt(i) === SQUOTE) {
      if (text.charCodeAt(i + 1) === SQUOTE) i += 2;
      else return i + 1;
    } else i++;
  }
  return n;
}

/** Skips a `|`/`>` header line and every following line that is blank or indented deeper than `parentIndent`. */
function skipBlockScalar(text: string, i: number, parentIndent: number): number {
  const n = text.length;
  while (i < n && !isEol(text.charCodeAt(i))) i++;
  while (i < n) {
    // i is at an end of line: look at the next line.
    let j = i;
    if (text.charCodeAt(j) === CR) j++;
    if (text.charCodeAt(j) === LF) j++;
    const lineStart = j;
    while (j < n && text.charCodeAt(j) === SPACE) j++;
    const blank = j >= n || isEol(text.charCodeAt(j));
    if (!blank && j - lineStart <= parentIndent) return lineStart;
    while (j < n && !isEol(text.charCodeAt(j))) j++;
    i = j;
    if (i >= n) return n;
  }
  return n;
}
