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

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === undefined;
}

function isFlowIndicator(c: string | undefined): boolean {
  return c === '[' || c === ']' || c === '{' || c === '}' || c === ',';
}

function isEol(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** Scans `text` and returns its nesting depth (stopping early once it exceeds `limit`). */
export function scanYamlDepth(text: string, limit: number): DepthScan {
  const n = text.length;
  const indents: number[] = []; // block indentation columns of the open block nodes
  let flow = 0; // open flow collections
  let best: DepthScan = { depth: 0, offset: 0 };
  let i = 0;

  const note = (offset: number): boolean => {
    const depth = indents.length + flow;
    if (depth > best.depth) best = { depth, offset };
    return depth > limit;
  };

  while (i < n) {
    const lineStart = i;
    while (i < n && text[i] === ' ') i++;
    const indent = i - lineStart;
    while (i < n && text[i] === '\t') i++;
    if (i >= n) break;
    if (isEol(text[i])) {
      i++;
      continue;
    }
    if (text[i] === '#') {
      while (i < n && !isEol(text[i])) i++;
      continue;
    }
    if (flow === 0) {
      // Block context: the line's indentation closes deeper nodes and opens one at this column;
      // each compact indicator (`- `, `? `, `: `) on the line opens one more.
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      while ((text[i] === '-' || text[i] === '?' || text[i] === ':') && isBlank(text[i + 1])) {
        i++;
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i >= n || isEol(text[i]) || text[i] === '#') break;
        indents.push(i - lineStart);
      }
      if (note(i)) return best;
    }
    // The rest of the line: quotes and brackets only count where a node may start, so that
    // `arn:aws:s3:::b[1]` or `it's` inside a plain scalar changes nothing.
    let atNodeStart = true;
    let afterQuoted = false; // `"key":[` — after a quoted key, `:` needs no space (JSON-like YAML)
    while (i < n && !isEol(text[i])) {
      const c = text[i];
      if (c === ' ' || c === '\t') {
        i++;
        continue;
      }
      if (c === '#' && isBlank(text[i - 1])) {
        while (i < n && !isEol(text[i])) i++;
        break;
      }
      if (atNodeStart) {
        if (c === '"') {
          i = skipDoubleQuoted(text, i);
          atNodeStart = false;
          afterQuoted = true;
          continue;
        }
        if (c === "'") {
          i = skipSingleQuoted(text, i);
          atNodeStart = false;
          afterQuoted = true;
          continue;
        }
        if (c === '[' || c === '{') {
          flow++;
          i++;
          if (note(i)) return best;
          continue;
        }
        if (c === '!' || c === '&') {
          // A tag or anchor: a node still follows. Neither may contain a flow indicator, so
          // `&a[[[` is an anchor followed by flow sequences.
          i++;
          while (i < n && !isBlank(text[i]) && !isFlowIndicator(text[i])) i++;
          continue;
        }
        if ((c === '|' || c === '>') && flow === 0) {
          i = skipBlockScalar(text, i, indents.length > 0 ? indents[indents.length - 1] : 0);
          break;
        }
      }
      if (flow > 0) {
        if (c === ']' || c === '}') {
          if (flow > 0) flow--;
          atNodeStart = false;
        } else if (c === ',' || c === ':' || c === '?') {
          atNodeStart = true;
        } else {
          atNodeStart = false;
        }
        i++;
        continue;
      }
      if ((c === ':' || c === '-' || c === '?') && isBlank(text[i + 1])) atNodeStart = true;
      else atNodeStart = c === ':' && afterQuoted;
      afterQuoted = false;
      i++;
    }
  }
  return best;
}

function skipDoubleQuoted(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return n;
}

function skipSingleQuoted(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") i += 2;
      else return i + 1;
    } else i++;
  }
  return n;
}

/** Skips a `|`/`>` header line and every following line that is blank or indented deeper than `parentIndent`. */
function skipBlockScalar(text: string, i: number, parentIndent: number): number {
  const n = text.length;
  while (i < n && !isEol(text[i])) i++;
  while (i < n) {
    // i is at an end of line: look at the next line.
    let j = i;
    if (text[j] === '\r') j++;
    if (text[j] === '\n') j++;
    const lineStart = j;
    while (j < n && text[j] === ' ') j++;
    const blank = j >= n || isEol(text[j]);
    if (!blank && j - lineStart <= parentIndent) return lineStart;
    while (j < n && !isEol(text[j])) j++;
    i = j;
    if (i >= n) return n;
  }
  return n;
}
