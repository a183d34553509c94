// The document outline packetwalk adds: a "Flows" node with every declared flow (its Name, or
// "From → To"), and a "Resources" node with the resources grouped by type. Editors show it beside the
// outline other extensions give (VS Code merges the providers' symbols), so this does not replace the
// YAML extension's outline of keys.
import type { Range } from '../../template/located';
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

export function flowSymbols(places: AuthoringPlaces): AuthoringSymbol[] {
  const out: AuthoringSymbol[] = [];
  const flows = places.flows.map((f) => flowSymbol(f));
  if (flows.length > 0) out.push(parent('Flows', 'flows', flows, `${flows.length} declared`));
  const byType = new Map<string, AuthoringSymbol[]>();
  for (const r of places.resources) {
    const type = r.type ?? '(no Type)';
    const list = byType.get(type) ?? [];
    list.push({ name: r.id, category: 'resource', range: r.range, selectionRange: r.keyRange, ...(r.constructPath ? { detail: r.constructPath } : {}) });
    byType.set(type, list);
  }
  const groups = [...byType].map(([type, members]) => parent(type, 'type', members, String(members.length)));
  if (groups.length > 0) out.push(parent('Resources', 'resources', groups, `${places.resources.length}`));
  return out;
}

function flowSymbol(f: FlowPlace): AuthoringSymbol {
  const text = (k: string) => {
    const t = f.fields.get(k)?.text?.trim();
    return t ? t : undefined;
  };
  if (f.declaredBy === 'network-insights-path') {
    const ends = `${text('Source') ?? '?'} → ${text('Destination') ?? '?'}`;
    return { name: f.name ?? ends, detail: `NetworkInsightsPath ${ends}`, category: 'flow', range: f.range, selectionRange: f.selectionRange };
  }
  const ends = `${text('From') ?? f.owner ?? '?'} → ${text('To') ?? '?'}`;
  const protocol = (text('Protocol') ?? 'tcp').toLowerCase();
  const port = text('Port');
  const what = protocol === 'all' || !port ? protocol : `${protocol}/${port}`;
  const expect = text('Expect')?.toLowerCase() === 'blocked' ? ', expect blocked' : '';
  return {
    name: f.name ?? ends,
    detail: `${f.name ? `${ends} ` : ''}${what}${expect}`,
    category: 'flow',
    range: f.range,
    selectionRange: f.selectionRange,
  };
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
