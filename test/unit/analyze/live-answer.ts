// What "the live analysis says exactly what a whole analysis says" means, field by field: the equality
// tests of the single-template and the cross-stack live paths both assert it after every edit.
import assert from 'node:assert/strict';
import type { LiveResult } from '../../../server/src/analyze/live/types';

/** `live` (an update's answer) equals `want` (the whole analysis of the same text, as a LiveResult). */
export function assertSameAnswer(live: LiveResult, want: LiveResult, step: string): void {
  assert.equal(live.syntaxError, want.syntaxError, `${step}: syntaxError`);
  assert.equal(live.isTemplate, want.isTemplate, `${step}: isTemplate`);
  assert.deepEqual(live.parseProblems, want.parseProblems, `${step}: parse problems`);
  assert.deepEqual(live.findings, want.findings, `${step}: findings`);
  assert.deepEqual(live.flows(), want.flows(), `${step}: flow results`);
  assert.deepEqual(live.outline.map((o) => o.range), want.outline.map((o) => o.range), `${step}: flow ranges`);
  assert.deepEqual(live.resources, want.resources, `${step}: resources`);
  // Implied flows, in any order (hover and "Declare this flow" look them up by the element at a place).
  const byName = (list: ReturnType<LiveResult['implied']>) =>
    [...list].sort((a, b) => (a.flow.name < b.flow.name ? -1 : a.flow.name > b.flow.name ? 1 : a.flow.impliedBy[0].origin.range.start - b.flow.impliedBy[0].origin.range.start));
  assert.deepEqual(byName(live.implied()), byName(want.implied()), `${step}: implied flows`);
}
