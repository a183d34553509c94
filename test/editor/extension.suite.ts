// In-editor suite (the @vscode/test-electron shape: a module exporting run()). It runs inside the real VS Code
// extension host, served by code-server (scripts/editor/run-code-server-suite.mjs) or by desktop VS Code
// (scripts/editor/run-test-electron.mjs), against the workspace test/fixtures/editor/workspace/.
// It drives the extension the way a person does: open a template, wait for the squiggle, hover, code lens,
// run Trace Flow, save the flow, apply the quick fix, fix the NACL. Each check throws with what it saw, so a failure says why.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import * as vscode from 'vscode';
import type { TraceFlowParams, TraceResult } from '../../shared/protocol';
import { codeOf, runChecks, until, type Check } from './suite-kit';

const TEMPLATE = 'app-db.yaml';
const PLAIN_YAML = 'docker-compose.yaml';
const PLAIN_JSON = 'settings.json';
/** Codes a return-path NACL drop may carry (our own, or Reachability Analyzer's generic one). */
const RETURN_NACL_CODES = ['NACL_RETURN_EPHEMERAL_BLOCKED', 'SUBNET_ACL_RESTRICTION'];

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function packetwalkDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'packetwalk');
}


function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Offset of the first occurrence of `needle` (after `after`, if given) in the document, as a position. */
function positionOf(doc: vscode.TextDocument, needle: string, after?: string): vscode.Position {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `fixture lacks ${after}`);
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `fixture lacks ${needle}`);
  return doc.positionAt(at + 1);
}

/** The text span of a top-level resource in the fixture (from its logical ID to the next resource). */
function resourceSpan(doc: vscode.TextDocument, id: string): vscode.Range {
  const text = doc.getText();
  const start = text.indexOf(`\n  ${id}:\n`);
  assert.ok(start >= 0, `fixture lacks resource ${id}`);
  const next = text.slice(start + 1).search(/\n  [A-Za-z0-9]+:\n/);
  const end = next < 0 ? text.length : start + 1 + next;
  return new vscode.Range(doc.positionAt(start + 1), doc.positionAt(end));
}

interface Api {
  isRunning(): boolean;
  traceViewHtml(): string;
  statusBarSummary(): { total: number; failing: number } | undefined;
  lastSaveComparison(): { flows: Array<{ name: string; after: { verdict: string } | null }> } | undefined;
}

const checks: Check[] = [];
const check = (name: string, body: () => Promise<void>) => checks.push([name, body]);

let doc: vscode.TextDocument;
let api: Api;

check('a plain YAML file opened first does not start the server', async () => {
  const plain = await vscode.workspace.openTextDocument(workspaceFile(PLAIN_YAML));
  await vscode.window.showTextDocument(plain);
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'packetwalk');
  assert.ok(ext, 'the packetwalk extension is not loaded in this extension host');
  api = (await ext.activate()) as Api;
  assert.equal(typeof api?.isRunning, 'function', 'activate() must return the test API');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(api.isRunning(), false, 'the language client started for plain YAML');
});

