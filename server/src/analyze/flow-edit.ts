// The text edits that declare a flow in a template's `Metadata: PacketWalk: Flows` list (docs/architecture.md,
// "Declared flows"), creating whichever of Metadata / PacketWalk / Flows is missing, written in the
// document's own syntax and indentation so the edit reads as if the author typed it. Pure: text and
// its parse in, offset edits out. An empty list means "no safe place to write it" (e.g. no usable root).
import { getEntry, type LEntry, type LMap, type LNode, type ParseResult } from '../template/located';

export interface FlowDeclaration {
  name?: string;
  from: string;
  to: string;
  protocol: string;
  port?: number | string;
  expect?: 'reachable' | 'blocked';
}

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

type FlowFields = Array<[string, string | number]>;

function fieldsOf(flow: FlowDeclaration): FlowFields {
  const fields: FlowFields = [];
  if (flow.name) fields.push(['Name', flow.name]);
  fields.push(['From', flow.from], ['To', flow.to], ['Protocol', flow.protocol || 'tcp']);
  if (flow.port !== undefined && flow.port !== '') {
    const asNumber = typeof flow.port === 'string' && /^\d+$/.test(flow.port.trim()) ? Number(flow.port) : flow.port;
    fields.push(['Port', asNumber]);
  }
  if (flow.expect) fields.push(['Expect', flow.expect]);
  return fields;
}

export function flowDeclarationEdits(text: string, parse: ParseResult, flow: FlowDeclaration): OffsetEdit[] {
  const root = parse.root;
  if (!root || root.kind !== 'map') return [];
  const t = new Text(text);
  if (parse.format === 'json' || t.at(root.range.start) === '{') return jsonEdits(t, root, fieldsOf(flow));
  return yamlEdits(t, root, fieldsOf(flow));
}

/** Line and indentation helpers over the text. */
class Text {
  readonly eol: string;
  constructor(readonly s: string) {
    this.eol = s.includes('\r\n') ? '\r\n' : '\n';
  }
  at(i: number): string {
    return this.s.charAt(i);
  }
  lineStart(i: number): number {
    return this.s.lastIndexOf('\n', i - 1) + 1;
  }
  lineEnd(i: number): number {
    const n = this.s.indexOf('\n', i);
    const end = n < 0 ? this.s.length : n;
    return end > 0 && this.s.charAt(end - 1) === '\r' ? end - 1 : end;
  }
  column(i: number): number {
    return i - this.lineStart(i);
  }
  /** Indentation (leading spaces) of the line holding offset i. */
  lineIndent(i: number): number {
    const start = this.lineStart(i);
    let j = start;
    while (this.s.charAt(j) === ' ' || this.s.charAt(j) === '\t') j++;
    return j - start;
  }
  /** The last non-blank offset (exclusive end) of a node, ignoring trailing whitespace its range may hold. */
  contentEnd(node: LNode): number {
    let e = node.range.end;
    while (e > node.range.start && /\s/.test(this.s.charAt(e - 1))) e--;
    return e;
  }
}

const spaces = (n: number) => ' '.repeat(Math.max(0, n));

// ---------------------------------------------------------------- YAML

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function yamlScalar(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const plain = /^[A-Za-z0-9_./][A-Za-z0-9_./:-]*$/.test(v) && !v.endsWith(':') && !RESERVED.test(v) && Number.isNaN(Number(v));
  return plain ? v : JSON.stringify(v);
}

/** The flow as a block sequence item, each line prefixed by `indent`. */
function yamlItemLines(fields: FlowFields, indent: number): string[] {
  return fields.map(([k, v], i) => `${spaces(indent)}${i === 0 ? '- ' : '  '}${k}: ${yamlScalar(v)}`);
}

function yamlFlowItem(fields: FlowFields): string {
  return `{ ${fields.map(([k, v]) => `${k}: ${yamlScalar(v)}`).join(', ')} }`;
}

