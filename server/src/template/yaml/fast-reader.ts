// The fast YAML reader: composes the located tree straight from the text in one linear pass,
// skipping the `yaml` library's lexer, CST, Document and Node layers, which cost 10-20× a plain js-yaml
// load on a 1 MB template. It covers the YAML that CloudFormation templates use (block and flow
// collections, plain/quoted/block scalars, comments, CloudFormation and `!!str` tags, CRLF, one `---`)
// and DECLINES everything else (anchors, aliases, `?` keys, directives, several documents, tabs, any
// syntax error, any layout it is not certain about): readYaml then runs the reference reader, so the
// result never differs from it. Equality with the reference (values, kinds, key order, every range,
// problems) is checked on fixtures, seeded mutations and the corpus (test/unit/template/yaml-fast.test.ts,
// scripts/bench/compare-readers.mjs).
//
// Ranges follow the reference reader, which takes the library's "value end" of a node and trims
// trailing whitespace. For a block collection that end is the end of its last value *including* the
// comments the library's parser attaches to that value: a comment on the value's line, then comment
// lines indented deeper than the collection (until the first comment line that is not). Other comment
// lines after the last value belong to the innermost collection whose indentation they reach, and
// extend the range of that collection's parent when the collection is the parent's last value.
//
// Recursion is bounded: the depth pre-scan (depth-scan.ts) has already refused texts nesting more
// than MAX_NESTING_DEPTH levels.

import type { LEntry, LMap, LNode, LScalar, LSeq, Range } from '../located';
import { MAX_NODES } from '../limits';
import { longFormNode, longFormOfTag } from '../tags';
import { resolveCorePlain } from './core-schema';
import { blockScalarValue, doubleQuotedValue, singleQuotedValue, unfold } from './fast-scalars';

/** Thrown (a shared object, no stack) to give the text to the reference reader. Caught in readYamlFast. */
const DECLINE = { declined: true };

export interface DuplicateKey {
  key: string;
  keyRange: Range;
}

export interface FastResult {
  root: LNode | null;
}

/** A value as a collection sees it: the node, and where the library's "node end" of it lies. */
interface Built {
  node: LNode;
  /** End including attached comments (see the header); what a parent collection's range ends at. */
  nodeEnd: number;
  /** A scalar or flow collection: comment lines indented deeper than the collection attach to it. */
  attachable: boolean;
  /** An empty value followed by a comment: the library's range rules there are not reproduced. */
  emptyWithComment: boolean;
  /** Set on block values: they scanned the gap after themselves already. */
  block: boolean;
}

/** Placeholders for the list a flow collection does not fill: never written to, never returned. */
const NO_ITEMS: LNode[] = [];
const NO_ENTRIES: LEntry[] = [];

const SP = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

function isBreakOrEnd(c: number): boolean {
  return c === LF || c === CR || Number.isNaN(c);
}

function isBlankOrEnd(c: number): boolean {
  return c === SP || c === LF || c === CR || Number.isNaN(c);
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** Characters a plain scalar may not start with (YAML 1.2.2 §7.3.3 c-indicator), `-?:` handled apart. */
function isIndicatorStart(c: number): boolean {
  switch (c) {
    case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: // , [ ] { }
    case 0x23: case 0x26: case 0x2a: case 0x21: case 0x7c: // # & * ! |
    case 0x3e: case 0x27: case 0x22: case 0x25: case 0x40: case 0x60: // > ' " % @ `
      return true;
    default:
      return false;
  }
}

/**
 * Reads `text` (BOM already removed) the fast way. Returns undefined when it declines: the caller
 * must then use the reference reader. Duplicate keys are returned for the caller to report, in the
 * order the reference reader reports them.
 */
export function readYamlFast(text: string, onDuplicates: (entries: LEntry[]) => LEntry[]): FastResult | undefined {
  if (!precheck(text)) return undefined;
  try {
    return { root: new FastReader(text, onDuplicates).document() };
  } catch {
    // DECLINE, or (should a bug of ours throw) anything else: the reference reader decides.
    return undefined;
  }
}

/** Whole-text conditions under which the fast reader never starts: tabs, lone CRs, directives, markers. */
function precheck(text: string): boolean {
  if (text.indexOf('\t') >= 0) return false;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== LF) return false;
  }
  // `%` directives, and `---` / `...` markers anywhere but the very first content line.
  let first = true;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */) return false;
    if ((c === DASH || c === 0x2e) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c && isBlankOrEnd(text.charCodeAt(i + 3))) {
      if (!first || c === 0x2e) return false;
    }
    if (c !== HASH && c !== SP && c !== LF && c !== CR) first = false;
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return true;
}

