// In-editor suite for a CDK app (the @vscode/test-electron shape: a module exporting run()), served by
// code-server against test/fixtures/editor/cdk-workspace/. It works as a CDK user does: the app's code is
// in the workspace, `cdk synth` writes cdk.out (here: the app run by node, which is what `cdk synth` runs),
// and without opening any template the finding appears on the line of code that created the NACL; hover
// there shows the trace; a re-synth that fixes the NACL clears it.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { REPO, TWO_STACK_APP } from '../unit/workspace/cdk-apps';
import { codeOf, runChecks, until, type Check } from './suite-kit';

const DEADLINE_MS = 60_000;


function naclFinding(uri: vscode.Uri): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'packetwalk' && codeOf(d) === 'NACL_RETURN_EPHEMERAL_BLOCKED');
}

/** Writes the app and runs it (what `cdk synth` does), without blocking the extension host meanwhile. */
async function synthIn(dir: string, fixed: boolean): Promise<{ appFile: string; line: (marker: string) => number }> {
  const appFile = join(dir, 'app.js');
  writeFileSync(appFile, TWO_STACK_APP);
  try {
    await promisify(execFile)(process.execPath, [appFile], {
      cwd: dir,
      timeout: 120_000,
      env: { ...process.env, NODE_PATH: join(REPO, 'node_modules'), ...(fixed ? { FIXED: '1' } : {}) },
    });
  } catch (e) {
    throw new Error(`the app did not synthesize: ${e instanceof Error ? e.message : String(e)}`);
  }
  const lines = TWO_STACK_APP.split('\n');
  return { appFile, line: (marker) => lines.findIndex((l) => l.includes(marker)) + 1 };
}

const checks: Check[] = [];
const check = (name: string, body: () => Promise<void>) => checks.push([name, body]);

let appUri: vscode.Uri;
let dataAclLine = 0;

check('after cdk synth, the blocked flow shows on the line of app code that created the NACL, with no template open', async () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the CDK workspace folder open');
  const app = await synthIn(folder.uri.fsPath, false);
  appUri = vscode.Uri.file(app.appFile);
  dataAclLine = app.line('@DataAcl') - 1;
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'packetwalk');
  assert.ok(ext, 'the packetwalk extension is not loaded in this extension host');
  await ext.activate();
  const d = await until('the NACL finding on app.js', () => naclFinding(appUri), DEADLINE_MS);
  assert.equal(d.range.start.line, dataAclLine, `on the line of new ec2.NetworkAcl(...): got line ${d.range.start.line + 1}`);
  assert.match(d.message, /web-to-db/, 'the message names the flow');
  assert.match(d.message, /NetworkStack\/DataAcl/, 'the message names the construct path');
  assert.ok(
    (d.relatedInformation ?? []).some((r) => r.location.uri.path.endsWith('/cdk.out/NetworkStack.template.json')),
    'the template location is related information',
  );
  assert.equal(vscode.workspace.textDocuments.some((t) => t.uri.path.includes('/cdk.out/')), false, 'no template was opened');
});

check('hover on that line of code shows the trace of the blocked flow', async () => {
  const doc = await vscode.workspace.openTextDocument(appUri);
  await vscode.window.showTextDocument(doc);
  const text = await until('a packetwalk hover on the NetworkAcl line', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', appUri, new vscode.Position(dataAclLine, 8));
    const all = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return /Flow `web-to-db`/.test(all) ? all : undefined;
  }, DEADLINE_MS);
  assert.match(text, /Blocked at[\s\S]*NACL_RETURN_EPHEMERAL_BLOCKED/);
  assert.match(text, /\*\*Return\*\*/, 'the hop table of the return path');
});

check('a re-synth that fixes the NACL clears the finding on the line of code', async () => {
  const folder = vscode.workspace.workspaceFolders![0];
  await synthIn(folder.uri.fsPath, true);
  await until('the NACL finding to go after the fixing synth', () => (naclFinding(appUri) ? undefined : true), DEADLINE_MS);
});

export function run(): Promise<void> {
  return runChecks(checks, 'in-editor CDK checks');
}
