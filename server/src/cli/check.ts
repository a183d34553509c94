// `packetwalk check <file|dir>...`: analyzes every template it finds and turns the engine's findings
// (offset ranges) into file + line/character findings. A file that does not parse is reported through
// its parse problems (exit 1), never as a crash; missing paths are I/O errors (exit 2, which wins).
import { analyzeText } from '../analyze/analyze';
import type { Analysis, Finding } from '../analyze/types';
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

/** One entry of `check --format json` (DESIGN.md "Contracts → CLI"). */
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
}

const ZERO: CliRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function toCliFinding(f: Finding, file: string, lines: LineIndex): CliFinding {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file,
    range: lines.range(f.range),
    resource: f.resource ?? null,
    flow: f.flows && f.flows.length > 0 ? f.flows.join(', ') : null,
    related: (f.related ?? []).map((r) => ({ file, range: lines.range(r.range), message: r.message })),
  };
}

/** The findings of one template text. `explicit`: the user named this file (so a non-template is worth a note). */
export function findingsForText(rawText: string, file: string, explicit: boolean, options: CheckOptions): CliFinding[] {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const analysis: Analysis = analyzeText(text, { parameters: options.parameters, strict: options.strict, walk: options.walk });
  for (const eip of analysis.model?.elasticIps ?? []) options.eipsSeen?.add(eip.id);
  let found: Finding[];
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
  return [...found].sort((a, b) => a.range.start - b.range.start).map((f) => toCliFinding(f, file, lines));
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
    findings.push(...findingsForText(read.text ?? '', target.file, explicit.has(target.file), perFile));
  }
  // A --public-ip that names an EIP of none of the checked templates is a typo: say so (exit 2).
  const stray = Object.keys(options.walk?.publicIps ?? {}).filter((id) => !eipsSeen.has(id));
  if (stray.length > 0 && filesChecked > 0) ioErrors.push(unknownEipMessage(stray, [...eipsSeen], 'the checked templates'));
  let exitCode = findings.some((f) => f.severity === 'error') ? EXIT_FAIL : EXIT_OK;
  if (ioErrors.length > 0) exitCode = EXIT_USAGE;
  return { findings, filesChecked, ioErrors, exitCode };
}
