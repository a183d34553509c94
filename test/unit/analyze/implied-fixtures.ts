// Helpers for the zero-configuration tests: the fixtures of test/fixtures/implied, edited at test time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis, Finding } from '../../../server/src/analyze/types';

export function implied(name: string): string {
  return readFileSync(join('test', 'fixtures', 'implied', name), 'utf8');
}

// Variants and analysis work as for the walk fixtures.
export { analyze, edit } from '../walk/walk-fixtures';

export function impliedFindings(a: Analysis): Finding[] {
  return a.findings.filter((f) => f.implied);
}

export function textAt(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}
