// Hard limits of the parser, so that a hostile or broken file (a generated 50 MB template, 20,000
// levels of nesting, an alias bomb) costs bounded time and memory and never overflows the stack.
// CloudFormation itself accepts at most 1 MB from S3 (51,200 bytes inline), so these bounds are
// far above anything a real template reaches:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html

import type { Problem, Range, Severity } from './located';

/** Largest text we parse, in UTF-16 code units (8 Mi). Larger: one INPUT_TOO_LARGE problem, root null. */
export const MAX_TEXT_LENGTH = 8 * 1024 * 1024;

/**
 * Deepest nesting of collections we accept. Measured by a linear pre-scan of the text before the YAML
 * or JSON library sees it (both recurse per level); deeper: NESTING_TOO_DEEP, root null. Real templates
 * stay below 30 levels.
 */
export const MAX_NESTING_DEPTH = 256;

/** Most nodes (scalars + collections) we build; past it the rest of the tree is dropped (TOO_MANY_NODES). */
export const MAX_NODES = 2_000_000;

/** Most problems one parse reports; a file with 100,000 duplicate keys should not flood the editor. */
export const MAX_PROBLEMS = 1000;

/** A problem list that stops growing at MAX_PROBLEMS (and says so once). */
export class ProblemList {
  readonly items: Problem[] = [];
  private truncated = false;

  add(code: string, message: string, range: Range, severity: Severity = 'error'): void {
    if (this.items.length < MAX_PROBLEMS) {
      this.items.push({ code, message, range: { start: range.start, end: range.end }, severity });
    } else if (!this.truncated) {
      this.truncated = true;
      this.items.push({
        code: 'TOO_MANY_PROBLEMS',
        message: `More than ${MAX_PROBLEMS} problems; the rest are not reported.`,
        range: { start: range.start, end: range.end },
        severity: 'info',
      });
    }
  }

  has(code: string): boolean {
    return this.items.some((p) => p.code === code);
  }
}
