// Units' results taken from the whole analysis of the same text, instead of analysing each unit again.
// Right after a text is cut, virtual offsets are that text's own offsets (see coordinates.ts), so the
// whole analysis's findings and flow results are already in the units' coordinates: they only need to be
// shared out. A flow result goes to the unit of its declaration; a finding about flows to their unit; any
// other finding to the unit of the resource it is in, or, in the global sections, to the unit of the flow
// or output it is in, and otherwise to every unit (a unit analysed alone reports the global sections'
// problems too; merging keeps them once). This is the same claim the incremental path rests on (a unit's
// analysis is the whole template's answer for its part); the equality tests hold both to it.
import type { ImpliedFlowResult } from '../implied/types';
import type { Analysis, Finding, FlowResult } from '../types';
import type { DeclaredFlow } from '../../model/types';
import type { LNode, Range } from '../../template/located';
import { unitResultOf, type UnitResult } from './results';
import { addressFacts, addressFlows, factsOf, type AddressFact, type AddressFlow } from './addresses';
import { INTERNAL, flowStandsAlone, type State } from './state';
import { chunkIndexAt } from './text-diff';
import type { Unit } from './units';

/** Each unit's result (same order as `units`), or null when the whole analysis cannot be shared out with certainty. */
export function seedUnits(state: State, units: Unit[], whole: Analysis): UnitResult[] | null {
  if (!whole.model || whole.problems.some((p) => INTERNAL.has(p.code))) return null;
  const unitOfChunk = new Map<number, number>();
  units.forEach((u, k) => u.chunks.forEach((c) => unitOfChunk.set(c.base, k)));
  const holders = (node: unknown, pick: (u: Unit) => readonly unknown[]): number[] =>
    node === undefined ? [] : units.flatMap((u, k) => (pick(u).includes(node) ? [k] : []));
  const itemAt = (offset: number): LNode | undefined => state.globals.flowItems.find((i) => within(i.range, offset));
  const outputAt = (offset: number) => state.globals.outputs.find((e) => e.keyRange.start <= offset && offset < Math.max(e.keyRange.end, e.value.range.end));
  const chunks = state.chunks;
  const regionStart = chunks[0].start;
  const last = chunks[chunks.length - 1];
  const regionEnd = last.start + last.text.length;
  /** The units a document offset of the cut text belongs to; all of them for the global sections. */
  const unitsAt = (offset: number): number[] => {
    if (offset >= regionStart && offset < regionEnd) return [unitOfChunk.get(chunks[chunkIndexAt(chunks, offset)].base)!];
    const item = itemAt(offset);
    if (item) return holders(item, (u) => u.flowItems);
    const output = outputAt(offset);
    if (output) return holders(output, (u) => u.outputs);
    return units.map((_, k) => k);
  };
  // A flow is declared in a flow item of the template's Metadata, or inside its resource.
  const unitOfFlow = (flow: DeclaredFlow): number[] => unitsAt(flow.origin.range.start);

  const allIds = state.ids.set;
  const out = units.map((u) => ({
    findings: [] as Finding[],
    flows: [] as FlowResult[],
    flowNames: [] as string[],
    ids: new Set(u.chunks.map((c) => c.id)),
    addressFlows: [] as AddressFlow[],
    hosts: [] as AddressFact[],
    subnets: [] as AddressFact[],
    vpcs: [] as AddressFact[],
    implied: [] as ImpliedFlowResult[],
  }));
  // Each unit's address facts are the whole model's, shared out by the chunk that holds each element
  // (one in no chunk goes to the first unit: any address that meets it then goes whole).
  const unitOfId = new Map<string, number>();
  units.forEach((u, k) => u.chunks.forEach((c) => unitOfId.set(c.id, k)));
  const facts = addressFacts(whole.model, (id) => (allIds.has(id) ? id : null));
  for (const kind of ['hosts', 'subnets', 'vpcs'] as const) {
    for (const f of facts[kind]) out[f.anchor === null ? 0 : (unitOfId.get(f.anchor) ?? 0)][kind].push(f);
  }
  const flowUnit = new Map<string, number>();
  for (const flow of whole.model.flows) {
    const at = unitOfFlow(flow);
    // A flow in several units (it names no resource) or a name used twice: only the whole can tell.
    if (at.length !== 1 || flowUnit.has(flow.name)) return null;
    flowUnit.set(flow.name, at[0]);
    out[at[0]].flowNames.push(flow.name);
    if (!flowStandsAlone(flow, out[at[0]].ids, allIds)) return null;
    const named = addressFlows([flow], state.globals.flowItems, allIds);
    if (named === null) return null;
    out[at[0]].addressFlows.push(...named);
  }
  for (const r of whole.flows) out[flowUnit.get(r.flow.name)!].flows.push(r);
  for (const f of whole.findings) {
    const named = f.flows?.length ? f.flows.map((n) => flowUnit.get(n)) : undefined;
    if (named && named.some((k) => k === undefined || k !== named[0])) return null;
    for (const k of named ? [named[0]!] : unitsAt(f.range.start)) out[k].findings.push(f);
  }
  // An implied flow goes with the unit of its first implying element (a rule, listener or route is in one chunk).
  for (const r of whole.implied ?? []) out[unitsAt(r.flow.impliedBy[0]?.origin.range.start ?? 0)[0] ?? 0].implied.push(r);
  return out.map((o) => unitResultOf(state, o.findings, o.flows, o.flowNames, true, factsOf(o.hosts, o.subnets, o.vpcs), o.addressFlows, o.implied));
}

function within(r: Range, offset: number): boolean {
  return r.start <= offset && offset < r.end;
}
