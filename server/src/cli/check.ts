// `packetwalk check <file|dir>...`: analyzes every template it finds and turns the engine's findings
// (offset ranges) into file + line/character findings. A file that does not parse is reported through
// its parse problems (exit 1), never as a crash; missing paths are I/O errors (exit 2, which wins).
import type { Finding } from '../analyze/types';
import type { WorkspaceFinding } from '../analyze/workspace/types';
import { analyzeCliFile, displayPath, type CliWorkspace } from './workspace';
import { quickFixes, type QuickFix } from '../usecases/quick-fixes';
import type { Severity } from '../template/located';
import { collectTargets, readTemplateFile, MAX_FILE_BYTES } from './collect';
import { EXIT_FAIL, EXIT_OK, EXIT_USAGE } from './errors';
import { LineIndex, stripBom, type Position } from './positions';
import type { WalkSettings } from '../walk/types';
import { unknownEipMessage } from './walk-settings';

export interface CliRange {
  start: Position;
  end: Position;
}

/** One entry of `check --format json` (docs/architecture.md "Command line"). */
export interface CliFinding {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: CliRange;
  resource: string | null;
  /** The declared flow the finding concerns; several flows (one blocking element) are comma-separated. */
  flow: string | null;
  related: Array<{ file: string; range: CliRange; message: string }>;
  /** Present (true) on a finding about implied flows. */
  implied?: true;
  /** Present (true) on an internet exposure on a sensitive port. */
  exposure?: true;
  /** CDK: the construct path of the resource. */
  constructPath?: string;
  /** CDK: the line of the user's code that created the construct (1-based line and column). */
  source?: { file: string; line: number; column: number };
  /** The quick fixes of the finding (usecases/quick-fixes.ts): edits of the finding's own file. */
  fixes?: CliFix[];
}

export interface CliFix {
  title: string;
  replacements: Array<{ range: CliRange; text: string }>;
}

export interface CheckOutcome {
  findings: CliFinding[];
  filesChecked: number;
  ioErrors: string[];
  exitCode: number;
  /** With --baseline: how many findings the baseline accepted (not reported). */
  baselineHidden?: number;
}

export interface CheckOptions {
  parameters: Record<string, string>;
  strict: boolean;
  /** `--ephemeral`, `--public-ip`: applied to every template's declared flows. */
  walk?: WalkSettings;
  /** Filled with the Elastic IP logical ids of every analysed template (to reject a `--public-ip` none has). */
  eipsSeen?: Set<string>;
  /** Check the flows templates imply (default true; `--no-implied` turns it off). */
  implied?: boolean;
  /** Where other stacks may be read from (default: the current directory and the paths given). */
  workspace?: CliWorkspace;
}

const ZERO: CliRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function toCliFinding(f: WorkspaceFinding, file: string, lines: (file: string | undefined) => { display: string; lines: LineIndex }): CliFinding {
  const own = lines(f.file);
  const out: CliFinding = {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file: own.display,
    range: own.lines.range(f.range),
    resource: f.resource ?? null,
    flow: f.flows && f.flows.length > 0 ? f.flows.join(', ') : null,
    related: (f.related ?? []).map((r) => {
      const at = lines(r.file);
      return { file: at.display, range: at.lines.range(r.range), message: r.message };
    }),
    ...(f.implied ? { implied: true as const } : {}),
    ...(f.exposure ? { exposure: true as const } : {}),
  };
  if (f.constructPath) out.constructPath = f.constructPath;
  if (f.source) out.source = { ...f.source, file: displayPath(f.source.file, file) };
  return out;
}