check('opening the template publishes the NACL diagnostic on the return-path entry', async () => {
  doc = await vscode.workspace.openTextDocument(workspaceFile(TEMPLATE));
  await vscode.window.showTextDocument(doc);
  const diags = await until('a packetwalk diagnostic on app-db.yaml', () => {
    const d = packetwalkDiagnostics(doc.uri);
    return d.length > 0 ? d : undefined;
  });
  const nacl = diags.find((d) => RETURN_NACL_CODES.includes(codeOf(d)));
  assert.ok(nacl, `no return-path NACL diagnostic; got ${JSON.stringify(diags.map((d) => [codeOf(d), d.message]))}`);
  assert.equal(nacl.severity, vscode.DiagnosticSeverity.Error);
  const naclSpan = resourceSpan(doc, 'DbNacl').union(resourceSpan(doc, 'DbNaclOutReplies'));
  assert.ok(naclSpan.contains(nacl.range), `the diagnostic ${JSON.stringify(nacl.range)} is not on DbNacl or DbNaclOutReplies`);
  assert.ok(!nacl.range.isEmpty, 'the diagnostic range is empty');
  assert.match(nacl.message, /app-to-db/, 'the message must name the flow it blocks');
  assert.match(nacl.message, /DbNacl/, 'the message must name the NACL');
  const related = nacl.relatedInformation ?? [];
  assert.ok(related.some((r) => r.location.uri.toString() === doc.uri.toString() && doc.getText(r.location.range).includes('app-to-db')),
    `relatedInformation must point at the flow declaration; got ${JSON.stringify(related.map((r) => doc.getText(r.location.range)))}`);
  const href = typeof nacl.code === 'object' ? nacl.code.target.toString() : '';
  assert.match(href, /docs\/codes\.md#/, 'the code must link to its documentation entry');
  // No other packetwalk errors: only the one blocking element is wrong in this template.
  const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  assert.equal(errors.length, 1, `expected one error; got ${JSON.stringify(errors.map((d) => d.message))}`);
});

check('the status bar summary counts the failing flow', async () => {
  const s = await until('a flow summary for the template', () => api.statusBarSummary());
  assert.equal(s.total, 1);
  assert.equal(s.failing, 1);
});

check('a settings change reaches the server: packetwalk.ephemeral.instance changes the reply ports', async () => {
  const config = vscode.workspace.getConfiguration('packetwalk');
  const message = () => packetwalkDiagnostics(doc.uri).map((d) => d.message).join('\n');
  assert.match(message(), /32768-60999/, `by default an instance replies to the Linux ephemeral range: ${message()}`);
  await config.update('ephemeral.instance', '49152-65535', vscode.ConfigurationTarget.Workspace);
  try {
    await until('the diagnostic to use the new range', () => (/49152-65535/.test(message()) ? true : undefined));
  } finally {
    await config.update('ephemeral.instance', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await until('the diagnostic to return to the default range', () => (/32768-60999/.test(message()) ? true : undefined));
});

check('packetwalk.enable=false clears the diagnostics, true brings them back', async () => {
  const config = vscode.workspace.getConfiguration('packetwalk');
  await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
  try {
    await until('the diagnostics to clear', () => (packetwalkDiagnostics(doc.uri).length === 0 ? true : undefined));
    await until('the flow summary to go (a stopped server leaves none behind)', () => (api.statusBarSummary() === undefined ? true : undefined));
  } finally {
    await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await until('the diagnostics to come back', () => (packetwalkDiagnostics(doc.uri).length > 0 ? true : undefined));
  await until('the client to run again', () => (api.isRunning() ? true : undefined));
});

check('while the text does not parse the status bar goes stale and the last diagnostics stay', async () => {
  const editor = await vscode.window.showTextDocument(doc);
  const before = doc.getText();
  const ok = await editor.edit((e) => e.insert(doc.positionAt(before.indexOf('Resources:')), 'Broken: [unclosed\n'));
  assert.ok(ok, 'the edit was not applied');
  try {
    const s = await until(`a stale summary`, () => (api.statusBarSummary() as { stale?: boolean } | undefined)?.stale ? true : undefined)
      .catch((e: Error) => { throw new Error(`${e.message}; summary ${JSON.stringify(api.statusBarSummary())}, running ${api.isRunning()}`); });
    assert.ok(s);
    assert.ok(packetwalkDiagnostics(doc.uri).some((d) => RETURN_NACL_CODES.includes(codeOf(d))), 'the last good NACL diagnostic must stay');
  } finally {
    await vscode.commands.executeCommand('undo');
  }
  await until('the text to be restored', () => (doc.getText() === before ? true : undefined), 5000);
  await until('a fresh summary', () => ((api.statusBarSummary() as { stale?: boolean } | undefined)?.stale === false ? true : undefined));
});

check('hover on the flow declaration explains its verdict', async () => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'app-to-db'));
  const text = hoverText(hovers);
  assert.match(text, /blocked/i, `flow hover does not give the verdict: ${text}`);
  assert.match(text, /DbNacl/, `flow hover does not name the blocking NACL: ${text}`);
});

check('hover on the NACL entry that admits the query names the flow it decides', async () => {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'DbNaclInPostgres:'));
  const text = hoverText(hovers);
  assert.match(text, /app-to-db/, `NACL entry hover does not name the flow: ${text}`);
});