/** Lines declaring the missing keys from `keys[0]` down, then the item, starting at column `col`. */
function yamlChain(keys: string[], fields: FlowFields, col: number, unit: number): string[] {
  const lines: string[] = [];
  keys.forEach((k, i) => lines.push(`${spaces(col + i * unit)}${k}:`));
  return [...lines, ...yamlItemLines(fields, col + keys.length * unit)];
}

function yamlIndentUnit(t: Text, root: LMap): number {
  for (const e of root.entries) {
    if (e.value.kind === 'map' && e.value.entries.length > 0 && t.at(e.value.range.start) !== '{') {
      const unit = t.column(e.value.entries[0].keyRange.start) - t.column(e.keyRange.start);
      if (unit > 0) return unit;
    }
  }
  return 2;
}

function isEmptyValue(t: Text, node: LNode): boolean {
  if (node.kind === 'scalar') return node.value === null;
  const body = t.s.slice(node.range.start, t.contentEnd(node)).replace(/\s/g, '');
  return body === '{}' || body === '[]';
}

/** Replace an entry's empty value (`Key:`, `Key: ~`, `Key: {}`) by block lines under the key. */
function yamlFillEmpty(t: Text, entry: LEntry, lines: string[]): OffsetEdit {
  const v = entry.value;
  const hasText = v.range.end > v.range.start && t.s.slice(v.range.start, v.range.end).trim() !== '';
  if (hasText) return { start: v.range.start, end: t.contentEnd(v), newText: t.eol + lines.join(t.eol) };
  const colon = t.s.indexOf(':', entry.keyRange.end);
  const at = colon < 0 ? entry.keyRange.end : colon + 1;
  return { start: at, end: at, newText: t.eol + lines.join(t.eol) };
}

/** Add block lines after a block map/sequence's last line. */
function yamlAppendAfter(t: Text, node: LNode, lines: string[]): OffsetEdit {
  const at = t.lineEnd(t.contentEnd(node) - 1);
  return { start: at, end: at, newText: t.eol + lines.join(t.eol) };
}

function yamlEdits(t: Text, root: LMap, fields: FlowFields): OffsetEdit[] {
  const unit = yamlIndentUnit(t, root);
  const rootCol = root.entries.length > 0 ? t.column(root.entries[0].keyRange.start) : 0;
  const chain: Array<{ key: string; entry?: LEntry }> = [{ key: 'Metadata' }, { key: 'PacketWalk' }, { key: 'Flows' }];

  let parent: LMap = root;
  let parentCol = rootCol;
  for (let depth = 0; depth < chain.length; depth++) {
    const key = chain[depth].key;
    const entry = getEntry(parent, key);
    const missing = chain.slice(depth).map((c) => c.key);
    if (!entry) {
      // Metadata goes before Resources (where authors put it); deeper keys after their siblings.
      if (depth === 0) {
        const resources = getEntry(root, 'Resources');
        const lines = yamlChain(missing, fields, rootCol, unit);
        if (resources) {
          const at = t.lineStart(resources.keyRange.start);
          return [{ start: at, end: at, newText: lines.join(t.eol) + t.eol }];
        }
        return [yamlAppendAfter(t, root, lines)];
      }
      return [yamlAppendAfter(t, parent, yamlChain(missing, fields, parentCol, unit))];
    }
    const keyCol = t.column(entry.keyRange.start);
    const v = entry.value;
    if (isEmptyValue(t, v)) {
      return [yamlFillEmpty(t, entry, yamlChain(missing.slice(1), fields, keyCol + unit, unit))];
    }
    if (depth < chain.length - 1) {
      if (v.kind !== 'map' || t.at(v.range.start) === '{') return [];
      parent = v;
      parentCol = v.entries.length > 0 ? t.column(v.entries[0].keyRange.start) : keyCol + unit;
      continue;
    }
    // The Flows list itself.
    if (v.kind !== 'seq') return [];
    if (t.at(v.range.start) === '[') {
      const close = t.contentEnd(v) - 1;
      if (t.at(close) !== ']') return [];
      const sep = v.items.length > 0 ? ', ' : '';
      return [{ start: close, end: close, newText: `${sep}${yamlFlowItem(fields)}` }];
    }
    const first = v.items[0];
    let dash = first.range.start - 1;
    while (dash > 0 && t.at(dash) !== '-' && t.at(dash) !== '\n') dash--;
    const itemCol = t.at(dash) === '-' ? t.column(dash) : keyCol + unit;
    return [yamlAppendAfter(t, v, yamlItemLines(fields, itemCol))];
  }
  return [];
}

