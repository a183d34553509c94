// The located tree: what the parser produces from YAML or JSON text. Every node and every map key
// keeps its source range as UTF-16 offsets into the text (after a leading BOM is removed), which is
// exactly what an editor's `positionAt` expects. Short-form tags (`!Ref X`) are already rewritten to
// their long form (`{ "Ref": "X" }`) here, with the tag's range as the key range, so later stages
// see one shape whatever the source syntax was.

/** Half-open range of UTF-16 code units: [start, end). */
export interface Range {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in the template at any stage (parse, resolve, model, flows). Never thrown. */
export interface Problem {
  code: string;
  message: string;
  range: Range;
  severity: Severity;
}

export type LNode = LMap | LSeq | LScalar;

export interface LScalar {
  kind: 'scalar';
  /** The scalar's value as the data model sees it (YAML 1.2 core schema / JSON). */
  value: string | number | boolean | null;
  range: Range;
}

export interface LSeq {
  kind: 'seq';
  items: LNode[];
  range: Range;
}

export interface LEntry {
  key: string;
  keyRange: Range;
  value: LNode;
}

export interface LMap {
  kind: 'map';
  /**
   * In source order. Duplicate keys are reported as problems; the last one wins, as in CloudFormation
   * (the parser keeps only the last occurrence, so keys are unique here).
   */
  entries: LEntry[];
  range: Range;
}

export type SourceFormat = 'yaml' | 'json';

export interface ParseResult {
  /** null when nothing usable could be read (empty text, or a fatal syntax error at the top). */
  root: LNode | null;
  format: SourceFormat;
  problems: Problem[];
  /** The text the offsets refer to: the input without a leading byte-order mark. */
  text: string;
}

/** Looks a key up in a located map (last occurrence wins, as CloudFormation does). */
export function getEntry(map: LMap, key: string): LEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    if (map.entries[i].key === key) return map.entries[i];
  }
  return undefined;
}

export function get(node: LNode | undefined | null, key: string): LNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return getEntry(node, key)?.value;
}
