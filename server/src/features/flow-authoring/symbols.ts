// The document outline packetwalk adds: a "Flows" node with every declared flow (its Name, or
// "From → To"), and a "Resources" node with the resources grouped by type. Editors show it beside the
// outline other extensions give (VS Code appends each provider's symbols as a group of its own), so this
// does not replace the YAML extension's outline of keys.
import type { Range } from '../../template/located';
import type { DeclaredFlow } from '../../model/types';
import { defaultName } from '../../model/flows';
import { formatPorts } from '../../net/ports';
import type { AuthoringPlaces, FlowPlace } from './flow-places';

export type SymbolCategory = 'flows' | 'flow' | 'resources' | 'type' | 'resource';

export interface AuthoringSymbol {
  name: string;
  detail?: string;
  category: SymbolCategory;
  range: Range;
  /** Inside `range`: what the editor selects (a name or a key). */
  selectionRange: Range;
  children?: AuthoringSymbol[];
}

/** A flow as the outline shows it. */
interface OutlineFlow {
  name: string;
  detail: string;
  range: Range;
  selectionRange: Range;
}

/** A resource as the outline shows it. */
interface OutlineResource {
  id: string;
  type?: string;
  keyRange: Range;
  range: Range;
  constructPath?: string;
}

/** The outline of the text as written (flows being typed included). */
export function flowSymbols(places: AuthoringPlaces): AuthoringSymbol[] {
  return outline(places.flows.map(placeFlow), places.resources);
}

/**
 * The outline from an analysis of exactly this text, without parsing it again (the live analysis keeps
 * resource spans and the traced flows): flows that the analysis could not read (half typed, an unknown
 * endpoint) are left out.
 */
export function symbolsOfAnalysis(text: string, resources: readonly OutlineResource[], flows: ReadonlyArray<{ range: Range; flow: DeclaredFlow }>): AuthoringSymbol[] {
  const items = flows.map(({ range, flow }): OutlineFlow => {
    const ends = `${flow.from} → ${flow.to}`;
    const selectionRange = { start: range.start, end: Math.max(range.start, Math.min(range.end, lineEnd(text, range.start))) };
    if (flow.declaredBy === 'network-insights-path') return { name: flow.name, detail: `NetworkInsightsPath ${ends}`, range, selectionRange };
    const named = flow.name !== defaultName(flow);
    const what = flow.protocol === 'all' || !flow.port ? flow.protocol : `${flow.protocol}/${formatPorts(flow.port)}`;
    const detail = `${named ? `${ends} ` : ''}${what}${flow.expect === 'blocked' ? ', expect blocked' : ''}`;
    return { name: named ? flow.name : ends, detail, range, selectionRange };
  });
  return outline(items, resources);
}

function outline(flowItems: OutlineFlow[], resources: readonly OutlineResource[]): AuthoringSymbol[] {
  const out: AuthoringSymbol[] = [];
  const flows = flowItems.map((f): AuthoringSymbol => ({ ...f, category: 'flow' }));
  if (flows.length > 0) out.push(parent('Flows', 'flows', flows, `${flows.length} declared`));
  const byType = new Map<string, AuthoringSymbol[]>();
  for (const r of resources) {
    const type = r.type || '(no Type)';
    const list = byType.get(type) ?? [];
    list.push({ name: r.id, category: 'resource', range: r.range, selectionRange: r.keyRange, ...(r.constructPath ? { detail: r.constructPath } : {}) });
    byType.set(type, list);
  }
  const groups = [...byType].map(([type, members]) => parent(type, 'type', members, String(members.length)));
  if (groups.length > 0) out.push(parent('Resources', 'resources', groups, `${resources.length}`));
  return out;
}

function placeFlow(f: FlowPlace): OutlineFlow {
  const text = (k: string) => {
    const t = f.fields.get(k)?.text?.trim();
    return t ? t : undefined;
  };
  if (f.declaredBy === 'network-insights-path') {
    const ends = `${text('Source') ?? '?'} → ${text('Destination') ?? '?'}`;
    return { name: f.name ?? ends, detail: `NetworkInsightsPath ${ends}`, range: f.range, selectionRange: f.selectionRange };
  }
  const ends = `${text('From') ?? f.owner ?? '?'} → ${text('To') ?? '?'}`;
  const protocol = (text('Protocol') ?? 'tcp').toLowerCase();
  const port = text('Port');
  const what = protocol === 'all' || !port ? protocol : `${protocol}/${port}`;
  const expect = text('Expect')?.toLowerCase() === 'blocked' ? ', expect blocked' : '';
  return { name: f.name ?? ends, detail: `${f.name ? `${ends} ` : ''}${what}${expect}`, range: f.range, selectionRange: f.selectionRange };
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function parent(name: string, category: SymbolCategory, children: AuthoringSymbol[], detail: string): AuthoringSymbol {
  // (No spread into Math.min: a template may have tens of thousands of resources.)
  let first = children[0];
  let end = first.range.end;
  for (const c of children) {
    if (c.range.start < first.range.start) first = c;
    if (c.range.end > end) end = c.range.end;
  }
  const start = first.range.start;
  return { name, detail, category, range: { start, end }, selectionRange: first.selectionRange, children };
}
