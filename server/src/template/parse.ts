// Parser entry point: text (YAML or JSON) → located tree + problems. Never throws.
// JSON is recognised by its first non-blank character (`{` or `[`), as CloudFormation's own console
// and the AWS toolkits do; everything else is read as YAML (which is a superset of JSON anyway).
// YAML goes through readYaml, which tries the fast reader (yaml/fast-reader.ts) and falls back to the
// `yaml` library's reader for anything the fast one declines; both give the same result.

import type { LNode, ParseResult, SourceFormat } from './located';
import { MAX_TEXT_LENGTH, ProblemList } from './limits';
import { readJson } from './json/read-json';
import { readYaml } from './yaml/read-yaml';

export function parseTemplate(input: string): ParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const format = detectFormat(text);
  const problems = new ProblemList();
  if (text.length > MAX_TEXT_LENGTH) {
    problems.add(
      'INPUT_TOO_LARGE',
      `The text has ${text.length} characters; templates larger than ${MAX_TEXT_LENGTH} are not read.`,
      { start: 0, end: 0 },
    );
    return { root: null, format, problems: problems.items, text };
  }
  let root: LNode | null = null;
  try {
    root = format === 'json' ? readJson(text, problems) : readYaml(text, problems);
  } catch (e) {
    // Last resort: a library failure (or a bug of ours) must not take the editor down.
    const why = e instanceof Error ? e.message : String(e);
    problems.add('PARSE_FAILED', `The template could not be read: ${why}`, { start: 0, end: 0 });
    root = null;
  }
  return { root, format, problems: problems.items, text };
}

/** `json` when the first non-blank character opens a JSON object or array. */
export function detectFormat(text: string): SourceFormat {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b /* { */ || c === 0x5b /* [ */ ? 'json' : 'yaml';
  }
  return 'yaml';
}
