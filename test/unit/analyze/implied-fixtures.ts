// Helpers for the zero-configuration tests: the fixtures of test/fixtures/implied, edited at test time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../../server/src/analyze/analyze';
import type { Analysis, AnalyzeOptions, Finding } from '../../../server/src/analyze/types';

export function implied(name: string): string {
  return readFileSync(join('test', 'fixtures', 'implied', name), 'utf8');
}

/** Replaces each `from` text (which must occur) by `to`. */
export function edit(text: string, ...pairs: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`fixture edit: "${from}" not found`);
    out = out.split(from).join(to);
  }
  return out;
}

export function analyze(text: string, options?: AnalyzeOptions): Analysis {
  const a = analyzeText(text, options);
  if (!a.model) throw new Error(`no model: ${JSON.stringify(a.problems)}`);
  return a;
}

export function impliedFindings(a: Analysis): Finding[] {
  return a.findings.filter((f) => f.implied);
}

export function textAt(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}