check('the flow has a code lens that runs Trace Flow with its parameters', async () => {
  const lenses = await until('code lenses', async () => {
    const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    return l && l.length > 0 ? l : undefined;
  });
  const trace = lenses.find((l) => l.command?.command === 'packetwalk.traceFlow');
  assert.ok(trace, `no packetwalk.traceFlow lens; got ${JSON.stringify(lenses.map((l) => l.command?.command))}`);
  const arg = trace.command?.arguments?.[0] as TraceFlowParams;
  assert.equal(arg.from, 'App');
  assert.equal(arg.to, 'Db');
  assert.equal(String(arg.port), '5432');
  // Clicking the lens runs the command with exactly these arguments.
  const result = await vscode.commands.executeCommand<TraceResult>(trace.command!.command, ...(trace.command!.arguments ?? []));
  assert.equal(result?.verdict, 'blocked', 'the lens trace must give the declared flow\'s verdict');
});

check('Trace Flow returns the trace and shows it', async () => {
  const params: TraceFlowParams = { uri: doc.uri.toString(), from: 'App', to: 'Db', protocol: 'tcp', port: 5432 };
  const result = await vscode.commands.executeCommand<TraceResult>('packetwalk.traceFlow', params);
  assert.ok(result, 'the command returned nothing');
  assert.equal(result.verdict, 'blocked');
  assert.ok(result.blockedAt, 'blockedAt is null for a blocked flow');
  assert.equal(result.blockedAt.direction, 'return');
  assert.match(result.blockedAt.resource, /^DbNacl/);
  assert.ok(result.hops.some((h) => h.direction === 'forward') && result.hops.some((h) => h.direction === 'return'),
    'the trace must hold forward and return hops');
  const html = api.traceViewHtml();
  assert.match(html, /Blocked/);
  assert.match(html, /Return path/);
  // The drawn path: a lane per direction, a box per hop, one blocking mark on the hop that drops the reply.
  const lane = (d: string) => {
    const at = html.indexOf(`<section class="lane ${d}"`);
    assert.ok(at >= 0, `the trace view draws no ${d} lane`);
    return html.slice(at, html.indexOf('</section>', at));
  };
  const drawn = (d: 'forward' | 'return') => [...lane(d).matchAll(/<li class="hop ([^"]*)" id="hop-(\d+)">/g)].map((m) => ({ classes: m[1], index: Number(m[2]) }));
  for (const d of ['forward', 'return'] as const) {
    assert.deepEqual(drawn(d).map((b) => b.index), result.hops.flatMap((h, i) => (h.direction === d ? [i] : [])), `one ${d} box per ${d} hop, in order`);
  }
  const blocking = [...drawn('forward'), ...drawn('return')].filter((b) => /\bblocking\b/.test(b.classes));
  assert.equal(blocking.length, 1, 'exactly one blocking mark');
  const dropped = result.hops.findIndex((h) => h.decision === 'drop' && !h.afterDrop);
  assert.equal(blocking[0].index, dropped);
  assert.equal(result.hops[dropped].direction, 'return');
  assert.ok(drawn('return').filter((b) => b.index > dropped).every((b) => /\bnot-reached\b/.test(b.classes)), 'the hops after the drop are drawn as not reached');
  assert.match(html, /Content-Security-Policy/);
  assert.doesNotMatch(html, /\b(src|href|action)\s*=\s*["']?\s*(https?:|\/\/)/i, 'the trace view must not load remote content');
  assert.doesNotMatch(html, /<script(?![^>]*nonce=)/, 'every script must carry the nonce');
});

check('Save as declared flow adds the flow to the template, and undo takes it back', async () => {
  await vscode.window.showTextDocument(doc);
  const before = doc.getText();
  const params: TraceFlowParams = { uri: doc.uri.toString(), from: 'App', to: 'Db', protocol: 'udp', port: 53 };
  const applied = await vscode.commands.executeCommand<boolean>('packetwalk.saveAsDeclaredFlow', params);
  assert.equal(applied, true, 'the declaration edit was not applied');
  const after = doc.getText();
  assert.notEqual(after, before);
  assert.match(after.slice(after.indexOf('Flows:')), /udp/, 'the new flow is not under Metadata.PacketWalk.Flows');
  await vscode.commands.executeCommand('undo');
  await until('undo to restore the text', () => (doc.getText() === before ? true : undefined), 5000);
});

check('the quick fix under the NACL squiggle adds the missing entry and the squiggle goes', async () => {
  const editor = await vscode.window.showTextDocument(doc);
  const before = doc.getText();
  const d = await until('the NACL diagnostic', () => packetwalkDiagnostics(doc.uri).find((x) => RETURN_NACL_CODES.includes(codeOf(x))));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions?.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && a.isPreferred);
  assert.ok(fix?.edit, `no preferred quick fix: ${JSON.stringify(actions?.map((a) => a.title))}`);
  assert.match(fix.title, /^Add outbound rule \d+ to DbNacl: allow tcp /);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix was not applied');
  try {
    await until('the NACL diagnostic to go', () => (packetwalkDiagnostics(doc.uri).some((x) => RETURN_NACL_CODES.includes(codeOf(x))) ? undefined : true));
  } finally {
    // Put the fixture text back for the checks after this one.
    const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    await editor.edit((e) => e.replace(all, before));
  }
  await until('the fixture text to be back', () => (doc.getText() === before ? true : undefined), 5000);
  await until('the NACL diagnostic to come back', () => packetwalkDiagnostics(doc.uri).find((x) => RETURN_NACL_CODES.includes(codeOf(x))));
});

check('fixing the NACL entry clears the diagnostic', async () => {
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  const entry = text.indexOf('DbNaclOutReplies:');
  const from = text.indexOf('From: 5432', entry);
  const to = text.indexOf('To: 5432', entry);
  assert.ok(entry >= 0 && from > entry && to > from, 'fixture layout changed');
  const ok = await editor.edit((e) => {
    e.replace(new vscode.Range(doc.positionAt(from), doc.positionAt(from + 'From: 5432'.length)), 'From: 1024');
    e.replace(new vscode.Range(doc.positionAt(to), doc.positionAt(to + 'To: 5432'.length)), 'To: 65535');
  });
  assert.ok(ok, 'the edit was not applied');
  await until('the NACL diagnostic to clear', () => {
    const errs = packetwalkDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    return errs.length === 0 ? true : undefined;
  });
  const s = await until('the summary to turn green', () => {
    const cur = api.statusBarSummary();
    return cur && cur.failing === 0 ? cur : undefined;
  });
  assert.equal(s.total, 1);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

check('Compare with HEAD names the flow an unsaved fix repairs and the resource it changed; saving says so too', async () => {
  // The runner works on a copy of the fixture workspace: make it a repository whose HEAD holds the template
  // as the fixture has it (the broken NACL).
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=packetwalk', '-c', 'user.email=packetwalk@example.com', ...args], { cwd: folder });
  git('init', '-q');
  git('add', TEMPLATE);
  git('commit', '-q', '-m', 'the template as committed');
  const doc = await vscode.workspace.openTextDocument(workspaceFile(TEMPLATE));
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  const entry = text.indexOf('DbNaclOutReplies:');
  const from = text.indexOf('From: 5432', entry);
  assert.ok(entry >= 0 && from > entry, 'fixture layout changed');
  assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(from), doc.positionAt(from + 'From: 5432'.length)), 'From: 1024')));
  const to = doc.getText().indexOf('To: 5432', entry);
  assert.ok(await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(to), doc.positionAt(to + 'To: 5432'.length)), 'To: 65535')));
  const answer = await vscode.commands.executeCommand<{ flows: Array<{ name: string; before: { verdict: string } | null; after: { verdict: string } | null; changedHop: string | null }>; resources: Array<{ id: string; change: string }>; markdown: string }>('packetwalk.compareWithHead');
  assert.ok(answer, 'the command answered nothing (no git repository found?)');
  const flow = answer.flows.find((f) => f.before?.verdict === 'blocked' && f.after?.verdict === 'reachable');
  assert.ok(flow, `no flow went from blocked to reachable: ${JSON.stringify(answer.flows)}`);
  assert.match(flow.changedHop ?? '', /DbNacl/);
  assert.deepEqual(answer.resources.map((r) => [r.id, r.change]), [['DbNaclOutReplies', 'modified']]);
  await until('the comparison to open beside the template', () =>
    vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText().includes('reachability changes')) ? true : undefined);
  // Saving says so too (packetwalk.compareOnSave), then the committed text is put back for the checks after.
  await vscode.window.showTextDocument(doc);
  assert.ok(await doc.save(), 'the template was not saved');
  const onSave = await until('the comparison made on save', () => api.lastSaveComparison());
  assert.ok(onSave.flows.some((f) => f.name === flow.name && f.after?.verdict === 'reachable'));
  git('checkout', '--', TEMPLATE);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await until('the template to read as committed again', () => (doc.getText().includes('From: 5432') ? true : undefined));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

