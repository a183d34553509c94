// JSON reader: text → located tree with `jsonc-parser` (it keeps offsets and recovers after errors).
// CloudFormation JSON is strict JSON: comments and trailing commas are syntax errors here.
// The tree is built straight from jsonc-parser's visitor events (no intermediate jsonc tree: half
// the allocations, which matters for multi-megabyte `cdk synth` output).

import { printParseErrorCode, visit } from 'jsonc-parser';
import type { ParseErrorCode } from 'jsonc-parser';
import type { LEntry, LMap, LNode, LSeq, Range } from '../located';
import { MAX_NESTING_DEPTH, MAX_NODES, ProblemList } from '../limits';
import { scanJsonDepth } from './depth-scan';
import { keepLast } from '../unique-keys';

interface MapFrame {
  node: LMap;
  key?: { key: string; keyRange: Range };
}
interface SeqFrame {
  node: LSeq;
}
type Frame = MapFrame | SeqFrame;

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

  let root: LNode | null = null;
  let nodes = 0;
  let lastEnd = 0; // end of the last token seen: where an unclosed collection ends
  const stack: Frame[] = [];

  const attach = (node: LNode): void => {
    if (++nodes === MAX_NODES + 1) {
      problems.add('TOO_MANY_NODES', `More than ${MAX_NODES} values; the rest of the template is not read.`, node.range);
    }
    if (nodes > MAX_NODES) return;
    const top = stack[stack.length - 1];
    if (!top) {
      if (root === null) root = node;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
      return;
    }
    const frame = top as MapFrame;
    if (!frame.key) return; // a value without a key (broken JSON): jsonc already reported it
    frame.node.entries.push({ key: frame.key.key, keyRange: frame.key.keyRange, value: node });
    frame.key = undefined;
  };

  /** A key left without a value (half-typed `"A": `) reads as null right after the key. */
  const flushKey = (frame: Frame): void => {
    const f = frame as MapFrame;
    if (f.node.kind === 'map' && f.key) {
      const at = f.key.keyRange.end;
      f.node.entries.push({ key: f.key.key, keyRange: f.key.keyRange, value: nullAt(at) });
      f.key = undefined;
    }
  };

  const close = (end: number): void => {
    const frame = stack.pop();
    if (!frame) return;
    flushKey(frame);
    frame.node.range.end = end;
    if (frame.node.kind === 'map') frame.node.entries = keepLast(frame.node.entries, problems);
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const node: LMap = { kind: 'map', entries: [], range: { start: offset, end: offset + 1 } };
        attach(node);
        stack.push({ node });
        lastEnd = offset + 1;
      },
      onObjectProperty: (property, offset, length) => {
        const top = stack[stack.length - 1];
        if (top) flushKey(top);
        if (top && top.node.kind === 'map') {
          (top as MapFrame).key = { key: property, keyRange: { start: offset, end: offset + length } };
        }
        lastEnd = offset + length;
      },
      onObjectEnd: (offset, length) => {
        lastEnd = offset + length;
        close(lastEnd);
      },
      onArrayBegin: (offset) => {
        const node: LSeq = { kind: 'seq', items: [], range: { start: offset, end: offset + 1 } };
        attach(node);
        stack.push({ node });
        lastEnd = offset + 1;
      },
      onArrayEnd: (offset, length) => {
        lastEnd = offset + length;
        close(lastEnd);
      },
      onLiteralValue: (value: unknown, offset, length) => {
        const v = value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
        attach({ kind: 'scalar', value: v, range: { start: offset, end: offset + length } });
        lastEnd = offset + length;
      },
      onError: (error: ParseErrorCode, offset, length) => {
        problems.add('JSON_SYNTAX', describe(error), { start: offset, end: offset + length });
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  // Truncated text: close what is still open where the text stopped.
  while (stack.length > 0) close(lastEnd);
  return root;
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

function describe(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return MESSAGES[name] ?? `JSON syntax error (${name}).`;
}

function nullAt(offset: number): LNode {
  return { kind: 'scalar', value: null, range: { start: offset, end: offset } };
}
