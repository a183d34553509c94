// YAML reader: text → located tree, using the `yaml` package's parser and composer (no toJS, so
// aliases are never expanded and an alias bomb costs nothing). Everything specific to that library
// stays in this folder so a faster reader can replace it (fast-reader.ts).
//
// CloudFormation's YAML dialect: short-form intrinsic tags become long form (tags.ts); anchors,
// aliases and merge keys are not supported by CloudFormation and are reported, never expanded; only
// one document is read.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html

import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node as YNode, Scalar as YScalar } from 'yaml';
import type { LEntry, LNode, LScalar, Range } from '../located';
import { MAX_NESTING_DEPTH, MAX_NODES, ProblemList } from '../limits';
import { longFormOfTag, longFormNode } from '../tags';
import { collectProps, lastBefore, type CstProps } from './cst-props';
import { resolveCorePlain } from './core-schema';
import { scanYamlDepth } from './depth-scan';
import { CFN_YAML_TAGS } from './cfn-schema-tags';
import { readYamlFast } from './fast-reader';
import { keepLast } from '../unique-keys';

/** Core-schema tags the `yaml` library resolves as CloudFormation would. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

/**
 * Reads YAML text into the located tree. Tries the fast reader first (fast-reader.ts), which declines
 * whatever it is not certain to read exactly as the reference reader does; the reference reader
 * (`yaml`'s parser and composer) then reads the text. Both give the same ParseResult.
 */
export function readYaml(text: string, problems: ProblemList): LNode | null {
  if (!depthWithinLimit(text, problems)) return null;
  const local = new ProblemList();
  const fast = readYamlFast(text, (entries) => keepLast(entries, local));
  if (fast) {
    for (const p of local.items) problems.add(p.code, p.message, p.range, p.severity);
    return fast.root;
  }
  return readYamlWithLibrary(text, problems);
}

/** The reference reader alone (also used by the equality tests and the benchmark). */
export function readYamlReference(text: string, problems: ProblemList): LNode | null {
  if (!depthWithinLimit(text, problems)) return null;
  return readYamlWithLibrary(text, problems);
}

/** The fast reader alone: undefined when it declines (for the equality tests and the benchmark). */
export function readYamlFastOnly(text: string, problems: ProblemList): { root: LNode | null } | undefined {
  if (!depthWithinLimit(text, problems)) return { root: null };
  const local = new ProblemList();
  const fast = readYamlFast(text, (entries) => keepLast(entries, local));
  if (fast) for (const p of local.items) problems.add(p.code, p.message, p.range, p.severity);
  return fast;
}

function depthWithinLimit(text: string, problems: ProblemList): boolean {
  const scan = scanYamlDepth(text, MAX_NESTING_DEPTH);
  if (scan.depth > MAX_NESTING_DEPTH) {
    problems.add(
      'NESTING_TOO_DEEP',
      `The YAML nests more than ${MAX_NESTING_DEPTH} levels deep; it is not read.`,
      { start: scan.offset, end: Math.min(scan.offset + 1, text.length) },
    );
    return false;
  }
  return true;
}

function readYamlWithLibrary(text: string, problems: ProblemList): LNode | null {

  const tokens = Array.from(new Parser().parse(text));
  const props = collectProps(tokens);
  const composer = new Composer({
    uniqueKeys: false,
    prettyErrors: false,
    merge: false,
    version: '1.2',
    customTags: CFN_YAML_TAGS,
  });
  const docs: Document.Parsed[] = Array.from(composer.compose(tokens, false, text.length));
  if (docs.length === 0) return null;

  for (const doc of docs) reportLibraryProblems(doc, text.length, problems);
  if (docs.length > 1) {
    const second = docs[1];
    const start = clamp(second.range?.[0] ?? 0, text.length);
    // Underline the first line of the second document (its `---` marker), not everything after it.
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    problems.add(
      'YAML_MULTIPLE_DOCUMENTS',
      'A CloudFormation template is one YAML document; only the first one is read.',
      { start, end },
    );
  }

  const contents = docs[0].contents as YNode | null;
  if (contents === null || contents === undefined) return null;
  return new YamlConverter(text, props, problems).convert(contents, 1);
}

function clamp(n: number, max: number): number {
  return n < 0 ? 0 : n > max ? max : n;
}

function reportLibraryProblems(doc: Document.Parsed, length: number, problems: ProblemList): void {
  for (const e of doc.errors) {
    problems.add('YAML_SYNTAX', e.message, { start: clamp(e.pos[0], length), end: clamp(e.pos[1], length) });
  }
  for (const w of doc.warnings) {
    // Unresolved tags are ours to judge: CloudFormation's are rewritten, others get YAML_UNKNOWN_TAG.
    if (w.code === 'TAG_RESOLVE_FAILED') continue;
    problems.add('YAML_WARNING', w.message, { start: clamp(w.pos[0], length), end: clamp(w.pos[1], length) }, 'warning');
  }
}