check('plain YAML and JSON files get no packetwalk diagnostics', async () => {
  for (const name of [PLAIN_YAML, PLAIN_JSON]) {
    const plain = await vscode.workspace.openTextDocument(workspaceFile(name));
    await vscode.window.showTextDocument(plain);
    // The server is running now (the template started it): give it time to (wrongly) publish.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(packetwalkDiagnostics(plain.uri).map((d) => d.message), [], `${name} got packetwalk diagnostics`);
  }
});

check('an untitled buffer holding a template is analyzed too', async () => {
  const text = (await vscode.workspace.fs.readFile(workspaceFile(TEMPLATE))).toString();
  const untitled = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  assert.equal(untitled.uri.scheme, 'untitled');
  await vscode.window.showTextDocument(untitled);
  await until('a packetwalk diagnostic on the untitled buffer', () =>
    packetwalkDiagnostics(untitled.uri).some((d) => RETURN_NACL_CODES.includes(codeOf(d))) ? true : undefined);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

/**
 * Synthesizes the workspace's CDK app as `cdk synth` does for a TypeScript app (compiled, run by node with
 * source maps, so `aws:cdk:creationStack` records lines of app.ts), into cdk-app/cdk.out. aws-cdk-lib comes
 * from the repository's node_modules; nothing reaches the network.
 */
async function synthCdkApp(dir: string): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  await esbuild.build({ entryPoints: [path.join(dir, 'app.ts')], outfile: path.join(dir, 'build', 'app.js'), format: 'cjs', platform: 'node', sourcemap: 'inline', logLevel: 'silent' });
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--enable-source-maps', path.join('build', 'app.js')], {
      cwd: dir,
      timeout: 180_000,
      // ELECTRON_RUN_AS_NODE: under desktop VS Code the extension host's executable is Electron.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_PATH: path.join(repo, 'node_modules') },
    }, (error, _stdout, stderr) => (error ? reject(new Error(`cdk synth failed: ${error.message}\n${stderr}`)) : resolve()));
  });
}

