// CloudFormation's YAML short-form intrinsic tags and their long form. The parser rewrites every
// `!Tag value` into the one-entry map `{ "<LongName>": value }`, so later stages see the same shape
// for YAML short form, YAML long form and JSON.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

import type { LMap, LNode, LScalar, LSeq, Range } from './located';

const FN_TAGS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
];

/** Short tag as written (`!Ref`) → long-form key (`Ref`, `Fn::GetAtt`). */
export const CFN_SHORT_TAGS: ReadonlyMap<string, string> = new Map<string, string>([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...FN_TAGS.map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

/** The long-form key for a short tag, or undefined when the tag is not a CloudFormation intrinsic. */
export function longFormOfTag(tag: string): string | undefined {
  return CFN_SHORT_TAGS.get(tag);
}

/**
 * Builds `{ <longName>: value }` for a tagged node. The entry's key range is the tag itself; the map
 * covers tag and value, so a diagnostic on the intrinsic underlines `!Ref Foo` as a whole.
 */
export function longFormNode(longName: string, tagRange: Range, value: LNode, text: string): LMap {
  const inner = longName === 'Fn::GetAtt' && value.kind === 'scalar' ? splitGetAtt(value, text) : value;
  return {
    kind: 'map',
    entries: [{ key: longName, keyRange: { start: tagRange.start, end: tagRange.end }, value: inner }],
    range: { start: tagRange.start, end: Math.max(tagRange.end, value.range.end) },
  };
}

/**
 * `!GetAtt Res.Attr.Sub` → `[Res, "Attr.Sub"]`: the logical ID never contains a dot, the attribute may
 * (`Endpoint.Address`), so the split is at the first dot. Each part gets its own range when the value
 * can be found verbatim in the source (plain or simply quoted); otherwise both take the scalar's range.
 * Without a dot the scalar is left as is (the resolver reports the malformed GetAtt).
 */
function splitGetAtt(value: LScalar, text: string): LNode {
  if (typeof value.value !== 'string') return value;
  const dot = value.value.indexOf('.');
  if (dot < 0) return value;
  const s = value.value;
  const source = text.slice(value.range.start, value.range.end);
  let base = -1;
  if (source === s) base = value.range.start;
  else if (source.length === s.length + 2 && source.slice(1, -1) === s) base = value.range.start + 1;
  const first: LScalar = {
    kind: 'scalar',
    value: s.slice(0, dot),
    range: base < 0 ? { ...value.range } : { start: base, end: base + dot },
  };
  const second: LScalar = {
    kind: 'scalar',
    value: s.slice(dot + 1),
    range: base < 0 ? { ...value.range } : { start: base + dot + 1, end: base + s.length },
  };
  const seq: LSeq = { kind: 'seq', items: [first, second], range: { ...value.range } };
  return seq;
}
