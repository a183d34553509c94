// Stacks analysed together use the text the user sees: a job about a template that reaches other stacks
// (Fn::ImportValue, a nested stack, a cdk.out template) carries the unsaved text of the other open
// templates, and an edit of one open template re-analyses the open templates that may depend on it.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { reachesOtherStacks } from '../../analyze/workspace/reaches-other-stacks';
import { uriToPath } from './paths';
import type { JobInput } from './worker-pool';

/** Open documents beyond this total size are left to the disk (the copy goes to a worker on every job). */
const MAX_OTHER_BYTES = 16 * 1024 * 1024;

export function withOpenStacks(job: JobInput, documents: TextDocuments<TextDocument>): JobInput {
  if (!('text' in job) || !('options' in job)) return job;
  const file = uriToPath(job.uri);
  if (file === undefined || !reachesOtherStacks(job.text, file)) return job;
  const others: Record<string, string> = {};
  let bytes = 0;
  for (const doc of documents.all()) {
    if (doc.uri === job.uri) continue;
    const p = uriToPath(doc.uri);
    if (p === undefined || !/\.(ya?ml|json|template)$/i.test(p)) continue;
    const text = doc.getText();
    bytes += text.length;
    if (bytes > MAX_OTHER_BYTES) break;
    others[p] = text;
  }
  return Object.keys(others).length ? { ...job, others } : job;
}

/** The open documents, other than `changed`, whose analysis may read the changed one. */
export function dependentDocuments(changed: { uri: string }, documents: TextDocuments<TextDocument>): TextDocument[] {
  const p = uriToPath(changed.uri);
  if (p === undefined) return [];
  return documents.all().filter((d) => {
    if (d.uri === changed.uri) return false;
    const f = uriToPath(d.uri);
    return f !== undefined && reachesOtherStacks(d.getText(), f);
  });
}
