// Use case "quick fixes": text edits that make a blocked flow reachable, for the findings with a
// mechanical fix, each written in the template's own style (quick-fixes/template-text.ts) and opening
// no more than the flow needs. One provider per kind of fix (quick-fixes/*.ts), chosen by the finding's
// code. A finding with exactly one fix marks it preferred. Pure: analysis in, titled offset edits out.
import type { Analysis, Finding } from '../analyze/types';
import type { Range } from '../template/located';
import { fixContext, type FixContext, type QuickFix } from './quick-fixes/context';
import { NACL_ALLOW_CODES, naclAllowFixes } from './quick-fixes/nacl-allow';
import { NACL_ORDER_CODES, naclOrderFixes } from './quick-fixes/nacl-order';
import { SG_INGRESS_CODES, sgIngressFixes } from './quick-fixes/sg-ingress';
import { ROUTE_CODES, routeFixes } from './quick-fixes/route';
import { PUBLIC_ADDRESS_CODES, publicAddressFixes } from './quick-fixes/public-address';
import { IGW_ATTACHMENT_CODES, igwAttachmentFixes } from './quick-fixes/igw-attachment';

export type { QuickFix };

type Provider = { codes: readonly string[]; fixes: (ctx: FixContext, finding: Finding) => QuickFix[] };

const PROVIDERS: Provider[] = [
  { codes: NACL_ORDER_CODES, fixes: naclOrderFixes },
  { codes: NACL_ALLOW_CODES, fixes: naclAllowFixes },
  { codes: SG_INGRESS_CODES, fixes: sgIngressFixes },
  { codes: ROUTE_CODES, fixes: routeFixes },
  { codes: PUBLIC_ADDRESS_CODES, fixes: publicAddressFixes },
  { codes: IGW_ATTACHMENT_CODES, fixes: igwAttachmentFixes },
];

/** The codes some provider may fix: a cheap test before the analysis is asked for its model. */
export const FIXABLE_CODES: ReadonlySet<string> = new Set(PROVIDERS.flatMap((p) => p.codes));

/**
 * Findings that touch the range (every finding when omitted) and have a code some provider fixes. A finding
 * placed in another template of a workspace of stacks (its `file` set) is left to that template.
 */
export function fixableFindings(findings: readonly Finding[], range?: Range): Finding[] {
  return findings.filter(
    (f) => FIXABLE_CODES.has(f.code) && !(f as { file?: string }).file && (!range || (f.range.start <= range.end && range.start <= f.range.end)),
  );
}

/** The quick fixes for the findings that touch `range` (every finding when omitted). */
export function quickFixes(analysis: Analysis, range?: Range): QuickFix[] {
  const ctx = fixContext(analysis);
  if (!ctx) return [];
  const out: QuickFix[] = [];
  for (const f of fixableFindings(analysis.findings, range)) {
    const fixes = PROVIDERS.filter((p) => p.codes.includes(f.code)).flatMap((p) => p.fixes(ctx, f));
    if (fixes.length === 1) fixes[0].preferred = true;
    out.push(...fixes);
  }
  // Lines written in the text's own line ending (the writers use \n).
  if (analysis.parse.text.includes('\r\n')) for (const f of out) for (const e of f.edits) e.newText = e.newText.replace(/\r?\n/g, '\r\n');
  return out;
}
