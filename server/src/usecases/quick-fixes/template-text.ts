// Text edits written in a template's own style, for the quick fixes: a new resource after another, a new
// key at the end of a map, a new item at the end of a list, a scalar replaced. YAML keeps its block or
// flow collections, its short (`!Ref X`) or long (`Ref: X`) intrinsics and its indentation step; JSON
// keeps pretty-printing (and its indentation) or a compact line. Pure: text and located nodes in, offset
// edits out.
import { get, type LEntry, type LMap, type LNode, type LSeq, type ParseResult } from '../../template/located';
import type { OffsetEdit } from '../../analyze/flow-edit';

/** `Ref` or `Fn::GetAtt` of a logical ID, written `!Ref X` / `!GetAtt X.Attr` or in long form. */
export class Intrinsic {
  constructor(
    readonly fn: 'Ref' | 'Fn::GetAtt',
    readonly id: string,
    readonly attribute?: string,
  ) {}
}

/** Text written as it is (a reference copied from a sibling, in that sibling's own spelling). */
export class Verbatim {
  constructor(readonly text: string) {}
}

/** A value to write: scalars, intrinsics, lists, and maps (their keys in insertion order). */
export type NewValue = string | number | boolean | Intrinsic | Verbatim | NewValue[] | NewMap;
export interface NewMap {
  [key: string]: NewValue;
}

export interface TextStyle {
  format: 'yaml' | 'json';
  /** YAML: the template writes intrinsics as short-form tags. */
  shortTags: boolean;
  /** Columns per nesting level. */
  step: number;
}

