// Fn::ForEach (the AWS::LanguageExtensions transform): loops are expanded in the located tree, before
// anything is resolved, as the transform does before CloudFormation reads the template.
//
//   'Fn::ForEach::LoopName': [ Identifier, Collection, { OutputKey: OutputValue } ]
//
// For each item of the collection, every OutputKey is copied with `${Identifier}` replaced by the item and
// `&{Identifier}` by the item without its non-alphanumeric characters (so `10.0.1.0/24` can name a
// resource); the keys of every map inside the OutputValue are rewritten the same way; `Ref: Identifier`
// becomes the item, and `${Identifier}` / `&{Identifier}` inside an `Fn::Sub` string are replaced (a Sub
// left with no `${…}` becomes the plain string, so `!Ref !Sub 'Subnet${Az}'` names a resource). Loops nest.
// The collection is a list, or any intrinsic that yields one (`Ref` to a CommaDelimitedList parameter,
// `Fn::FindInMap` with `DefaultValue`, `Fn::Split`…), evaluated with the resolver. A collection the
// template cannot decide (a parameter without a value) leaves the loop unexpanded: what it creates is
// unknown, and the loop is recorded with the keys it would produce, so a flow naming one is `unknown`.
// Reference: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
//
// Expanded nodes keep the ranges of the loop body they come from: a problem or a hop in a resource made by
// a loop points at the text that wrote it. Nothing here throws; the expansion is bounded.
import type { LEntry, LMap, LNode } from '../located';
import type { UnexpandedLoop } from '../values';
import { type Ctx, nodeDesc, report } from './context';
import { evaluate } from './evaluate';

export const FOREACH_PREFIX = 'Fn::ForEach::';

/** At most this many entries are produced by all loops of a template (hostile nesting stays bounded). */
export const MAX_EXPANDED_ENTRIES = 20_000;

const PLACEHOLDER = /[$&]\{[A-Za-z0-9.:_-]+\}/;

export interface Expansion {
  /** Entries produced so far (bounded by MAX_EXPANDED_ENTRIES). */
  produced: number;
  unexpanded: UnexpandedLoop[];
  /** Whether a loop was met at all (for the transform check). */
  met: boolean;
}

export function newExpansion(): Expansion {
  return { produced: 0, unexpanded: [], met: false };
}

/** Whether the node holds an Fn::ForEach key anywhere (cheap pre-check: most templates have none). */
export function hasForEach(node: LNode | undefined, depth = 0): boolean {
  if (!node || depth > 256) return false;
  // Indexed loops, no callbacks or iterators: this visits every node of every resource, mostly while cold.
  if (node.kind === 'seq') {
    const items = node.items;
    for (let k = 0; k < items.length; k++) if (hasForEach(items[k], depth + 1)) return true;
    return false;
  }
  if (node.kind !== 'map') return false;
  const entries = node.entries;
  for (let k = 0; k < entries.length; k++) if (entries[k].key.startsWith(FOREACH_PREFIX) || hasForEach(entries[k].value, depth + 1)) return true;
  return false;
}

/** The node with every loop in it expanded (`section` names the template section, for messages). */
export function expandLoops(ctx: Ctx, x: Expansion, node: LNode, section: string): LNode {
  return expandNode(ctx, x, node, new Map(), section, 0, true);
}

type Params = Map<string, string>;

