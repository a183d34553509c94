// Scalar values for the fast YAML reader (fast-reader.ts): folding of multi-line plain and quoted
// scalars, double-quoted escapes and block scalars (`|`, `>`), computed from the scalar's source
// text exactly as the `yaml` library computes them, so both readers agree value for value
// (YAML 1.2.2 §6.5 line folding, §7.3 flow scalars, §8.1 block scalars: https://yaml.org/spec/1.2.2/).
// Every function returns undefined where the library would report an error: the caller then
// declines and the reference reader takes over.

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Folds a plain or single-quoted scalar's inner source (§6.5): each line is trimmed (the first only at
 * its end, the last only at its start), one line break becomes a space, n+1 breaks become n newlines.
 */
export function unfold(source: string): string {
  if (source.indexOf('\n') < 0) return source;
  const lines = source.split('\n');
  let res = trimEndWs(stripCr(lines[0]));
  let sep = ' ';
  for (let i = 1; i < lines.length - 1; i++) {
    const line = trimBothWs(stripCr(lines[i]));
    if (line === '') {
      if (sep === '\n') res += sep;
      else sep = '\n';
    } else {
      res += sep + line;
      sep = ' ';
    }
  }
  return res + sep + trimStartWs(lines[lines.length - 1]);
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 0x0d ? s.slice(0, -1) : s;
}

function trimEndWs(s: string): string {
  let e = s.length;
  while (e > 0 && isWs(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

function trimStartWs(s: string): string {
  let b = 0;
  while (b < s.length && isWs(s.charCodeAt(b))) b++;
  return b === 0 ? s : s.slice(b);
}

function trimBothWs(s: string): string {
  return trimStartWs(trimEndWs(s));
}

/** A single-quoted scalar's value from its source including both quotes. */
export function singleQuotedValue(source: string): string {
  const inner = unfold(source.slice(1, -1));
  return inner.indexOf("''") < 0 ? inner : inner.replace(/''/g, "'");
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/**
 * A double-quoted scalar's value from its source including both quotes (§7.3.1): escapes, escaped
 * line breaks (joined without a space), and folding of raw line breaks (raw blanks before a break
 * are dropped). undefined for an escape the library rejects.
 */
export function doubleQuotedValue(source: string): string | undefined {
  let res = '';
  const last = source.length - 1;
  let runStart = 1; // start of the pending run of ordinary characters
  for (let i = 1; i < last; i++) {
    const c = source.charCodeAt(i);
    if (c !== 0x5c /* \ */ && c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) continue;
    if (c === 0x0d) {
      if (source.charCodeAt(i + 1) !== 0x0a) continue; // a lone CR is content (the caller declines those)
      res += source.slice(runStart, i);
      runStart = i + 1;
      continue;
    }
    res += source.slice(runStart, i);
    if (c === 0x0a) {
      // A raw line break: blanks and further breaks after it fold into spaces or newlines.
      let fold = '';
      let j = i + 1;
      for (; j < last; j++) {
        const d = source.charCodeAt(j);
        if (d === 0x0a) fold += '\n';
        else if (d === 0x0d && source.charCodeAt(j + 1) === 0x0a) continue;
        else if (!isWs(d)) break;
      }
      res += fold === '' ? ' ' : fold;
      i = j - 1;
    } else if (c === 0x20 || c === 0x09) {
      // Raw blanks are kept unless a line break follows them.
      let j = i;
      while (j + 1 < last && isWs(source.charCodeAt(j + 1))) j++;
      const next = source.charCodeAt(j + 1);
      const breakFollows = next === 0x0a || (next === 0x0d && source.charCodeAt(j + 2) === 0x0a);
      if (!breakFollows) res += source.slice(i, j + 1);
      i = j;
    } else {
      const e = source[i + 1];
      const simple = ESCAPES[e];
      if (simple !== undefined && i + 1 < last) {
        res += simple;
        i += 1;
      } else if (e === '\n' || (e === '\r' && source[i + 2] === '\n')) {
        // An escaped line break: the break and the next line's leading blanks vanish.
        let j = i + (e === '\n' ? 2 : 3);
        while (j < last && isWs(source.charCodeAt(j))) j++;
        i = j - 1;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = source.slice(i + 2, i + 2 + len);
        if (hex.length !== len || i + 2 + len > last || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        res += String.fromCodePoint(code);
        i += 1 + len;
      } else {
        return undefined;
      }
    }
    runStart = i + 1;
  }
  return res + source.slice(runStart, last);
}

/** One line of a block scalar's content: its leading spaces and the rest (without a final CR). */
interface BlockLine {
  indent: number;
  content: string;
}

/**
 * A block scalar's value (§8.1) from its header (`|`, `>-`, `|+`…; no indentation indicator) and its
 * content lines (everything after the header's line break up to the scalar's end). `contentIndent`
 * is the first non-empty line's indentation; `trailingBreaks` counts the line breaks after the last
 * content line (kept by `+`). undefined where the library would complain or where
 * the result depends on details this reader does not reproduce (the caller declines).
 */
export function blockScalarValue(
  folded: boolean,
  chomp: '' | '-' | '+',
  raw: string[],
  contentIndent: number,
  trailingBreaks: number,
): string | undefined {
  const lines: BlockLine[] = [];
  for (const r of raw) {
    let k = 0;
    while (k < r.length && r.charCodeAt(k) === 0x20) k++;
    lines.push({ indent: k, content: stripCr(r.slice(k)) });
  }
  let end = lines.length; // first trailing empty line
  while (end > 0 && lines[end - 1].content === '') end--;
  if (end === 0) return undefined;
  for (const l of lines) {
    if (l.content === '' && l.indent > contentIndent) return undefined; // more-indented blank lines
    if (l.content !== '' && l.indent < contentIndent) return undefined;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < end; i++) {
    const { indent, content } = lines[i];
    const lead = ' '.repeat(Math.max(0, indent - contentIndent));
    if (!folded) {
      value += sep + (content === '' ? '' : lead) + content;
      sep = '\n';
    } else if (indent > contentIndent || content.charCodeAt(0) === 0x09) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + lead + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '-') return value;
  // Keep: every line break after the last content line stays (at least one).
  if (chomp === '+') return value + '\n'.repeat(Math.max(1, trailingBreaks));
  return value + '\n';
}