export function styleOf(parse: ParseResult): TextStyle {
  const text = parse.text;
  const resources = get(parse.root, 'Resources');
  let step = 2;
  const first = resources?.kind === 'map' ? resources.entries.find((e) => e.value.kind === 'map' && e.value.entries.length > 0) : undefined;
  if (first && first.value.kind === 'map') {
    const body = first.value.entries[0];
    const d = column(text, body.keyRange.start) - column(text, first.keyRange.start);
    if (onOwnLine(text, body.keyRange.start) && d > 0) step = d;
  }
  return { format: parse.format, shortTags: /:\s+!(Ref|GetAtt|Sub)\b/.test(text), step };
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Nothing but indentation before the offset on its line. */
function onOwnLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** A flow collection (`{…}`, `[…]`) rather than a YAML block one. JSON collections are always flow. */
export function isFlow(text: string, node: LNode): boolean {
  return text[node.range.start] === '{' || text[node.range.start] === '[';
}

/** A collection written over several lines (pretty JSON, a YAML block collection). */
function multiline(text: string, node: LNode): boolean {
  return text.slice(node.range.start, node.range.end).includes('\n');
}

const pad = (n: number) => ' '.repeat(Math.max(0, n));

// ---- values as text ----

const PLAIN = /^[A-Za-z0-9_./@-][A-Za-z0-9_./@:-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~|[-+]?\.(inf|nan))$/i;
/** What YAML (1.1 or 1.2) would read as a number. */
const NUMERIC = /^([-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\d+(:[0-5]?\d)+)$/;

function yamlScalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  // A plain scalar only when YAML reads it back as the same string.
  if (PLAIN.test(v) && !RESERVED.test(v) && !NUMERIC.test(v) && !v.includes(': ')) return v;
  return JSON.stringify(v);
}

/** A value on one line, YAML flow style. */
export function yamlInline(v: NewValue, st: TextStyle): string {
  if (v instanceof Verbatim) return v.text;
  if (v instanceof Intrinsic) {
    if (v.fn === 'Ref') return st.shortTags ? `!Ref ${v.id}` : `{ Ref: ${v.id} }`;
    return st.shortTags ? `!GetAtt ${v.id}.${v.attribute}` : `{ Fn::GetAtt: [${v.id}, ${v.attribute}] }`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => yamlInline(x, st)).join(', ')}]`;
  if (typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${yamlInline(x, st)}`).join(', ')} }`;
  return yamlScalar(v);
}

function isCollection(v: NewValue): v is NewValue[] | NewMap {
  return typeof v === 'object' && !(v instanceof Intrinsic) && !(v instanceof Verbatim);
}

/** The lines of a YAML block map at column `col` (no trailing newline). */
export function yamlBlockMap(m: NewMap, col: number, st: TextStyle, flowKeys: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (!isCollection(v) || flowKeys.has(k)) {
      lines.push(`${pad(col)}${k}: ${yamlInline(v, st)}`);
    } else if (Array.isArray(v)) {
      lines.push(`${pad(col)}${k}:`, ...v.flatMap((item) => yamlBlockItem(item, col + st.step, st)));
    } else {
      lines.push(`${pad(col)}${k}:`, ...yamlBlockMap(v, col + st.step, st));
    }
  }
  return lines;
}

/** One list item (`- …`) at column `dash`; a map item's keys line up after the dash. */
export function yamlBlockItem(v: NewValue, dash: number, st: TextStyle): string[] {
  if (!isCollection(v) || Array.isArray(v)) return [`${pad(dash)}- ${yamlInline(v, st)}`];
  const lines = yamlBlockMap(v, dash + 2, st);
  if (lines.length === 0) return [`${pad(dash)}- {}`];
  return [`${pad(dash)}- ${lines[0].slice(dash + 2)}`, ...lines.slice(1)];
}

/** A JSON value; pretty-printed with keys at `col + step` when `pretty`, else on one line. */
export function jsonValue(v: NewValue, col: number, st: TextStyle, pretty: boolean): string {
  if (v instanceof Verbatim) return v.text;
  if (v instanceof Intrinsic) return v.fn === 'Ref' ? `{ "Ref": ${JSON.stringify(v.id)} }` : `{ "Fn::GetAtt": [${JSON.stringify(v.id)}, ${JSON.stringify(v.attribute)}] }`;
  if (Array.isArray(v)) {
    if (!pretty || v.every((x) => !isCollection(x))) return `[${v.map((x) => jsonValue(x, col, st, false)).join(', ')}]`;
    return `[\n${v.map((x) => `${pad(col + st.step)}${jsonValue(x, col + st.step, st, true)}`).join(',\n')}\n${pad(col)}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    if (!pretty) return `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${jsonValue(x, col, st, false)}`).join(', ')} }`;
    return `{\n${entries.map(([k, x]) => `${pad(col + st.step)}${JSON.stringify(k)}: ${jsonValue(x, col + st.step, st, true)}`).join(',\n')}\n${pad(col)}}`;
  }
  return JSON.stringify(v);
}

// ---- edits ----

/**
 * A new resource `id` right after the resource entry `after`, at the same indentation. `flowKeys`: YAML
 * keys of the body written on one line (a sibling's style, e.g. flow-style `Properties`).
 */
export function insertResourceAfter(parse: ParseResult, st: TextStyle, after: LEntry, id: string, body: NewMap, flowKeys?: ReadonlySet<string>): OffsetEdit {
  const text = parse.text;
  const keyCol = column(text, after.keyRange.start);
  const end = after.value.range.end;
  if (st.format === 'json') {
    if (!multiline(text, after.value)) return { start: end, end, newText: `, ${JSON.stringify(id)}: ${jsonValue(body, keyCol, st, false)}` };
    return { start: end, end, newText: `,\n${pad(keyCol)}${JSON.stringify(id)}: ${jsonValue(body, keyCol, st, true)}` };
  }
  const block = [`${pad(keyCol)}${id}:`, ...yamlBlockMap(body, keyCol + st.step, st, flowKeys)].join('\n');
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, newText: `\n${block}` };
  return { start: nl + 1, end: nl + 1, newText: `${block}\n` };
}

/** A new key at the end of `map` (block or flow, YAML or JSON), or undefined when the map has no entry to line up with. */
export function appendMapEntry(parse: ParseResult, st: TextStyle, map: LMap, key: string, value: NewValue): OffsetEdit | undefined {
  const text = parse.text;
  const last = map.entries[map.entries.length - 1];
  if (!last) return undefined;
  const end = last.value.range.end;
  if (st.format === 'json') {
    const pretty = multiline(text, map);
    const col = column(text, last.keyRange.start);
    const sep = pretty ? `,\n${pad(col)}` : ', ';
    return { start: end, end, newText: `${sep}${JSON.stringify(key)}: ${jsonValue(value, col, st, pretty && onOwnLine(text, last.keyRange.start))}` };
  }
  if (isFlow(text, map)) return { start: end, end, newText: `, ${key}: ${yamlInline(value, st)}` };
  const col = column(text, map.entries[0].keyRange.start);
  const lines = yamlBlockMap({ [key]: value }, col, st).join('\n');
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, newText: `\n${lines}` };
  return { start: nl + 1, end: nl + 1, newText: `${lines}\n` };
}

/** A new item at the end of a non-empty list (block or flow, YAML or JSON). */
export function appendSeqItem(parse: ParseResult, st: TextStyle, seq: LSeq, value: NewValue): OffsetEdit | undefined {
  const text = parse.text;
  const last = seq.items[seq.items.length - 1];
  if (!last) return undefined;
  const end = last.range.end;
  if (st.format === 'json') {
    const pretty = multiline(text, seq) && onOwnLine(text, last.range.start);
    const col = column(text, last.range.start);
    return { start: end, end, newText: pretty ? `,\n${pad(col)}${jsonValue(value, col, st, true)}` : `, ${jsonValue(value, col, st, false)}` };
  }
  if (isFlow(text, seq)) return { start: end, end, newText: `, ${yamlInline(value, st)}` };
  // A block list: the dash of the first item gives the column.
  const first = seq.items[0];
  const before = text.slice(lineStartOf(text, first.range.start), first.range.start);
  const dash = before.match(/^( *)- +$/);
  if (!dash) return undefined;
  const lines = yamlBlockItem(value, dash[1].length, st).join('\n');
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, newText: `\n${lines}` };
  return { start: nl + 1, end: nl + 1, newText: `${lines}\n` };
}

/** A plain scalar replaced by another value (JSON string scalars keep their quotes: the range covers them). */
export function replaceScalar(parse: ParseResult, st: TextStyle, node: LNode, value: string | number | boolean): OffsetEdit | undefined {
  if (node.kind !== 'scalar') return undefined;
  const newText = st.format === 'json' ? JSON.stringify(value) : yamlScalar(value);
  return { start: node.range.start, end: node.range.end, newText };
}

/** The lowest logical ID `base`, `base2`, `base3`… that the Resources map does not use. */
export function freeLogicalId(resources: LMap, base: string): string {
  const used = new Set(resources.entries.map((e) => e.key));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}
