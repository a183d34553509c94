// "Packet Walk: Compare with HEAD": what the unsaved buffer does to the network compared with the template's
// last commit. The client reads the committed text (through the built-in Git extension's API, or `git show`
// when that extension is not there), the server compares (packetwalk/compare) and answers the diff with its
// markdown, shown beside the editor. On save, a template whose flows changed since HEAD says so.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { CompareParams, CompareResult, FlowChange } from '../../shared/protocol';
import { CompareRequest } from '../../shared/protocol';

export type CompareAnswer = CompareResult;

export interface CompareHost {
  ensureStarted(doc: vscode.TextDocument): Promise<boolean>;
  request<R>(method: string, params: unknown): Promise<R>;
}

/** The smallest part of the Git extension's API used here (extensions/git/src/api/git.d.ts). */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string>; rootUri: vscode.Uri } | null;
}

function gitExtensionApi(): GitApi | undefined {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi; enabled: boolean }>('vscode.git');
  if (!ext?.isActive || !ext.exports?.enabled) return undefined;
  try {
    return ext.exports.getAPI(1);
  } catch {
    return undefined;
  }
}

function gitShow(file: string): Promise<string | null | undefined> {
  const cwd = path.dirname(file);
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd }, (err, root) => {
      if (err) return resolve(undefined); // not in a repository (or no git): nothing to compare with
      const rel = path.relative(root.trim(), file).split(path.sep).join('/');
      execFile('git', ['show', `HEAD:${rel}`], { cwd, maxBuffer: 64 * 1024 * 1024 }, (e, out) => resolve(e ? null : out));
    });
  });
}

/**
 * The template's text at HEAD: a string, null when the file is not in HEAD (new), undefined when it is in
 * no git repository at all.
 */
export async function headText(uri: vscode.Uri): Promise<string | null | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const repo = gitExtensionApi()?.getRepository(uri);
  if (repo) {
    try {
      return await repo.show('HEAD', uri.fsPath);
    } catch {
      // The extension throws for a file HEAD does not have; git itself tells new from unreadable.
    }
  }
  return gitShow(uri.fsPath);
}

export async function compareWithHead(host: CompareHost, doc: vscode.TextDocument | undefined): Promise<CompareAnswer | undefined> {
  if (!doc) {
    void vscode.window.showInformationMessage('Packet Walk: open a CloudFormation template to compare it with HEAD.');
    return undefined;
  }
  if (!(await host.ensureStarted(doc))) {
    void vscode.window.showInformationMessage('Packet Walk: this document is not a CloudFormation template.');
    return undefined;
  }
  const base = await headText(doc.uri);
  if (base === undefined) {
    void vscode.window.showInformationMessage('Packet Walk: this template is not in a git repository, so there is no HEAD to compare with.');
    return undefined;
  }
  const params: CompareParams = { uri: doc.uri.toString(), baseText: base, baseLabel: 'HEAD' };
  return host.request<CompareAnswer>(CompareRequest, params);
}

export async function showComparison(answer: CompareAnswer): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: answer.markdown });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return doc;
}

/** One line for a notification: how many flows moved, naming the first ones. */
export function changeSummary(flows: readonly FlowChange[]): string {
  const words = (c: FlowChange) => `${c.name} ${c.after === null ? 'removed' : c.before === null ? 'added' : `now ${c.after.verdict}`}`;
  const shown = flows.slice(0, 3).map(words).join(', ');
  const more = flows.length > 3 ? `, and ${flows.length - 3} more` : '';
  return `${flows.length} flow${flows.length === 1 ? '' : 's'} changed since HEAD: ${shown}${more}`;
}
