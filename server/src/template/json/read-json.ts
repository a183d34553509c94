// JSON reader: text → located tree with `jsonc-parser` (it keeps offsets and recovers after errors).
// CloudFormation JSON is strict JSON: comments and trailing commas are syntax errors here.

import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JNode, ParseError } from 'jsonc-parser';
import type { LEntry, LNode, LScalar, Range } from '../located';
import { MAX_NESTING_DEPTH, MAX_NODES, ProblemList } from '../limits';
import { scanJsonDepth } from './depth-scan';

export function readJson(text: string, problems: ProblemList): LNode | null {
  const scan = scanJsonDepth(text, MAX_NESTING_DEPTH);
  if (scan.depth > MAX_NESTING_DEPTH) {
    problems.add(
      'NESTING_TOO_DEEP',
      `The JSON nests more than ${MAX_NESTING_DEPTH} levels deep; it is not read.`,
      { start: scan.offset, end: scan.offset + 1 },
    );
    return null;
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  for (const e of errors) {
    problems.add('JSON_SYNTAX', describe(e), { start: e.offset, end: e.offset + e.length });
  }
  if (!tree) return null;
  return new JsonConverter(problems).convert(tree, 1);
}

const MESSAGES: Record<string, string> = {
  InvalidCommentToken: 'Comments are not allowed in a CloudFormation JSON template.',
  PropertyNameExpected: 'A property name in double quotes was expected (trailing commas are not allowed).',
  ValueExpected: 'A value was expected (trailing commas are not allowed).',
  CommaExpected: 'A comma was expected.',
  ColonExpected: 'A colon was expected.',
  CloseBraceExpected: 'A closing brace } was expected.',
  CloseBracketExpected: 'A closing bracket ] was expected.',
  EndOfFileExpected: 'Nothing may follow the top-level value.',
  UnexpectedEndOfString: 'The string is not closed.',
  UnexpectedEndOfComment: 'The comment is not closed.',
  UnexpectedEndOfNumber: 'The number is incomplete.',
  InvalidSymbol: 'Invalid symbol.',
  InvalidNumberFormat: 'Invalid number.',
  InvalidUnicode: 'Invalid unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character in a string.',
};

function describe(e: ParseError): string {
  const name = printParseErrorCode(e.error);
  return MESSAGES[name] ?? `JSON syntax error (${name}).`;
}

class JsonConverter {
  private nodes = 0;
  private tooMany = false;

  constructor(private readonly problems: ProblemList) {}

  /** Depth-bounded by the pre-scan; the guard here is a backstop. */
  convert(node: JNode, depth: number): LNode {
    const range: Range = { start: node.offset, end: node.offset + node.length };
    if (++this.nodes > MAX_NODES) {
      if (!this.tooMany) {
        this.tooMany = true;
        this.problems.add('TOO_MANY_NODES', `More than ${MAX_NODES} values; the rest of the template is not read.`, range);
      }
      return nullAt(range.start);
    }
    if (depth > MAX_NESTING_DEPTH) {
      this.problems.add('NESTING_TOO_DEEP', `Nested more than ${MAX_NESTING_DEPTH} levels deep; not read.`, range);
      return nullAt(range.start);
    }
    switch (node.type) {
      case 'object':
        return this.object(node, range, depth);
      case 'array':
        return { kind: 'seq', items: (node.children ?? []).map((c) => this.convert(c, depth + 1)), range };
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
        return { kind: 'scalar', value: node.value as LScalar['value'], range };
      default:
        return nullAt(range.start);
    }
  }

  private object(node: JNode, range: Range, depth: number): LNode {
    const entries: LEntry[] = [];
    const last = new Map<string, number>();
    let duplicates = false;
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      if (!keyNode || keyNode.type !== 'string') continue;
      const key = String(keyNode.value);
      const keyRange = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
      const valueNode = prop.children?.[1];
      // A property cut off before its value (half-typed JSON) reads as null right after the key.
      const value = valueNode ? this.convert(valueNode, depth + 1) : nullAt(keyRange.end);
      if (last.has(key)) {
        duplicates = true;
        this.problems.add('DUPLICATE_KEY', `Duplicate key "${key}": CloudFormation keeps only the last one.`, keyRange);
      }
      last.set(key, entries.length);
      entries.push({ key, keyRange, value });
    }
    // Keys stay unique in the located tree: the last occurrence wins, as in CloudFormation.
    const kept = duplicates ? entries.filter((e, i) => last.get(e.key) === i) : entries;
    return { kind: 'map', entries: kept, range };
  }
}

function nullAt(offset: number): LScalar {
  return { kind: 'scalar', value: null, range: { start: offset, end: offset } };
}
