// Use case "declare an implied flow": the implied flows made by the element at an offset (a security-group
// rule, a listener, a route) and, for each source/destination pair, the edit that declares it in the
// template's Metadata (the same edit as "Save as declared flow"), on that text.
import { declarationsOf, impliedFlowsAt } from '../analyze/implied/at';
import type { ImpliedFlowResult } from '../analyze/implied/types';
import type { Range } from '../template/located';
import { proposeFlowDeclaration, type FlowDeclaration, type OffsetEdit } from './flow-edit';

export interface DeclareAction {
  /** "Declare this flow: Fn -> Db tcp/5432". */
  title: string;
  flow: FlowDeclaration;
  /** Offsets of the text without a leading byte-order mark. */
  edits: OffsetEdit[];
}

/** At most this many actions at one place (a group admitting many members makes one per pair). */
export const MAX_DECLARE_ACTIONS = 8;

function title(d: FlowDeclaration): string {
  return `Declare this flow: ${d.from} -> ${d.to} ${d.protocol}${d.port !== undefined ? `/${d.port}` : ''}`;
}

/** `around`: the resource the offset lies in (an element anywhere in it counts when none is under the offset). */
export function declareImpliedActions(text: string, implied: readonly ImpliedFlowResult[], offset: number, around?: Range): DeclareAction[] {
  const out: DeclareAction[] = [];
  for (const r of impliedFlowsAt(implied, offset, around)) {
    for (const flow of declarationsOf(r)) {
      const t = title(flow);
      if (out.length >= MAX_DECLARE_ACTIONS || out.some((a) => a.title === t)) continue;
      const edit = proposeFlowDeclaration(text, flow);
      if (edit.ok) out.push({ title: t, flow, edits: edit.edits });
    }
  }
  return out;
}
