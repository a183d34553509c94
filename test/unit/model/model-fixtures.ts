// Helpers for template-driven model tests: build the path model of a fixture of test/fixtures/model
// (tests run from the repository root) or of inline template text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplate } from '../../../server/src/template/parse';
import { resolveTemplate } from '../../../server/src/template/resolve';
import { buildModel } from '../../../server/src/model/build';
import type { Maybe, NetworkModel } from '../../../server/src/model/types';
import { isUnknown } from '../../../server/src/model/types';
import { formatCidr, type Cidr } from '../../../server/src/net/ip';

export const MODEL_FIXTURES = join('test', 'fixtures', 'model');

export function fixtureText(name: string): string {
  return readFileSync(join(MODEL_FIXTURES, name), 'utf8');
}

export function modelOf(text: string, parameters?: Record<string, string>): NetworkModel {
  return buildModel(resolveTemplate(parseTemplate(text), { parameters }));
}

export function model(name: string, parameters?: Record<string, string>): NetworkModel {
  return modelOf(fixtureText(name), parameters);
}

/** A CIDR or Unknown as text, for compact assertions: "10.0.0.0/16" or "?<reason>". */
export function c(v: Maybe<Cidr> | undefined): string | undefined {
  if (v === undefined) return undefined;
  return isUnknown(v) ? `?${v.reason}` : formatCidr(v);
}

/** The text a range covers. */
export function slice(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

export function codes(m: NetworkModel): string[] {
  return m.problems.map((p) => p.code);
}
