// Cutting a YAML template into its resources ("chunks") and the rest ("globals"), and re-reading one
// stretch of resources on its own after an edit.
//
// A chunk is one entry of a block-style Resources map: from the start of the line of its logical id to
// the start of the line of the next one (its trailing blank and comment lines included); the last chunk
// ends where the next top-level section starts. Read on its own, such a stretch gives exactly the subtree
// the whole document gives, provided nothing in it depends on what is around it. That is checked, not
// assumed: every line after the first is blank, a comment, or indented deeper than the logical ids (so
// no construct can run on past the stretch, and no document marker or top-level key hides in it), the
// reader reports no problem at all (no alias, no duplicate key, no syntax error), and every entry sits at
// the column of the logical ids. Anything else is left to a whole-document analysis.
import { parseTemplate } from '../../template/parse';
import type { LEntry, LMap, LNode, ParseResult, Range } from '../../template/located';

/** A resource entry as the live analysis keeps it: its text and its tree in its own virtual block. */
export interface Chunk {
  id: string;
  /** The chunk's text (from its line start to the next chunk's line start). */
  text: string;
  /** Virtual offset of the chunk's first character (see coordinates.ts). */
  base: number;
  /** Document offset of the chunk's first character (moves with edits before it). */
  start: number;
  /** The resource entry, ranges in virtual offsets. */
  entry: LEntry;
  /** Names the resource mentions (see names.ts). */
  names: string[];
}

/** A stretch of the text read on its own: its entries, each with its span relative to the stretch. */
export interface ReadEntry {
  entry: LEntry;
  /** Start of the entry's line and of the next entry's line (or the stretch's end), relative to the stretch. */
  from: number;
  to: number;
}

/**
 * A copy of `s` that does not keep the text it was cut from alive. A string sliced from a 1 MB document
 * points into that document, so every chunk read after an edit would otherwise keep one whole version of
 * the document in memory (measured: +40 MB of live heap over 100 edits at 1 MB).
 */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Reads `text` (a stretch of a Resources map, starting at a line start) as a standalone document whose
 * entries must sit at column `indent`. null when the stretch cannot be read on its own with certainty.
 */
export function readStretch(text: string, indent: number): ReadEntry[] | null {
  if (!linesStayInside(text, indent)) return null;
  // Read under a one-letter key, as the Resources map is read in the whole text (a document whose root
  // is indented is also valid YAML, but the fast reader leaves those to the slower library reader).
  const parse: ParseResult = parseTemplate(HEAD + text);
  if (parse.problems.length > 0 || parse.format !== 'yaml' || parse.text.length !== HEAD.length + text.length) return null;
  const top = parse.root;
  if (!top || top.kind !== 'map' || top.entries.length !== 1) return null;
  const root = top.entries[0].value;
  if (root.kind === 'scalar' && root.value === null) return blankOrComments(text) ? [] : null;
  if (root.kind !== 'map' || root.range.start !== root.entries[0]?.keyRange.start) return null;
  const out: ReadEntry[] = [];
  for (let i = 0; i < root.entries.length; i++) {
    const e = shiftEntry(root.entries[i], -HEAD.length);
    const from = lineStart(text, e.keyRange.start);
    if (e.keyRange.start - from !== indent || !onlySpaces(text, from, e.keyRange.start)) return null;
    out.push({ entry: e, from, to: text.length });
    if (i > 0) out[i - 1].to = from;
  }
  // The first entry must start the stretch: leading comment lines belong to the chunk before.
  if (out.length > 0 && out[0].from !== 0) return null;
  return out;
}

const HEAD = 'R:\n';

/**
 * Reads `text`, a stretch of the members of a JSON Resources object (from a member's key to the next
 * member's key, or to the object's closing brace when `last`), as an object of its own. JSON has no
 * indentation, so a member reads the same anywhere; what must hold is the punctuation around it: the
 * stretch ends with the comma before the next member, and the last one ends without one.
 */
export function readJsonStretch(text: string, last: boolean): ReadEntry[] | null {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const comma = end > 0 && text[end - 1] === ',';
  if (comma === last || text[0] !== '"') return null;
  // The comma becomes a space (same length: offsets stay), and braces close the stretch.
  const body = comma ? text.slice(0, end - 1) + ' ' + text.slice(end) : text;
  const parse = parseTemplate('{' + body + '}');
  if (parse.problems.length > 0 || parse.format !== 'json' || !parse.root || parse.root.kind !== 'map') return null;
  const entries = parse.root.entries.map((e) => shiftEntry(e, -1));
  if (entries.length === 0 || entries[0].keyRange.start !== 0) return null;
  return entries.map((entry, i) => ({ entry, from: entry.keyRange.start, to: i + 1 < entries.length ? entries[i + 1].keyRange.start : text.length }));
}