/** The findings of one template text. `explicit`: the user named this file (so a non-template is worth a note). */
export function findingsForText(rawText: string, file: string, explicit: boolean, options: CheckOptions): CliFinding[] {
  const text = stripBom(rawText);
  const own = new LineIndex(text);
  const ws = options.workspace ?? { roots: [process.cwd()], named: [file] };
  const { analysis, texts } = analyzeCliFile(file, text, ws, { parameters: options.parameters, strict: options.strict, walk: options.walk, implied: options.implied });
  for (const eip of analysis.model?.elasticIps ?? []) options.eipsSeen?.add(eip.id);
  const indexes = new Map<string, LineIndex>();
  const lines = (other: string | undefined): { display: string; lines: LineIndex } => {
    if (other === undefined) return { display: file, lines: own };
    let idx = indexes.get(other);
    if (!idx) {
      idx = new LineIndex(texts.get(other) ?? '');
      indexes.set(other, idx);
    }
    return { display: displayPath(other, file), lines: idx };
  };
  let found: WorkspaceFinding[];
  if (analysis.isTemplate) {
    found = analysis.findings;
  } else {
    // A file that does not parse may not be recognised as a template at all; its parse errors still matter.
    found = analysis.parse.problems
      .filter((p) => p.severity === 'error')
      .map((p) => ({ code: p.code, severity: p.severity, message: p.message, range: p.range, related: [] }));
    if (found.length === 0 && explicit) {
      found = [
        {
          code: 'NOT_A_TEMPLATE',
          severity: 'info',
          message: 'not a CloudFormation template (no AWSTemplateFormatVersion and no AWS:: resource types): nothing to check',
          range: { start: 0, end: 0 },
          related: [],
        },
      ];
    }
  }
  const fixes = analysis.isTemplate ? quickFixes(analysis) : [];
  return [...found]
    .sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.range.start - b.range.start)
    .map((f) => withFixes(toCliFinding(f, file, lines), f, fixes, own));
}

/** The fixes made for this finding (same code and range, in the analysed file). */
function withFixes(out: CliFinding, f: WorkspaceFinding, fixes: readonly QuickFix[], own: LineIndex): CliFinding {
  if (f.file !== undefined) return out;
  const mine = fixes.filter((x) => x.code === f.code && x.range.start === f.range.start && x.range.end === f.range.end);
  if (mine.length > 0) out.fixes = mine.map((x) => ({ title: x.title, replacements: x.edits.map((e) => ({ range: own.range(e), text: e.newText })) }));
  return out;
}

export function runCheck(paths: readonly string[], options: CheckOptions): CheckOutcome {
  const collected = collectTargets(paths);
  const explicit = new Set(paths);
  const findings: CliFinding[] = [];
  const ioErrors = [...collected.ioErrors];
  for (const f of collected.findings) {
    findings.push({ code: f.code, severity: f.severity, message: f.message, file: f.file, range: ZERO, resource: null, flow: null, related: [] });
  }
  let filesChecked = 0;
  const eipsSeen = options.eipsSeen ?? new Set<string>();
  const perFile: CheckOptions = { ...options, eipsSeen };
  // A finding on another stack's template (a flow of this one blocked there) may come up from several templates: once.
  const seenFindings = new Set<string>();
  for (const target of collected.targets) {
    const read = readTemplateFile(target.file);
    if (read.error !== undefined) {
      ioErrors.push(read.error);
      continue;
    }
    filesChecked++;
    if (read.tooLarge !== undefined) {
      findings.push({
        code: 'INPUT_TOO_LARGE',
        severity: 'error',
        message: `file is ${read.tooLarge} bytes; templates above ${MAX_FILE_BYTES} bytes are not analyzed (CloudFormation itself accepts at most 1 MB)`,
        file: target.file,
        range: ZERO,
        resource: null,
        flow: null,
        related: [],
      });
      continue;
    }
    for (const f of findingsForText(read.text ?? '', target.file, explicit.has(target.file), perFile)) {
      const key = JSON.stringify([f.code, f.file, f.range, f.message, f.flow]);
      if (seenFindings.has(key)) continue;
      seenFindings.add(key);
      findings.push(f);
    }
  }
  // A --public-ip that names an EIP of none of the checked templates is a typo: say so (exit 2).
  const stray = Object.keys(options.walk?.publicIps ?? {}).filter((id) => !eipsSeen.has(id));
  if (stray.length > 0 && filesChecked > 0) ioErrors.push(unknownEipMessage(stray, [...eipsSeen], 'the checked templates'));
  let exitCode = findings.some((f) => f.severity === 'error') ? EXIT_FAIL : EXIT_OK;
  if (ioErrors.length > 0) exitCode = EXIT_USAGE;
  return { findings, filesChecked, ioErrors, exitCode };
}