/** `top`: the map's keys are the section's own (logical ids in Resources), not keys inside a value. */
function expandNode(ctx: Ctx, x: Expansion, node: LNode, params: Params, section: string, depth: number, top = false): LNode {
  if (depth > 256) return node;
  if (node.kind === 'scalar') return node;
  if (node.kind === 'seq') {
    if (params.size === 0 && !hasForEach(node)) return node;
    return { kind: 'seq', items: node.items.map((i) => expandNode(ctx, x, i, params, section, depth + 1)), range: node.range };
  }
  if (params.size > 0 && node.entries.length === 1) {
    const only = node.entries[0];
    if (only.key === 'Ref') return expandRef(ctx, x, node, only, params, section, depth);
    if (only.key === 'Fn::Sub') return expandSub(ctx, x, node, only, params, section, depth);
  }
  if (params.size === 0 && !hasForEach(node)) return node;
  const out: LEntry[] = [];
  const put = (e: LEntry) => {
    const i = out.findIndex((o) => o.key === e.key);
    if (i >= 0) {
      report(ctx, 'FOREACH_DUPLICATE_KEY', `Fn::ForEach produces ${e.key} twice in ${section}: CloudFormation rejects the template (the last one is used here)`, e.keyRange);
      out.splice(i, 1);
    }
    out.push(e);
  };
  for (const e of node.entries) {
    if (e.key.startsWith(FOREACH_PREFIX)) {
      for (const made of expandLoop(ctx, x, e, params, top ? section : `a value in ${section}`, depth, top)) put(made);
      continue;
    }
    put({ key: substitute(e.key, params), keyRange: e.keyRange, value: expandNode(ctx, x, e.value, params, section, depth + 1) });
  }
  return { kind: 'map', entries: out, range: node.range };
}

/** `Ref: Identifier` is the item; `Ref: !Sub 'Name${Identifier}'` refers to the name the Sub yields. */
function expandRef(ctx: Ctx, x: Expansion, node: LMap, only: LEntry, params: Params, section: string, depth: number): LNode {
  const v = only.value;
  if (v.kind === 'scalar' && typeof v.value === 'string') {
    const item = params.get(v.value);
    return item !== undefined ? { kind: 'scalar', value: item, range: node.range } : node;
  }
  const inner = expandNode(ctx, x, v, params, section, depth + 1);
  if (inner.kind === 'scalar' && typeof inner.value === 'string' && params.has(inner.value)) {
    return { kind: 'scalar', value: params.get(inner.value)!, range: node.range };
  }
  return { kind: 'map', entries: [{ key: 'Ref', keyRange: only.keyRange, value: inner }], range: node.range };
}

function expandSub(ctx: Ctx, x: Expansion, node: LMap, only: LEntry, params: Params, section: string, depth: number): LNode {
  const v = only.value;
  if (v.kind === 'scalar' && typeof v.value === 'string') {
    const s = substitute(v.value, params);
    if (!s.includes('${')) return { kind: 'scalar', value: s, range: node.range };
    return { kind: 'map', entries: [{ key: 'Fn::Sub', keyRange: only.keyRange, value: { kind: 'scalar', value: s, range: v.range } }], range: node.range };
  }
  if (v.kind === 'seq' && v.items.length > 0) {
    const first = v.items[0];
    const items = v.items.map((i, k) =>
      k === 0 && first.kind === 'scalar' && typeof first.value === 'string' ? ({ kind: 'scalar', value: substitute(first.value, params), range: first.range } as LNode) : expandNode(ctx, x, i, params, section, depth + 1),
    );
    return { kind: 'map', entries: [{ key: 'Fn::Sub', keyRange: only.keyRange, value: { kind: 'seq', items, range: v.range } }], range: node.range };
  }
  return { kind: 'map', entries: [{ key: 'Fn::Sub', keyRange: only.keyRange, value: expandNode(ctx, x, v, params, section, depth + 1) }], range: node.range };
}

/** `${Id}` → the item; `&{Id}` → the item without non-alphanumeric characters. */
function substitute(s: string, params: Params): string {
  if (params.size === 0 || !PLACEHOLDER.test(s)) return s;
  let out = s;
  for (const [id, item] of params) {
    out = out.split('${' + id + '}').join(item);
    out = out.split('&{' + id + '}').join(item.replace(/[^0-9A-Za-z]+/g, ''));
  }
  return out;
}