// ---------------------------------------------------------------- JSON
// Indentation is kept as the strings the document uses (spaces or tabs).

function jsonValue(value: unknown, base: string, unit: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(eol + base);
}

function flowObject(fields: FlowFields): Record<string, string | number> {
  return Object.fromEntries(fields);
}

function indentString(t: Text, i: number): string {
  const start = t.lineStart(i);
  return t.s.slice(start, start + t.lineIndent(i));
}

function jsonIndentUnit(t: Text, root: LMap): string {
  if (root.entries.length === 0) return '  ';
  const first = root.entries[0].keyRange.start;
  if (t.lineStart(first) === t.lineStart(root.range.start)) return '  ';
  const outer = indentString(t, root.range.start);
  const inner = indentString(t, first);
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '  ';
}

/** Insert a member (or an array item) at the end of a JSON object (or array). */
function jsonAppend(t: Text, container: LNode, members: LNode[], piece: (indent: string) => string, unit: string): OffsetEdit {
  const containerIndent = indentString(t, container.range.start);
  if (members.length === 0) {
    const open = container.range.start;
    const close = t.contentEnd(container) - 1;
    const indent = containerIndent + unit;
    return { start: open + 1, end: close, newText: `${t.eol}${indent}${piece(indent)}${t.eol}${containerIndent}` };
  }
  const last = members[members.length - 1];
  const sameLine = t.lineStart(last.range.start) === t.lineStart(container.range.start);
  const indent = sameLine ? containerIndent + unit : indentString(t, last.range.start);
  const at = t.contentEnd(last);
  return { start: at, end: at, newText: `,${t.eol}${indent}${piece(indent)}` };
}

/** The missing part of the chain as one JSON value: {"PacketWalk": {"Flows": [flow]}} and so on. */
function chainValue(keys: string[], from: number, fields: FlowFields): unknown {
  let value: unknown = [flowObject(fields)];
  for (let i = keys.length - 1; i >= from; i--) value = { [keys[i]]: value };
  return value;
}

function jsonEdits(t: Text, root: LMap, fields: FlowFields): OffsetEdit[] {
  const unit = jsonIndentUnit(t, root);
  const keys = ['Metadata', 'PacketWalk', 'Flows'];
  let parent: LMap = root;
  for (let depth = 0; depth < keys.length; depth++) {
    const entry = getEntry(parent, keys[depth]);
    if (!entry) {
      const value = chainValue(keys, depth + 1, fields);
      const members = parent.entries.map((e) => ({ ...e.value, range: { start: e.keyRange.start, end: e.value.range.end } }) as LNode);
      return [jsonAppend(t, parent, members, (indent) => `${JSON.stringify(keys[depth])}: ${jsonValue(value, indent, unit, t.eol)}`, unit)];
    }
    const v = entry.value;
    const wanted = depth < keys.length - 1 ? 'map' : 'seq';
    if (v.kind !== wanted) {
      // A null or otherwise unusable value: replace it with the whole missing chain.
      const value = chainValue(keys, depth + 1, fields);
      return [{ start: v.range.start, end: t.contentEnd(v), newText: jsonValue(value, indentString(t, entry.keyRange.start), unit, t.eol) }];
    }
    if (v.kind === 'map') {
      parent = v;
      continue;
    }
    if (v.kind === 'seq') return [jsonAppend(t, v, v.items, (indent) => jsonValue(flowObject(fields), indent, unit, t.eol), unit)];
  }
  return [];
}
