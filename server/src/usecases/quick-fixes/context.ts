// What every quick fix reads: the analysis (model, parse, style of the text) and, for a finding, the
// packets it stands for: the dropping hops, with the flow (declared or implied) whose trace holds them.
import type { Hop } from '../../../../shared/protocol';
import type { Analysis, Finding } from '../../analyze/types';
import { get, getEntry, type LEntry, type LMap, type LNode, type ParseResult, type Range } from '../../template/located';
import type { NetworkModel } from '../../model/types';
import type { OffsetEdit } from '../../analyze/flow-edit';
import { isFlow, styleOf, type TextStyle } from './template-text';

export interface QuickFix {
  title: string;
  /** The finding it fixes, as published (code, range, message, severity): the diagnostic it resolves. */
  code: string;
  range: Range;
  message: string;
  severity: Finding['severity'];
  /** Offsets of the text without a leading byte-order mark. */
  edits: OffsetEdit[];
  /** The one obvious fix of its finding. */
  preferred?: boolean;
}

export interface FixContext {
  analysis: Analysis;
  model: NetworkModel;
  parse: ParseResult;
  resources: LMap;
  style: TextStyle;
}

/** A dropped packet: the hop that drops it and the flow whose trace it is in. */
export interface Dropped {
  hop: Hop;
  /** The hops of that trace (for what came before the drop). */
  hops: Hop[];
  flow: string;
  /** The flow's source and destination (for an implied flow, its first blocked pair). */
  from: string;
  to: string;
}

export function fixContext(analysis: Analysis): FixContext | undefined {
  const resources = get(analysis.parse.root, 'Resources');
  if (!analysis.model || !analysis.parse.root || resources?.kind !== 'map') return undefined;
  return { analysis, model: analysis.model, parse: analysis.parse, resources, style: styleOf(analysis.parse) };
}

/** The drops behind a finding: hops with the finding's code in the traces of the flows it names. */
export function droppedBy(ctx: FixContext, finding: Finding, match: (h: Hop) => boolean): Dropped[] {
  const names = new Set(finding.flows ?? []);
  const out: Dropped[] = [];
  const take = (flow: string, from: string, to: string, hops: Hop[]) => {
    for (const hop of hops) if (hop.decision === 'drop' && hop.code === finding.code && !hop.file && match(hop)) out.push({ hop, hops, flow, from, to });
  };
  for (const r of ctx.analysis.flows) if (names.has(r.flow.name)) take(r.flow.name, r.flow.from, r.flow.to, r.trace.hops);
  if (finding.implied) {
    for (const r of ctx.analysis.implied ?? []) {
      if (!names.has(r.flow.name)) continue;
      const pair = r.pairs.find((p) => p.verdict === 'blocked') ?? r.pairs[0];
      take(r.flow.name, pair?.from ?? r.flow.fromLabel, pair?.to ?? r.flow.toLabel, r.trace.hops);
    }
  }
  return out;
}

export function resourceEntry(ctx: FixContext, id: string): LEntry | undefined {
  return getEntry(ctx.resources, id);
}

/** A resource's Properties map, when it has one with at least one entry. */
export function propertiesOf(ctx: FixContext, id: string): LMap | undefined {
  const props = get(resourceEntry(ctx, id)?.value, 'Properties');
  return props?.kind === 'map' && props.entries.length > 0 ? props : undefined;
}

/** YAML: the body keys a new resource writes on one line, as `like` writes its Properties (flow style). */
export function flowKeysLike(ctx: FixContext, like: LEntry | undefined): Set<string> {
  const props: LNode | undefined = get(like?.value, 'Properties');
  return props && ctx.style.format === 'yaml' && isFlow(ctx.parse.text, props) ? new Set(['Properties']) : new Set();
}

/** The resource of a type written last in the template (a sibling whose style a new resource follows). */
export function lastOfType(ctx: FixContext, type: string, where: (e: LEntry) => boolean = () => true): LEntry | undefined {
  const all = ctx.resources.entries.filter((e) => get(e.value, 'Type')?.kind === 'scalar' && (get(e.value, 'Type') as { value: unknown }).value === type && where(e));
  return all.sort((a, b) => b.value.range.end - a.value.range.end)[0];
}

export function portText(p: { from: number; to: number }): string {
  return p.from === p.to ? String(p.from) : `${p.from}-${p.to}`;
}

export function portsOf(p: Hop['in']['dstPort']): { from: number; to: number } | undefined {
  if (p === null || p === undefined) return undefined;
  return typeof p === 'number' ? { from: p, to: p } : { from: p.from, to: p.to };
}

/**
 * How a sibling resource writes a property's value, kept as it is (`!Ref X`, `{ Ref: X }`, `{"Ref": "X"}`),
 * when it fits on one line: a new resource that refers to the same thing spells it the same way.
 */
export function oneLineProperty(ctx: FixContext, sibling: LEntry, key: string): string | undefined {
  const text = ctx.parse.text;
  const props = get(sibling.value, 'Properties');
  const entry = props?.kind === 'map' ? getEntry(props, key) : undefined;
  if (!entry) return undefined;
  const raw = text.slice(entry.value.range.start, entry.value.range.end);
  // A block-style long form (`Key:\n  Ref: X`) does not fit on one line: written anew.
  if (raw.includes('\n')) return undefined;
  // A short-form tag's range covers the tag only in some readers: read to the end of the line.
  const lineEnd = text.indexOf('\n', entry.value.range.start);
  const line = text.slice(entry.value.range.start, lineEnd === -1 ? text.length : lineEnd).replace(/\s*,?\s*$/, '');
  return /^!(Ref|GetAtt)\s/.test(line) ? line.replace(/\s*[,}#].*$/, '') : raw;
}
