// The other templates of a workspace change far less often than the one being edited: their parses, and
// the resolution of a template that asks for no other stack's value (a network stack that only exports),
// are kept across analyses, keyed by the file, its text and its offset base (every range of a parse
// carries its base, see ./offsets), so an edit of the analysed template does not read them again. What
// they resolve to is the same every time: their text, base, parameters and construct path are the key,
// and a template that calls no link (no Fn::ImportValue, no nested stack) depends on nothing else.
import type { ParseResult } from '../../template/located';
import { parseTemplate } from '../../template/parse';
import { shiftParse } from './offsets';
import type { StackRecord } from './stack-set';
import type { WorkspaceStack } from './types';

export class StackCache {
  private readonly parses = new Map<string, { text: string; parse: ParseResult }>();
  private readonly leaves = new Map<string, { text: string; top: WorkspaceStack; rec: StackRecord }>();
  /** How many texts were parsed (tests: an edit of the analysed template parses no other). */
  parsed = 0;

  /** The parse of `text` (the content of `file`) moved to offset base `base`. */
  parse(file: string, text: string, base: number): ParseResult {
    const key = `${file}\u0000${base}`;
    const kept = this.parses.get(key);
    if (kept && kept.text === text) return kept.parse;
    const parse = shiftParse(parseTemplate(text), base);
    this.parsed++;
    this.parses.set(key, { text, parse });
    return parse;
  }

  /** A resolved template that called no link, for the same key, text and stack description. */
  leaf(key: string, text: string, top: WorkspaceStack): StackRecord | undefined {
    const kept = this.leaves.get(key);
    return kept && kept.text === text && sameStack(kept.top, top) ? kept.rec : undefined;
  }

  keepLeaf(key: string, text: string, rec: StackRecord): void {
    this.leaves.set(key, { text, top: rec.top, rec });
  }
}

function sameStack(a: WorkspaceStack, b: WorkspaceStack): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
