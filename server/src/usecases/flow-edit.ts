// Use case "propose a flow edit": the text edits that declare a flow in the template (analyze/flow-edit.ts
// writes them in the document's own syntax), or why there is no safe place to write them.
import { flowDeclarationEdits, type FlowDeclaration, type OffsetEdit } from '../analyze/flow-edit';
import { parseTemplate } from '../template/parse';

export type FlowEditOutcome =
  | { ok: true; edits: OffsetEdit[] }
  | { ok: false; reason: 'does-not-parse' | 'no-place'; message: string };

/** Edits in offsets of the text without a leading byte-order mark (the engine's coordinates). */
export function proposeFlowDeclaration(text: string, flow: FlowDeclaration): FlowEditOutcome {
  const parse = parseTemplate(text);
  if (!parse.root) return { ok: false, reason: 'does-not-parse', message: 'the template does not parse; fix it before declaring a flow' };
  const edits = flowDeclarationEdits(parse.text, parse, flow);
  if (edits.length === 0) return { ok: false, reason: 'no-place', message: 'cannot find a place to declare the flow in this template' };
  return { ok: true, edits };
}

export type { FlowDeclaration, OffsetEdit };