class YamlConverter {
  private nodes = 0;
  private tooMany = false;

  constructor(
    private readonly text: string,
    private readonly props: CstProps,
    private readonly problems: ProblemList,
  ) {}

  /** Depth-bounded: the pre-scan keeps real depth under MAX_NESTING_DEPTH; this guard is the backstop. */
  convert(node: YNode | null | undefined, depth: number, fallback = 0): LNode {
    if (node === null || node === undefined) return nullAt(fallback);
    const range = this.rangeOf(node);
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
    if (isAlias(node)) {
      this.problems.add(
        'YAML_ALIAS_UNSUPPORTED',
        `CloudFormation does not support YAML aliases (*${node.source}); the value is read as null.`,
        range,
      );
      return { kind: 'scalar', value: null, range };
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const tok = lastBefore(this.props.anchors, range.start + 1);
      const at = tok && tok.source === `&${anchor}` ? { start: tok.offset, end: tok.offset + tok.source.length } : range;
      this.problems.add('YAML_ALIAS_UNSUPPORTED', `CloudFormation does not support YAML anchors (&${anchor}).`, at, 'warning');
    }

    const tag = (node as { tag?: string }).tag;
    const longName = tag ? longFormOfTag(tag) : undefined;
    const honoured = !tag || longName !== undefined || CORE_TAGS.has(tag);
    if (!honoured) {
      this.problems.add(
        'YAML_UNKNOWN_TAG',
        `Unknown tag ${tag}: CloudFormation does not support it; the value is read without it.`,
        this.tagRange(tag!, range),
        'warning',
      );
    }

    let value: LNode;
    if (isScalar(node)) value = this.scalar(node, range, !honoured);
    else if (isMap(node)) value = this.map(node.items, range, depth);
    else if (isSeq(node)) {
      value = { kind: 'seq', items: node.items.map((item) => this.convert(item as YNode, depth + 1, range.start)), range };
    } else value = { kind: 'scalar', value: this.text.slice(range.start, range.end), range };

    return longName !== undefined ? longFormNode(longName, this.tagRange(tag!, range), value, this.text) : value;
  }

  private scalar(node: YScalar, range: Range, dropTag: boolean): LScalar {
    let v: unknown = node.value;
    if (dropTag) {
      v = node.type === 'PLAIN' ? resolveCorePlain(this.text.slice(range.start, range.end)) : node.source;
    }
    if (typeof v === 'bigint') v = Number(v);
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      v = typeof node.source === 'string' ? node.source : this.text.slice(range.start, range.end);
    }
    return { kind: 'scalar', value: v as LScalar['value'], range };
  }

  private map(items: unknown[], range: Range, depth: number): LNode {
    const entries: LEntry[] = [];
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YNode | null;
      let key: string;
      let keyRange: Range;
      if (keyNode === null || keyNode === undefined) {
        const at = pair.value ? this.rangeOf(pair.value as YNode).start : range.start;
        key = '';
        keyRange = { start: at, end: at };
      } else {
        keyRange = this.rangeOf(keyNode);
        if (isAlias(keyNode)) {
          this.problems.add('YAML_ALIAS_UNSUPPORTED', 'CloudFormation does not support YAML aliases; the key is read as its text.', keyRange);
        }
        if (isScalar(keyNode) && typeof keyNode.value === 'string') key = keyNode.value;
        else key = this.text.slice(keyRange.start, keyRange.end); // a non-string key reads as its source text
        if (isScalar(keyNode) && keyNode.type === 'PLAIN' && key === '<<') {
          this.problems.add(
            'YAML_MERGE_KEY_UNSUPPORTED',
            'CloudFormation does not support YAML merge keys (<<); it is read as a plain key.',
            keyRange,
          );
        }
      }
      entries.push({ key, keyRange, value: this.convert(pair.value as YNode | null, depth + 1, keyRange.end) });
    }
    return { kind: 'map', entries: keepLast(entries, this.problems), range };
  }

  private rangeOf(node: YNode): Range {
    const r = node.range;
    if (!r) return { start: 0, end: 0 };
    let end = r[1];
    const start = r[0];
    // Block collections and block scalars end after their last line break; end at the last character.
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    return { start, end };
  }

  private tagRange(tag: string, nodeRange: Range): Range {
    const tok = lastBefore(this.props.tags, nodeRange.start);
    if (tok && (tok.source === tag || !tag.startsWith('!'))) {
      return { start: tok.offset, end: tok.offset + tok.source.length };
    }
    return { start: nodeRange.start, end: nodeRange.start };
  }
}


function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function nullAt(offset: number): LScalar {
  return { kind: 'scalar', value: null, range: { start: offset, end: offset } };
}