check('after cdk synth the blocked flow shows on the NACL\'s line of the app\'s .ts file, and goes after a fix and a re-synth', async () => {
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const dir = path.join(folder, 'cdk-app');
  const appUri = vscode.Uri.file(path.join(dir, 'app.ts'));
  const source = await vscode.workspace.openTextDocument(appUri);
  await vscode.window.showTextDocument(source);
  const aclLine = source.getText().split('\n').findIndex((l) => l.includes("new ec2.NetworkAcl(network, 'DataAcl'"));
  assert.ok(aclLine >= 0, 'fixture layout changed');
  assert.deepEqual(packetwalkDiagnostics(appUri), [], 'no diagnostics before the app is synthesized');

  await synthCdkApp(dir);
  const d = await until('the blocked flow on app.ts', () =>
    packetwalkDiagnostics(appUri).find((x) => RETURN_NACL_CODES.includes(codeOf(x))), 90_000);
  assert.equal(d.range.start.line, aclLine, `on line ${d.range.start.line + 1}, not the NetworkAcl's line ${aclLine + 1}`);
  assert.match(source.getText(d.range), /new ec2\.NetworkAcl/);
  assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  assert.match(d.message, /web-to-db/);
  assert.match(d.message, /NetworkStack\/DataAcl/);
  assert.ok((d.relatedInformation ?? []).some((r) => r.location.uri.fsPath === path.join(dir, 'cdk.out', 'NetworkStack.template.json')),
    `related information must point at the synthesized template: ${JSON.stringify(d.relatedInformation?.map((r) => r.location.uri.fsPath))}`);

  // The fix a person makes: open the NACL's outbound entry to the ephemeral ports, save, synthesize again.
  const editor = await vscode.window.showTextDocument(source);
  const text = source.getText();
  const at = text.indexOf('tcpPort(5432), // the replies');
  assert.ok(at >= 0, 'fixture layout changed');
  assert.ok(await editor.edit((e) => e.replace(new vscode.Range(source.positionAt(at), source.positionAt(at + 'tcpPort(5432)'.length)), 'tcpPortRange(1024, 65535)')));
  assert.ok(await source.save(), 'app.ts was not saved');
  await synthCdkApp(dir);
  await until('the diagnostic on app.ts to go', () => (packetwalkDiagnostics(appUri).length === 0 ? true : undefined), 90_000);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

export function run(): Promise<void> {
  return runChecks(checks, 'in-editor checks');
}
