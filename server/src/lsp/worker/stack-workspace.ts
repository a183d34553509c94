// The language server's side of a workspace of stacks (runs in the analysis worker): a template whose text
// reaches other stacks (Fn::ImportValue, a nested stack, a cdk.out stack) is analysed with them, read from
// disk inside the workspace folders (the same rule as the parameters file; see files/workspace-reader).
// A finding whose element lies in another template (a flow of this document blocked by the NACL of the
// network stack) is shown on the flow's declaration here, with the element's place in that template as
// related information. Documents that reach nothing keep the live (incremental) analysis.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeInWorkspace } from '../../analyze/workspace/analyze-workspace';
import type { WorkspaceAnalysis, WorkspaceFinding } from '../../analyze/workspace/types';
import { readWorkspaceOf } from '../../files/workspace-reader';
import { fullResult } from '../../analyze/live/results';
import type { LiveResult } from '../../analyze/live/types';
import type { AnalyzeOptions, Finding, RelatedLocation } from '../../analyze/types';
import type { StackOptions } from '../jobs';
import { reachesOtherStacks } from '../../analyze/workspace/reaches-other-stacks';

/** The analysis of a document with the stacks it reaches, or undefined when it reaches none (or has no file). */
export function workspaceResult(doc: { uri: string; text: string; options: AnalyzeOptions & StackOptions; others?: Readonly<Record<string, string>> }): LiveResult | undefined {
  const roots = doc.options.stacks?.roots;
  const file = uriToPath(doc.uri);
  if (!roots?.length || file === undefined || !reachesOtherStacks(doc.text, file)) return undefined;
  const { stacks, ...options } = doc.options;
  // The unsaved text of the other open templates wins over the disk, this document's own text above all.
  const overrides = new Map<string, string>();
  for (const [p, text] of Object.entries(doc.others ?? {})) overrides.set(path.resolve(p), text);
  overrides.set(path.resolve(file), doc.text);
  const read = readWorkspaceOf(file, { roots, overrides, ...(stacks?.stackNames ? { stackNames: stacks.stackNames } : {}) });
  const key = path.resolve(file).split(path.sep).join('/');
  const wa = analyzeInWorkspace(key, doc.text, read.input, options);
  // Alone in its folder (no other template to read): the live analysis says the same, incrementally. With
  // other templates, this analysis is kept even when no export matched: it says why (a missing export, a
  // stack name only known at deploy) where the template alone could only say "exported by another stack".
  if (read.input.stacks.length <= 1 && wa.stacks.length <= 1 && wa.findings.every((f) => f.file === undefined) && !read.assembly) return undefined;
  const texts = new Map<string, string>();
  for (const [f, e] of read.input.files) if ('text' in e) texts.set(f, e.text);
  const shown: WorkspaceAnalysis = { ...wa, findings: wa.findings.map((f) => anchorHere(f, texts)) };
  return fullResult(doc.text, shown);
}

function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}


/**
 * A finding on another template is shown on this document's flow declaration (where the user can act on
 * the flow), with the blocking element's place as related information (`at`: a position in that file).
 */
function anchorHere(f: WorkspaceFinding, texts: ReadonlyMap<string, string>): Finding {
  const related: RelatedLocation[] = f.related.map((r) => (r.file === undefined ? r : withAt(r, r.file, texts)));
  if (f.file === undefined) return { ...f, related };
  const declaration = f.related.find((r) => r.file === undefined);
  const where = withAt({ range: f.range, message: `${f.resource ?? 'the element'} in ${path.basename(f.file)}: ${f.message}` }, f.file, texts);
  return {
    ...f,
    range: declaration?.range ?? { start: 0, end: 0 },
    message: `${f.message} (in ${path.basename(f.file)})`,
    related: [where, ...related],
  };
}

function withAt(r: RelatedLocation, file: string, texts: ReadonlyMap<string, string>): RelatedLocation {
  const doc = TextDocument.create(pathToFileURL(file.split('/').join(path.sep)).href, 'json', 0, texts.get(file) ?? '');
  return { ...r, at: { uri: doc.uri, start: doc.positionAt(r.range.start), end: doc.positionAt(r.range.end) } };
}
