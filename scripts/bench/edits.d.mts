// Types for edits.mjs.
export interface Edit {
  kind: string;
  start: number;
  end: number;
  newText: string;
}
export interface Position {
  line: number;
  character: number;
}
export function applyEdit(text: string, e: Edit): string;
export function editMix(seed?: number): { next(text: string): Edit; settle(text: string): { edits: Edit[]; text: string } };
export function toLspChange(
  text: string,
  e: Edit,
  posAt: (text: string, offset: number) => Position,
): { range: { start: Position; end: Position }; text: string };