/** Every line after the first is blank, a comment, or indented deeper than `indent`. */
export function linesStayInside(text: string, indent: number): boolean {
  let i = text.indexOf('\n');
  while (i >= 0 && i < text.length - 1) {
    const s = i + 1;
    let j = s;
    while (j < text.length && text.charCodeAt(j) === 0x20) j++;
    const c = text.charCodeAt(j);
    const blank = j >= text.length || c === 0x0a || (c === 0x0d && text.charCodeAt(j + 1) === 0x0a);
    // A tab or any other character at or left of the ids' column could belong to the enclosing level.
    if (!blank && c !== 0x23 /* # */ && j - s <= indent) {
      // A deeper line is fine; a line at exactly the ids' column is the next entry (checked by the reader).
      if (!(j - s === indent && c !== 0x09 && c !== 0x2d /* - */ && c !== 0x2e /* . */)) return false;
    }
    i = text.indexOf('\n', s);
  }
  return true;
}

function blankOrComments(text: string): boolean {
  return text.split('\n').every((l) => /^\s*(#.*)?\r?$/.test(l));
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/** A deep copy of a located subtree with every range moved by `delta`. */
export function shiftNode(n: LNode, delta: number): LNode {
  const r = move(n.range, delta);
  if (n.kind === 'scalar') return { kind: 'scalar', value: n.value, range: r };
  if (n.kind === 'seq') return { kind: 'seq', items: n.items.map((i) => shiftNode(i, delta)), range: r };
  return { kind: 'map', entries: n.entries.map((e) => shiftEntry(e, delta)), range: r };
}

export function shiftEntry(e: LEntry, delta: number): LEntry {
  return { key: e.key, keyRange: move(e.keyRange, delta), value: shiftNode(e.value, delta) };
}

/** A deep copy with every offset at or after `at` moved by `delta` (a range ending at `at` stays). */
export function shiftFrom(n: LNode, at: number, delta: number): LNode {
  const r = moveFrom(n.range, at, delta);
  if (n.kind === 'scalar') return { kind: 'scalar', value: n.value, range: r };
  if (n.kind === 'seq') return { kind: 'seq', items: n.items.map((i) => shiftFrom(i, at, delta)), range: r };
  return { kind: 'map', entries: n.entries.map((e) => ({ key: e.key, keyRange: moveFrom(e.keyRange, at, delta), value: shiftFrom(e.value, at, delta) })), range: r };
}

function moveFrom(r: Range, at: number, delta: number): Range {
  return { start: r.start >= at ? r.start + delta : r.start, end: r.end > at || (r.end === at && r.start >= at) ? r.end + delta : r.end };
}

function move(r: Range, delta: number): Range {
  return { start: r.start + delta, end: r.end + delta };
}

/** Where the resources are in a parsed template, when it has the shape the live analysis handles. */
export interface Layout {
  format: 'yaml' | 'json';
  /** Column of the logical ids (YAML). */
  indent: number;
  /** Document offsets: start of the first chunk, end of the last (start of what follows Resources). */
  start: number;
  end: number;
  resources: LMap;
  /** Chunk spans in document offsets, in order. */
  spans: Array<{ entry: LEntry; from: number; to: number }>;
}

/**
 * The Resources map of a clean parse, cut into chunks: a block-style YAML map (chunks from line start to
 * line start), or a JSON object (chunks from key to key); null for any other shape.
 */
export function layoutOf(parse: ParseResult): Layout | null {
  const root = parse.root;
  const text = parse.text;
  if (parse.problems.length > 0 || !root || root.kind !== 'map') return null;
  const at = root.entries.findIndex((e) => e.key === 'Resources');
  if (at < 0) return null;
  const res = root.entries[at];
  const map = res.value;
  if (map.kind !== 'map' || map.entries.length === 0) return null;
  if (parse.format === 'json') return jsonLayout(text, map);
  if (lineStart(text, res.keyRange.start) !== res.keyRange.start) return null;
  if (map.range.start !== map.entries[0].keyRange.start) return null;
  const first = map.entries[0];
  const start = lineStart(text, first.keyRange.start);
  const indent = first.keyRange.start - start;
  if (indent <= 0) return null;
  const next = root.entries[at + 1];
  const end = next ? lineStart(text, next.keyRange.start) : text.length;
  const spans: Layout['spans'] = [];
  for (let i = 0; i < map.entries.length; i++) {
    const e = map.entries[i];
    const from = lineStart(text, e.keyRange.start);
    if (e.keyRange.start - from !== indent || !onlySpaces(text, from, e.keyRange.start)) return null;
    if (i > 0) spans[i - 1].to = from;
    spans.push({ entry: e, from, to: end });
  }
  for (const s of spans) if (!linesStayInside(text.slice(s.from, s.to), indent)) return null;
  return { format: 'yaml', indent, start, end, resources: map, spans };
}

function jsonLayout(text: string, map: LMap): Layout | null {
  const end = map.range.end - 1;
  if (text[map.range.start] !== '{' || text[end] !== '}') return null;
  const spans = map.entries.map((e, i) => ({ entry: e, from: e.keyRange.start, to: i + 1 < map.entries.length ? map.entries[i + 1].keyRange.start : end }));
  if (spans.some((s) => text[s.from] !== '"')) return null;
  return { format: 'json', indent: -1, start: spans[0].from, end, resources: map, spans };
}
