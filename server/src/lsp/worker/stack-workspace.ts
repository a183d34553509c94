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
import { readWorkspaceOf, type ReadWorkspace } from '../../files/workspace-reader';
import { WorkspaceEngine } from '../../analyze/workspace/live-units';
import type { StackCache } from '../../analyze/workspace/stack-cache';
import { LiveDocument } from '../../analyze/live/live-document';
import { sortFindings } from '../../analyze/live/spans';
import { fullResult } from '../../analyze/live/results';
import type { LiveResult } from '../../analyze/live/types';
import type { Analysis, AnalyzeOptions, Finding, RelatedLocation } from '../../analyze/types';
import type { StackOptions } from '../jobs';
import { reachesOtherStacks } from '../../analyze/workspace/reaches-other-stacks';

type StackDoc = { uri: string; text: string; options: AnalyzeOptions & StackOptions; others?: Readonly<Record<string, string>> };

/** A document that reaches other stacks, with its workspace read from disk (open documents' texts win). */
export interface StacksContext {
  file: string;
  read: ReadWorkspace;
  options: AnalyzeOptions;
  /** The other templates' texts and the options: a LiveDocument made for one key answers for it only. */
  key: string;
  /** Whether the live (incremental) analysis answers: another template to analyse with, or a cloud assembly. */
  live: boolean;
}

export function stacksContextOf(doc: StackDoc): StacksContext | undefined {
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
  const parts: string[] = [JSON.stringify(options), JSON.stringify(read.input.stacks), read.assembly ?? ''];
  for (const [f, e] of read.input.files) if (f !== key) parts.push(f, 'text' in e ? `t${e.text}` : `r${JSON.stringify(e.refused)}`);
  return { file: key, read, options, key: parts.join('\u0000'), live: read.input.stacks.length > 1 || read.assembly !== undefined };
}

/** The analysis of a document with the stacks it reaches, or undefined when it reaches none (or has no file). */
export function workspaceResult(doc: StackDoc, context = stacksContextOf(doc)): LiveResult | undefined {
  if (!context) return undefined;
  const { read, file, options } = context;
  const wa = analyzeInWorkspace(file, doc.text, read.input, options);
  // Alone in its folder (no other template to read): the live analysis says the same, incrementally. With
  // other templates, this analysis is kept even when no export matched: it says why (a missing export, a
  // stack name only known at deploy) where the template alone could only say "exported by another stack".
  if (read.input.stacks.length <= 1 && wa.stacks.length <= 1 && wa.findings.every((f) => f.file === undefined) && !read.assembly) return undefined;
  const texts = textsOf(read);
  const shown: WorkspaceAnalysis = { ...wa, findings: wa.findings.map((f) => anchorHere(f, texts)) };
  return fullResult(doc.text, shown);
}

/**
 * A LiveDocument for a document that reaches other stacks: it answers what workspaceResult would, incrementally.
 * `cache`: the other templates' parses, kept across contexts (keyed by text: an unchanged template is not read again).
 */
export function liveStacks(context: StacksContext, cache?: StackCache): LiveDocument {
  return new LiveDocument(context.options, new WorkspaceEngine(context.file, context.read.input, context.options, cache));
}

/**
 * The live answer of a LiveDocument made by liveStacks, with findings on other templates shown here (as
 * workspaceResult shows them); `texts`: textsOf the context the LiveDocument was made for.
 */
export function shownHere(result: LiveResult, texts: Texts): LiveResult {
  let findings: LiveResult['findings'] | undefined;
  let full: ReturnType<LiveResult['full']> | undefined;
  const anchor = (list: readonly WorkspaceFinding[]) => sortFindings(list.map((f) => anchorHere(f, texts)));
  const anchorAll = (a: Analysis): Analysis => ({ ...a, findings: a.findings.map((f) => anchorHere(f as WorkspaceFinding, texts)) });
  return {
    text: result.text,
    isTemplate: result.isTemplate,
    syntaxError: result.syntaxError,
    parseProblems: result.parseProblems,
    get findings() {
      return (findings ??= anchor(result.findings as WorkspaceFinding[]));
    },
    get outline() {
      return result.outline;
    },
    get resources() {
      return result.resources;
    },
    flows: () => result.flows(),
    implied: () => result.implied(),
    full: () => (full ??= anchorAll(result.full())),
    ready: () => {
      const a = full ?? result.ready();
      return a ? (full ??= anchorAll(a)) : undefined;
    },
  };
}

/** The other templates, each made a TextDocument once (its line index is computed on first use, then kept). */
export class Texts {
  private readonly docs = new Map<string, TextDocument>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  doc(file: string): TextDocument {
    let doc = this.docs.get(file);
    if (!doc) {
      doc = TextDocument.create(pathToFileURL(file.split('/').join(path.sep)).href, 'json', 0, this.texts.get(file) ?? '');
      this.docs.set(file, doc);
    }
    return doc;
  }
}

export function textsOf(read: ReadWorkspace): Texts {
  const texts = new Map<string, string>();
  for (const [f, e] of read.input.files) if ('text' in e) texts.set(f, e.text);
  return new Texts(texts);
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
function anchorHere(f: WorkspaceFinding, texts: Texts): Finding {
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

function withAt(r: RelatedLocation, file: string, texts: Texts): RelatedLocation {
  const doc = texts.doc(file);
  return { ...r, at: { uri: doc.uri, start: doc.positionAt(r.range.start), end: doc.positionAt(r.range.end) } };
}