function expandLoop(ctx: Ctx, x: Expansion, entry: LEntry, params: Params, section: string, depth: number, top: boolean): LEntry[] {
  x.met = true;
  const name = entry.key;
  const v = entry.value;
  if (v.kind !== 'seq' || v.items.length !== 3) {
    report(ctx, 'FOREACH_INVALID', `${name} takes [Identifier, Collection, {OutputKey: OutputValue}], found ${nodeDesc(v)}${v.kind === 'seq' ? ` of ${v.items.length}` : ''}`, v.range);
    return [];
  }
  const [idNode, collectionNode, fragment] = v.items;
  if (idNode.kind !== 'scalar' || typeof idNode.value !== 'string' || !/^[A-Za-z0-9]+$/.test(idNode.value)) {
    report(ctx, 'FOREACH_INVALID', `${name}: the identifier must be an alphanumeric string, found ${nodeDesc(idNode)}`, idNode.range);
    return [];
  }
  const id = idNode.value;
  if (fragment.kind !== 'map') {
    report(ctx, 'FOREACH_INVALID', `${name}: the third item must be a map {OutputKey: OutputValue}, found ${nodeDesc(fragment)}`, fragment.range);
    return [];
  }
  const items = collectionItems(ctx, name, expandNode(ctx, x, collectionNode, params, section, depth + 1));
  if (!Array.isArray(items)) {
    const keys = fragment.entries.map((e) => substitute(e.key, params));
    x.unexpanded.push({ name, section, reason: items.reason, range: collectionNode.range, keyRange: entry.keyRange, keys: keys.map((k) => patternOf(k, id)) });
    report(ctx, 'FOREACH_UNKNOWN_COLLECTION', `${name} is not expanded: its collection is unknown (${items.reason}), so what it creates in ${section} is unknown`, collectionNode.range, 'info');
    return [];
  }
  for (const e of fragment.entries) {
    if (!e.key.startsWith(FOREACH_PREFIX) && !e.key.includes('${' + id + '}') && !e.key.includes('&{' + id + '}')) {
      report(ctx, 'FOREACH_INVALID', `${name}: the output key ${e.key} must contain \${${id}} or &{${id}}`, e.keyRange);
    }
  }
  const out: LEntry[] = [];
  for (const item of items) {
    if (x.produced >= MAX_EXPANDED_ENTRIES) {
      report(ctx, 'FOREACH_TOO_LARGE', `${name}: Fn::ForEach loops produce more than ${MAX_EXPANDED_ENTRIES} entries; the rest are not expanded`, entry.keyRange, 'warning');
      x.unexpanded.push({ name, section, reason: `the loops produce more than ${MAX_EXPANDED_ENTRIES} entries`, range: collectionNode.range, keyRange: entry.keyRange, keys: fragment.entries.map((e) => patternOf(substitute(e.key, params), id)) });
      break;
    }
    const inner = new Map(params);
    inner.set(id, item);
    const made = expandNode(ctx, x, fragment, inner, section, depth + 1, top);
    if (made.kind !== 'map') continue;
    x.produced += made.entries.length;
    out.push(...made.entries);
  }
  return out;
}

/** The collection as strings, or why it cannot be known. */
function collectionItems(ctx: Ctx, name: string, node: LNode): string[] | { reason: string } {
  const v = evaluate(ctx, node);
  if (typeof v === 'symbol') return [];
  if (v.kind === 'unknown') return { reason: v.reason };
  if (v.kind !== 'list') {
    report(ctx, 'FOREACH_INVALID', `${name}: the collection must be a list, found ${v.kind === 'str' ? JSON.stringify(v.value) : `a ${v.kind}`}`, node.range);
    return [];
  }
  const out: string[] = [];
  for (const i of v.items) {
    if (i.kind === 'str') out.push(i.value);
    else if (i.kind === 'num' || i.kind === 'bool') out.push(String(i.value));
    else if (i.kind === 'unknown') return { reason: i.reason };
    else {
      report(ctx, 'FOREACH_INVALID', `${name}: collection items must be strings, found a ${i.kind}`, i.range);
      return [];
    }
  }
  return out;
}

/** A key with the loop's identifier still open, as a pattern: `Subnet${Az}` → /^Subnet.+$/ source text. */
function patternOf(key: string, id: string): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = key.split(new RegExp(`[$&]\\{${id}\\}`));
  return '^' + parts.map(esc).join('.+') + '$';
}

