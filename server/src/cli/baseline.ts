// Baselines for adopting packetwalk on an existing repository: `check --write-baseline FILE` records
// today's findings, `check --baseline FILE` reports only the findings not in it. A finding is recognised
// by what it is about (code, file, resource, flow), not by its line, so edits elsewhere in a template do
// not resurface it; a finding about no resource and no flow (a template problem) also needs the same
// message. Matching counts: two identical findings need two baseline entries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliFinding } from './check';
import { UsageError } from './errors';

const VERSION = 1;

export interface BaselineEntry {
  code: string;
  file: string;
  resource: string | null;
  flow: string | null;
  message: string;
}

/** The same file however it was named on the command line (./a.yaml, a.yaml, a\\b.yaml on Windows). */
function normalFile(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}

function keyOf(e: { code: string; file: string; resource: string | null; flow: string | null; message: string }): string {
  const about = e.resource !== null || e.flow !== null ? '' : e.message;
  return [e.code, normalFile(e.file), e.resource ?? '', e.flow ?? '', about].join('\u0000');
}

export function writeBaseline(file: string, findings: readonly CliFinding[]): number {
  const entries: BaselineEntry[] = findings.map((f) => ({ code: f.code, file: normalFile(f.file), resource: f.resource, flow: f.flow, message: f.message }));
  try {
    fs.writeFileSync(file, JSON.stringify({ version: VERSION, tool: 'packetwalk', findings: entries }, null, 2) + '\n');
  } catch (e) {
    throw new UsageError(`--write-baseline ${file}: ${(e as Error).message}`);
  }
  return entries.length;
}

export function readBaseline(file: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline ${file}: ${code === 'ENOENT' ? 'no such file' : `not a baseline (${(e as Error).message})`}`);
  }
  const list = (data as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) throw new UsageError(`--baseline ${file}: not a baseline (expected {"findings": [...]}, as --write-baseline writes)`);
  return list.map((x, i): BaselineEntry => {
    const e = x as Partial<BaselineEntry> | null;
    if (!e || typeof e.code !== 'string' || typeof e.file !== 'string') throw new UsageError(`--baseline ${file}: entry ${i + 1} needs "code" and "file"`);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return { code: e.code, file: e.file, resource: str(e.resource), flow: str(e.flow), message: str(e.message) ?? '' };
  });
}

/** The findings the baseline does not account for, and how many it hid. */
export function applyBaseline(findings: readonly CliFinding[], baseline: readonly BaselineEntry[]): { findings: CliFinding[]; hidden: number } {
  const budget = new Map<string, number>();
  for (const e of baseline) budget.set(keyOf(e), (budget.get(keyOf(e)) ?? 0) + 1);
  const kept: CliFinding[] = [];
  let hidden = 0;
  for (const f of findings) {
    const k = keyOf(f);
    const left = budget.get(k) ?? 0;
    if (left > 0) {
      budget.set(k, left - 1);
      hidden++;
    } else kept.push(f);
  }
  return { findings: kept, hidden };
}
