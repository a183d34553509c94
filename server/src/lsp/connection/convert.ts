// The one place where engine data (UTF-16 offsets, findings) becomes LSP data (positions, diagnostics).
// The engine never sees a line or a character; handlers never compute one themselves.
import {
  Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
  type Position,
  type Range as LspRange,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../analyze/types';
import type { Range, Severity } from '../../template/located';

/** Every diagnostic links to its code's entry in the public documentation (GitHub anchors are lower case). */
export const CODES_DOC_URL = 'https://github.com/packetwalk/packetwalk/blob/main/docs/codes.md';
export const DIAGNOSTIC_SOURCE = 'packetwalk';

export function codeHref(code: string): string {
  return `${CODES_DOC_URL}#${code.toLowerCase()}`;
}

/**
 * The engine's offsets count UTF-16 units in the text after a leading BOM is removed (located.ts);
 * TextDocument counts in the text as the client sent it. When the text starts with a BOM, shift by one.
 */
function bomShift(doc: TextDocument): number {
  return doc.getText({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }) === '\uFEFF' ? 1 : 0;
}

export function toLspRange(doc: TextDocument, range: Range): LspRange {
  const shift = bomShift(doc);
  const start = Math.max(0, range.start);
  const end = Math.max(start, range.end);
  return { start: doc.positionAt(start + shift), end: doc.positionAt(end + shift) };
}

export function toOffset(doc: TextDocument, position: Position): number {
  return doc.offsetAt(position) - bomShift(doc);
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

export function findingToDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = (finding.related ?? []).map((r) => ({
    // A place in another template (a workspace of stacks) comes with its own position.
    location: r.at ? { uri: r.at.uri, range: { start: r.at.start, end: r.at.end } } : { uri: doc.uri, range: toLspRange(doc, r.range) },
    message: r.message,
  }));
  const diagnostic: Diagnostic = {
    range: toLspRange(doc, finding.range),
    severity: toSeverity(finding.severity),
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    codeDescription: { href: codeHref(finding.code) },
    message: finding.message,
  };
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}