class FastReader {
  private pos = 0;
  private nodes = 0;
  /**
   * Comment lines met after the last value of the innermost collection that did not attach to that
   * value, as [indent, end] pairs, waiting for a closing collection to own them (see the header).
   */
  private gap: number[] = [];
  /** Whether the gap comments are still looking for an owner. */
  private floating = false;

  constructor(
    private readonly text: string,
    private readonly onDuplicates: (entries: LEntry[]) => LEntry[],
  ) {}

  document(): LNode | null {
    const t = this.text;
    this.skipCommentLines();
    if (this.pos < t.length && this.column() === 0 && t.startsWith('---', this.pos)) {
      this.pos += 3;
      this.endOfLine();
      this.skipCommentLines();
      if (this.pos >= t.length) throw DECLINE; // an empty document after `---`: the library yields an empty scalar
    }
    if (this.pos >= t.length) return null;
    const c = this.pos - this.lineStart(this.pos);
    if (c !== 0) throw DECLINE;
    const ch = t.charCodeAt(this.pos);
    let built: Built;
    if (ch === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1))) built = this.blockSeq(0);
    else if (this.keyAhead()) built = this.blockMap(0);
    else throw DECLINE; // a root scalar or flow collection: not a template
    if (this.pos < t.length) throw DECLINE; // content after the root: bad indentation somewhere
    return built.node;
  }

  // ---- lines and gaps -------------------------------------------------------------------------

  private lineStart(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  /** Skips blank and comment-only lines from a line start; stops at the first content character. */
  private skipCommentLines(): void {
    const t = this.text;
    for (;;) {
      let p = this.pos;
      while (t.charCodeAt(p) === SP) p++;
      const c = t.charCodeAt(p);
      if (c === HASH || c === CR || c === LF) {
        const nl = t.indexOf('\n', p);
        if (nl < 0) {
          this.pos = t.length;
          return;
        }
        this.pos = nl + 1;
        continue;
      }
      this.pos = Number.isNaN(c) ? t.length : p;
      return;
    }
  }

  /**
   * After content on a line: only blanks and a comment may follow. Moves to the next line's start and
   * returns the end of that comment (trimmed), or -1 when there was none.
   */
  private endOfLine(): number {
    const t = this.text;
    let p = this.pos;
    while (t.charCodeAt(p) === SP) p++;
    let commentEnd = -1;
    if (t.charCodeAt(p) === HASH) {
      if (p > 0 && t.charCodeAt(p - 1) !== SP) throw DECLINE;
      let nl = t.indexOf('\n', p);
      if (nl < 0) nl = t.length;
      let e = nl;
      while (e > p && (t.charCodeAt(e - 1) === CR || t.charCodeAt(e - 1) === SP)) e--;
      commentEnd = e;
      p = nl;
    }
    const c = t.charCodeAt(p);
    if (c === CR) p++;
    if (t.charCodeAt(p) === LF) p++;
    else if (p < t.length) throw DECLINE;
    this.pos = p;
    return commentEnd;
  }

  /**
   * From a line start after a value of the collection at `indent`: scans blank and comment lines up to
   * the next content. Comment lines deeper than `indent` attach to an attachable value until the first
   * one that does not; the rest wait in `gap`. Returns the value's node end.
   */
  private scanGap(indent: number, value: Built): number {
    const t = this.text;
    let nodeEnd = value.nodeEnd;
    let attaching = value.attachable;
    this.gap = [];
    this.floating = true;
    for (;;) {
      let p = this.pos;
      while (t.charCodeAt(p) === SP) p++;
      const c = t.charCodeAt(p);
      if (c === HASH || c === CR || c === LF) {
        let nl = t.indexOf('\n', p);
        if (nl < 0) nl = t.length;
        if (c === HASH) {
          if (value.node.kind === 'scalar' && value.block && p - this.pos > indent) throw DECLINE; // after `|`/`>`
          if (value.emptyWithComment || (value.node.kind === 'scalar' && value.node.range.start === value.node.range.end)) {
            // A comment after an empty value: the library's placement of it is not reproduced.
            throw DECLINE;
          }
          let e = nl;
          while (e > p && (t.charCodeAt(e - 1) === CR || t.charCodeAt(e - 1) === SP)) e--;
          const col = p - this.pos;
          if (attaching && col > indent) nodeEnd = e;
          else {
            attaching = false;
            this.gap.push(col, e);
          }
        }
        this.pos = nl >= t.length ? t.length : nl + 1;
        if (nl >= t.length) return nodeEnd;
        continue;
      }
      this.pos = Number.isNaN(c) ? t.length : p;
      return nodeEnd;
    }
  }

  /**
   * A block collection at `indent` closes with `valueEnd` (its last value's node end): decides whether
   * the floating gap comments stay with it (they then extend its node end) or float up to its parent.
   */
  private closeBlock(indent: number, valueEnd: number): number {
    if (!this.floating || this.gap.length === 0) return valueEnd;
    if (indent === 0) return valueEnd;
    for (let i = 0; i < this.gap.length; i += 2) {
      if (this.gap[i] >= indent) {
        this.floating = false;
        return Math.max(valueEnd, this.gap[this.gap.length - 1]);
      }
    }
    return valueEnd;
  }

  private column(): number {
    return this.pos - this.lineStart(this.pos);
  }

  private count(): void {
    if (++this.nodes > MAX_NODES) throw DECLINE;
  }

  // ---- block collections ----------------------------------------------------------------------

  /** Is there an implicit key (`key:` followed by a blank) at pos? */
  private keyAhead(): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(this.pos, true);
      if (close < 0) return false;
      let p = close;
      while (t.charCodeAt(p) === SP) p++;
      return t.charCodeAt(p) === COLON && isBlankOrEnd(t.charCodeAt(p + 1));
    }
    return this.plainKeyEnd(this.pos) >= 0;
  }

  /** End (exclusive, trimmed) of a plain implicit key starting at p, or -1 when the line holds none. */
  private plainKeyEnd(p: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (isIndicatorStart(c)) return -1;
    if ((c === DASH || c === 0x3f || c === COLON) && isBlankOrEnd(t.charCodeAt(p + 1))) return -1;
    for (let i = p; ; i++) {
      const d = t.charCodeAt(i);
      if (isBreakOrEnd(d)) return -1;
      if (d === HASH && t.charCodeAt(i - 1) === SP) return -1;
      if (d === COLON && isBlankOrEnd(t.charCodeAt(i + 1))) {
        let e = i;
        while (e > p && t.charCodeAt(e - 1) === SP) e--;
        return e > p ? e : -1;
      }
    }
  }

  private blockMap(indent: number): Built {
    const t = this.text;
    this.count();
    const start = this.pos;
    const entries: LEntry[] = [];
    let last: Built;
    for (;;) {
      // pos: at a key, at column `indent`
      let key: string;
      const keyStart = this.pos;
      let keyEnd: number;
      const c = t.charCodeAt(this.pos);
      if (c === 0x22 || c === 0x27) {
        keyEnd = this.quotedEnd(this.pos, true);
        if (keyEnd < 0) throw DECLINE;
        const src = t.slice(keyStart, keyEnd);
        const v = c === 0x22 ? doubleQuotedValue(src) : singleQuotedValue(src);
        if (v === undefined) throw DECLINE;
        key = v;
        this.pos = keyEnd;
        while (t.charCodeAt(this.pos) === SP) this.pos++;
      } else {
        keyEnd = this.plainKeyEnd(this.pos);
        if (keyEnd < 0) throw DECLINE;
        key = t.slice(keyStart, keyEnd);
        if (key === '<<') throw DECLINE; // merge key: reported by the reference reader
        this.pos = keyEnd;
        while (t.charCodeAt(this.pos) === SP) this.pos++;
      }
      if (keyEnd - keyStart > 1000) throw DECLINE; // the library refuses implicit keys over 1024 chars
      if (t.charCodeAt(this.pos) !== COLON) throw DECLINE;
      this.pos++;
      this.count();
      last = this.blockValue(indent, true);
      entries.push({ key, keyRange: { start: keyStart, end: keyEnd }, value: last.node });
      if (!last.block) {
        const commentEnd = this.endOfLine();
        if (commentEnd >= 0) last.nodeEnd = commentEnd;
        last.nodeEnd = this.scanGap(indent, last);
      }
      if (this.pos >= t.length) break;
      const col = this.column();
      if (col > indent) throw DECLINE;
      if (col < indent) break;
      if (t.charCodeAt(this.pos) === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1))) throw DECLINE;
    }
    if (last.emptyWithComment) throw DECLINE;
    const valueEnd = last.nodeEnd;
    const node: LMap = { kind: 'map', entries: this.onDuplicates(entries), range: { start, end: this.trimEnd(start, valueEnd) } };
    const nodeEnd = this.closeBlock(indent, valueEnd);
    return { node, nodeEnd, attachable: false, emptyWithComment: false, block: true };
  }

  private blockSeq(indent: number): Built {
    const t = this.text;
    this.count();
    const start = this.pos;
    const items: LNode[] = [];
    let last: Built;
    for (;;) {
      // pos: at `-`, at column `indent`
      this.pos++;
      last = this.blockValue(indent, false);
      items.push(last.node);
      if (!last.block) {
        const commentEnd = this.endOfLine();
        if (commentEnd >= 0) last.nodeEnd = commentEnd;
        last.nodeEnd = this.scanGap(indent, last);
      }
      if (this.pos >= t.length) break;
      const col = this.column();
      if (col > indent) throw DECLINE;
      if (col < indent) break;
      if (!(t.charCodeAt(this.pos) === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1)))) break; // a sibling key
    }
    if (last.emptyWithComment) throw DECLINE;
    const valueEnd = last.nodeEnd;
    const node: LSeq = { kind: 'seq', items, range: { start, end: this.trimEnd(start, valueEnd) } };
    const nodeEnd = this.closeBlock(indent, valueEnd);
    return { node, nodeEnd, attachable: false, emptyWithComment: false, block: true };
  }

  /**
   * The value after `key:` (inMap) or `-`, in the collection at `indent`; pos is just after the
   * indicator. Inline values leave pos at their end on their last line (block: false); values on the
   * following lines, compact collections and block scalars consume their lines and gap (block: true).
   */
  private blockValue(indent: number, inMap: boolean): Built {
    const t = this.text;
    while (t.charCodeAt(this.pos) === SP) this.pos++;
    let afterSpaces = this.pos;
    let tag: { name: string; start: number; end: number } | undefined;
    let c = t.charCodeAt(this.pos);
    if (c === 0x21 /* ! */) {
      tag = this.blockTag();
      afterSpaces = this.pos;
      c = t.charCodeAt(this.pos);
    }
    let built: Built;
    if (isBreakOrEnd(c) || c === HASH) {
      if (c === HASH && t.charCodeAt(this.pos - 1) !== SP) throw DECLINE;
      // Nothing more on this line: the value is on the following lines, or empty.
      this.endOfLine();
      const gapStart = this.pos;
      this.skipCommentLines();
      const hadComment = c === HASH || this.hasComment(gapStart, this.pos);
      const col = this.column();
      const atEnd = this.pos >= t.length;
      if (!atEnd && col > indent) {
        built = this.blockNodeOnOwnLine(col, indent, tag !== undefined);
      } else if (!atEnd && inMap && col === indent && t.charCodeAt(this.pos) === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1))) {
        built = this.blockSeq(col);
      } else {
        // Empty: null (or, tagged, the empty string) just after the indicator or tag and the blanks
        // that follow it on its line. The gap is already scanned and held no comment.
        const at = afterSpaces;
        this.gap = [];
        this.floating = true;
        if (hadComment) throw DECLINE;
        if (tag && tag.name === '!!str') throw DECLINE;
        const node: LScalar = { kind: 'scalar', value: tag ? '' : null, range: { start: at, end: at } };
        this.count();
        const empty: Built = { node, nodeEnd: at, attachable: false, emptyWithComment: false, block: true };
        return tag ? this.applyTag(tag, empty) : empty;
      }
    } else {
      built = this.inlineNode(indent, inMap, tag !== undefined);
    }
    if (tag) built = this.applyTag(tag, built);
    return built;
  }

  /** A CloudFormation or `!!str` tag at pos in block context; pos ends after the blanks that follow it. */
  private blockTag(): { name: string; start: number; end: number } {
    const t = this.text;
    const s = this.pos;
    while (!isBlankOrEnd(t.charCodeAt(this.pos))) this.pos++;
    const tag = { name: t.slice(s, this.pos), start: s, end: this.pos };
    if (!(longFormOfTag(tag.name) !== undefined || tag.name === '!!str')) throw DECLINE;
    while (t.charCodeAt(this.pos) === SP) this.pos++;
    return tag;
  }

  private hasComment(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === HASH) return true;
    return false;
  }

  /** A node starting a line at column `col` (deeper than its parent at `indent`): collection, scalar or flow. */
  private blockNodeOnOwnLine(col: number, indent: number, tagged: boolean): Built {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1))) return this.blockSeq(col);
    if (this.keyAhead()) return this.blockMap(col);
    // A scalar or flow collection alone on its lines (perhaps tagged): it belongs to the parent at `indent`.
    let ownTag: { name: string; start: number; end: number } | undefined;
    if (c === 0x21 /* ! */) {
      if (tagged) throw DECLINE; // two tags on one node
      ownTag = this.blockTag();
      const d = t.charCodeAt(this.pos);
      if (isBreakOrEnd(d) || d === HASH) {
        // The tag alone on its line too: its node follows on a deeper line (no comment in between).
        if (d === HASH) throw DECLINE;
        this.endOfLine();
        const from = this.pos;
        this.skipCommentLines();
        if (this.pos >= t.length || this.hasComment(from, this.pos)) throw DECLINE;
        const next = this.column();
        if (next <= indent) throw DECLINE; // an empty tagged value on its own line
        return this.applyTag(ownTag, this.blockNodeOnOwnLine(next, indent, true));
      }
    }
    let b = this.inlineNode(indent, true, tagged || ownTag !== undefined);
    if (ownTag) b = this.applyTag(ownTag, b);
    if (b.block) return b; // a block scalar scanned its own gap
    const commentEnd = this.endOfLine();
    if (commentEnd >= 0) b.nodeEnd = commentEnd;
    b.nodeEnd = this.scanGap(indent, b);
    b.block = true;
    return b;
  }

  /**
   * A value that starts on the current line after `key:`/`-`/a tag: compact collection (after `-`),
   * block scalar, flow collection, quoted or plain scalar.
   */
  private inlineNode(indent: number, inMap: boolean, tagged: boolean): Built {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (!inMap && !tagged) {
      const col = this.column();
      if (c === DASH && isBlankOrEnd(t.charCodeAt(this.pos + 1))) return this.blockSeq(col);
      if (this.keyAhead()) return this.blockMap(col);
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(indent);
    if (c === 0x5b || c === 0x7b) {
      const node = this.flowCollection(indent);
      this.noKeyFollows();
      return { node, nodeEnd: node.range.end, attachable: true, emptyWithComment: false, block: false };
    }
    if (c === 0x22 || c === 0x27) {
      const node = this.quotedScalar(indent);
      this.noKeyFollows();
      return { node, nodeEnd: node.range.end, attachable: true, emptyWithComment: false, block: false };
    }
    if ((c === DASH || c === 0x3f || c === COLON) && isBlankOrEnd(t.charCodeAt(this.pos + 1))) throw DECLINE;
    if (isIndicatorStart(c)) throw DECLINE;
    const node = this.plainScalar(indent, tagged);
    return { node, nodeEnd: node.range.end, attachable: true, emptyWithComment: false, block: false };
  }

  /** After an inline flow node on a block line: `:` would make it an implicit key (not handled). */
  private noKeyFollows(): void {
    const t = this.text;
    let p = this.pos;
    while (t.charCodeAt(p) === SP) p++;
    if (t.charCodeAt(p) === COLON) throw DECLINE;
  }

  private applyTag(tag: { name: string; start: number; end: number }, built: Built): Built {
    const longName = longFormOfTag(tag.name);
    const node = built.node;
    if (longName === undefined) {
      // `!!str`: only on scalars, whose value is then the string as written.
      if (node.kind !== 'scalar' || typeof node.value !== 'string') throw DECLINE;
      return built;
    }
    this.count();
    const wrapped = longFormNode(longName, { start: tag.start, end: tag.end }, node, this.text);
    // Copied field by field: a spread here cost more than the wrapping itself (hot on tagged templates).
    return { node: wrapped, nodeEnd: built.nodeEnd, attachable: built.attachable, emptyWithComment: built.emptyWithComment, block: built.block };
  }

  // ---- scalars --------------------------------------------------------------------------------

  /**
   * A plain scalar in block context at pos, belonging to the collection at `indent`: continuation lines
   * must be deeper than `indent`. `str`: tagged, so its value stays a string.
   */
  private plainScalar(indent: number, str: boolean): LScalar {
    const t = this.text;
    const start = this.pos;
    let end = this.plainLineEnd(this.pos);
    let multi = false;
    // Continuation lines: deeper than the parent, not comments, not indicators.
    let p = end;
    while (t.charCodeAt(p) === SP) p++;
    if (t.charCodeAt(p) !== HASH) {
      for (;;) {
        // p is at the end of a content line (CR/LF or end of text)
        let q = p;
        let lineStart = -1;
        for (;;) {
          if (t.charCodeAt(q) === CR) q++;
          if (t.charCodeAt(q) !== LF) {
            lineStart = -1;
            break;
          }
          q++;
          lineStart = q;
          while (t.charCodeAt(q) === SP) q++;
          const d = t.charCodeAt(q);
          if (d === CR || d === LF) continue; // a blank line inside the scalar, perhaps
          break;
        }
        if (lineStart < 0) break;
        const d = t.charCodeAt(q);
        if (Number.isNaN(d) || q - lineStart <= indent || d === HASH) break;
        if (isIndicatorStart(d) || d === DASH || d === 0x3f || d === COLON) throw DECLINE;
        const e = this.plainLineEnd(q);
        let r = e;
        while (t.charCodeAt(r) === SP) r++;
        if (t.charCodeAt(r) === HASH) throw DECLINE;
        end = e;
        multi = true;
        p = r;
      }
    }
    this.pos = end;
    const src = t.slice(start, end);
    const value = multi ? unfold(src) : src;
    this.count();
    return { kind: 'scalar', value: str ? value : resolveCorePlain(value), range: { start, end } };
  }

  /** End (trimmed) of a plain scalar's part on one line starting at p; declines on `: ` inside. */
  private plainLineEnd(p: number): number {
    const t = this.text;
    let i = p;
    for (;;) {
      const d = t.charCodeAt(i);
      if (isBreakOrEnd(d)) break;
      if (d === HASH && i > p && t.charCodeAt(i - 1) === SP) break;
      if (d === COLON && isBlankOrEnd(t.charCodeAt(i + 1))) throw DECLINE;
      i++;
    }
    while (i > p && (t.charCodeAt(i - 1) === SP || t.charCodeAt(i - 1) === CR)) i--;
    return i;
  }

  /** Offset just after the closing quote of a quoted scalar at p, or -1 (unclosed / `oneLine` broken). */
  private quotedEnd(p: number, oneLine: boolean): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    for (let i = p + 1; i < t.length; i++) {
      const d = t.charCodeAt(i);
      if (d === LF && oneLine) return -1;
      if (q === 0x22) {
        if (d === 0x5c) i++;
        else if (d === 0x22) return i + 1;
      } else if (d === 0x27) {
        if (t.charCodeAt(i + 1) === 0x27) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  /** A quoted scalar at pos (block or flow context); continuation lines must be deeper than `indent`. */
  private quotedScalar(indent: number): LScalar {
    const t = this.text;
    const start = this.pos;
    const end = this.quotedEnd(start, false);
    if (end < 0) throw DECLINE;
    // Each continuation line must be indented deeper than the parent collection.
    for (let nl = t.indexOf('\n', start); nl >= 0 && nl < end; nl = t.indexOf('\n', nl + 1)) {
      let q = nl + 1;
      while (t.charCodeAt(q) === SP) q++;
      const d = t.charCodeAt(q);
      if (d === CR || d === LF) continue;
      if (q - (nl + 1) <= indent) throw DECLINE;
    }
    const src = t.slice(start, end);
    const value = t.charCodeAt(start) === 0x22 ? doubleQuotedValue(src) : singleQuotedValue(src);
    if (value === undefined) throw DECLINE;
    this.pos = end;
    this.count();
    return { kind: 'scalar', value, range: { start, end } };
  }

  /**
   * A block scalar (`|`, `>`, with `-` or `+` chomping; no indentation indicator) whose header is at
   * pos, value of the collection at `indent`. Consumes its lines and scans the gap after it.
   */
  private blockScalar(indent: number): Built {
    const t = this.text;
    const start = this.pos;
    const folded = t.charCodeAt(start) === 0x3e;
    let p = start + 1;
    let chomp: '' | '-' | '+' = '';
    if (t.charCodeAt(p) === DASH || t.charCodeAt(p) === 0x2b /* + */) {
      chomp = t.charCodeAt(p) === DASH ? '-' : '+';
      p++;
    }
    if (!isBlankOrEnd(t.charCodeAt(p))) throw DECLINE; // indentation indicators, anything else
    this.pos = p;
    this.endOfLine();
    // Content: the first non-blank line sets the indentation; it must be deeper than the parent.
    const firstLine = this.pos;
    let q = this.pos;
    let contentIndent = -1;
    for (;;) {
      const ls = q;
      while (t.charCodeAt(q) === SP) q++;
      const d = t.charCodeAt(q);
      if (d === CR || d === LF) {
        q = t.indexOf('\n', q) + 1;
        continue;
      }
      if (!Number.isNaN(d)) contentIndent = q - ls;
      break;
    }
    if (contentIndent <= indent) throw DECLINE; // empty block scalar
    // Lines while blank or indented at least contentIndent.
    const raw: string[] = [];
    let lastContentEnd = -1;
    q = firstLine;
    for (;;) {
      if (q >= t.length) break;
      let e = t.indexOf('\n', q);
      if (e < 0) e = t.length;
      let k = q;
      while (t.charCodeAt(k) === SP) k++;
      const d = t.charCodeAt(k);
      const blank = d === CR || d === LF || Number.isNaN(d);
      if (!blank && k - q < contentIndent) break;
      raw.push(t.slice(q, e));
      if (!blank) {
        let r = e;
        while (r > k && (t.charCodeAt(r - 1) === SP || t.charCodeAt(r - 1) === CR)) r--;
        lastContentEnd = r;
      }
      q = e + 1;
    }
    let trailingBreaks = 0;
    for (let i = lastContentEnd; i < q && i < t.length; i++) if (t.charCodeAt(i) === LF) trailingBreaks++;
    const value = blockScalarValue(folded, chomp, raw, contentIndent, trailingBreaks);
    if (value === undefined) throw DECLINE;
    this.pos = Math.min(q, t.length);
    // Back up to the first line after the last content line, so the gap sees the blank lines too.
    const node: LScalar = { kind: 'scalar', value, range: { start, end: lastContentEnd } };
    this.count();
    const built: Built = { node, nodeEnd: lastContentEnd, attachable: false, emptyWithComment: false, block: true };
    built.nodeEnd = this.scanGap(indent, built);
    return built;
  }

  // ---- flow collections -----------------------------------------------------------------------

  /** Skips blanks and line breaks inside a flow collection; continuation lines deeper than `indent`. */
  private flowSpace(indent: number): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === SP) this.pos++;
      else if (c === CR || c === LF) {
        if (c === CR) this.pos++;
        this.pos++;
        const ls = this.pos;
        while (t.charCodeAt(this.pos) === SP) this.pos++;
        const d = t.charCodeAt(this.pos);
        if (d !== CR && d !== LF && this.pos - ls <= indent) throw DECLINE;
      } else if (c === HASH) throw DECLINE; // comments inside flow collections: left to the reference
      else return;
    }
  }

  private flowCollection(indent: number): LNode {
    const t = this.text;
    const start = this.pos;
    const isSeq = t.charCodeAt(start) === 0x5b;
    const close = isSeq ? 0x5d : 0x7d;
    this.pos++;
    this.count();
    // Only the list this collection fills is made (an empty array per collection was pure garbage).
    const items: LNode[] = isSeq ? [] : NO_ITEMS;
    const entries: LEntry[] = isSeq ? NO_ENTRIES : [];
    for (;;) {
      this.flowSpace(indent);
      if (t.charCodeAt(this.pos) === close) break;
      if (isSeq) {
        items.push(this.flowNode(indent, false, true));
      } else {
        const keyStart = this.pos;
        const c = t.charCodeAt(keyStart);
        let key: string;
        if (c === 0x22 || c === 0x27) {
          const k = this.quotedScalar(indent);
          key = k.value as string;
          this.nodes--; // counted again below, as the reference counts keys once per entry
        } else {
          key = t.slice(keyStart, this.flowPlainEnd());
          this.nodes--;
        }
        const keyEnd = this.pos;
        if (key === '<<' && c !== 0x22 && c !== 0x27) throw DECLINE;
        this.flowSpace(indent);
        if (t.charCodeAt(this.pos) !== COLON) throw DECLINE;
        this.pos++;
        const d = t.charCodeAt(this.pos);
        if (!(d === SP || d === LF || d === CR)) throw DECLINE;
        this.flowSpace(indent);
        const e = t.charCodeAt(this.pos);
        if (e === 0x2c || e === close) throw DECLINE; // empty value
        this.count();
        entries.push({ key, keyRange: { start: keyStart, end: keyEnd }, value: this.flowNode(indent) });
      }
      this.flowSpace(indent);
      const d = t.charCodeAt(this.pos);
      if (d === 0x2c) {
        this.pos++;
        continue;
      }
      if (d === close) break;
      throw DECLINE;
    }
    this.pos++;
    const range = { start, end: this.pos };
    return isSeq ? { kind: 'seq', items, range } : { kind: 'map', entries: this.onDuplicates(entries), range };
  }

  /** A node in a flow collection; `pairOk`: in a sequence, where `key: value` makes a one-entry map. */
  private flowNode(indent: number, str = false, pairOk = false): LNode {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    let node: LNode;
    if (c === 0x21) {
      if (str) throw DECLINE; // two tags on one node
      const s = this.pos;
      while (!isBlankOrEnd(t.charCodeAt(this.pos)) && !isFlowIndicator(t.charCodeAt(this.pos))) this.pos++;
      const name = t.slice(s, this.pos);
      const after = t.charCodeAt(this.pos);
      if (after !== SP && after !== LF && after !== CR) throw DECLINE;
      if (!(longFormOfTag(name) !== undefined || name === '!!str')) throw DECLINE;
      this.flowSpace(indent);
      const inner = this.flowNode(indent, true);
      const built = this.applyTag({ name, start: s, end: s + name.length }, {
        node: inner, nodeEnd: inner.range.end, attachable: true, emptyWithComment: false, block: false,
      });
      return built.node;
    }
    if (c === 0x5b || c === 0x7b) node = this.flowCollection(indent);
    else if (c === 0x22 || c === 0x27) node = this.quotedScalar(indent);
    else node = this.flowPlain(indent, !str);
    let p = this.pos;
    while (t.charCodeAt(p) === SP) p++;
    if (t.charCodeAt(p) !== COLON) return node;
    // `[a: b]`: a single-pair map inside a sequence, from its key to its value. Only single-line
    // scalar keys followed by `: ` (not `"a":b` adjacency).
    if (!pairOk || node.kind !== 'scalar' || t.charCodeAt(p + 1) !== SP) throw DECLINE;
    if (t.slice(node.range.start, node.range.end).indexOf('\n') >= 0) throw DECLINE;
    const key = typeof node.value === 'string' ? node.value : t.slice(node.range.start, node.range.end);
    if (key === '<<' && c !== 0x22 && c !== 0x27) throw DECLINE;
    this.pos = p + 1;
    this.flowSpace(indent);
    const e = t.charCodeAt(this.pos);
    if (e === 0x2c || e === 0x5d || e === 0x7d) throw DECLINE; // empty value
    const value = this.flowNode(indent);
    this.count();
    return { kind: 'map', entries: [{ key, keyRange: { ...node.range }, value }], range: { start: node.range.start, end: value.range.end } };
  }

  /** A single-line plain scalar in flow context. `typed`: a value (core schema) rather than a key. */
  private flowPlain(indent: number, typed: boolean): LScalar {
    void indent;
    const start = this.pos;
    const end = this.flowPlainEnd();
    const src = this.text.slice(start, end);
    return { kind: 'scalar', value: typed ? resolveCorePlain(src) : src, range: { start, end } };
  }

  /**
   * Scans the flow plain scalar at pos (counted as a node) and returns its end, where pos is left. Keys
   * need only their text: no scalar node is built for them.
   */
  private flowPlainEnd(): number {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (isIndicatorStart(c)) throw DECLINE;
    if ((c === DASH || c === 0x3f || c === COLON) && (isBlankOrEnd(t.charCodeAt(start + 1)) || isFlowIndicator(t.charCodeAt(start + 1)))) {
      throw DECLINE;
    }
    let i = start;
    for (;;) {
      const d = t.charCodeAt(i);
      if (isBreakOrEnd(d) || isFlowIndicator(d)) break;
      if (d === HASH && t.charCodeAt(i - 1) === SP) break;
      if (d === COLON) {
        const e = t.charCodeAt(i + 1);
        if (isBlankOrEnd(e) || isFlowIndicator(e)) break;
      }
      i++;
    }
    let end = i;
    while (end > start && t.charCodeAt(end - 1) === SP) end--;
    if (end === start) throw DECLINE;
    this.pos = end;
    // A line break inside a flow plain scalar may continue it on the next line: not handled.
    let p = i;
    if (t.charCodeAt(p) === CR || t.charCodeAt(p) === LF) {
      while (t.charCodeAt(p) === CR || t.charCodeAt(p) === LF || t.charCodeAt(p) === SP) p++;
      const d = t.charCodeAt(p);
      if (!(d === 0x2c || d === 0x5d || d === 0x7d || d === COLON)) throw DECLINE;
    }
    this.count();
    return end;
  }

  private trimEnd(start: number, end: number): number {
    const t = this.text;
    while (end > start) {
      const c = t.charCodeAt(end - 1);
      if (c === SP || c === LF || c === CR || c === 0x09) end--;
      else break;
    }
    return end;
  }
}
