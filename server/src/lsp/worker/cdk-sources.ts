// CDK source lines (analysis worker side): the cloud assemblies of the workspace folders (`cdk.out/manifest.json`
// at a folder's top or one level down) are analysed stack by stack, as `packetwalk check cdk.out` does; each
// blocked flow's finding whose construct has a recorded creation line (`aws:cdk:creationStack`) becomes a
// diagnostic on that line of the source file (.ts, .js, .py…), only when the file lies inside a workspace
// folder, with the template's element as related information. The connection thread publishes them
// (connection/cdk-sources.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeInWorkspace } from '../../analyze/workspace/analyze-workspace';
import { readWorkspaceOf } from '../../files/workspace-reader';
import type { SourceDiagnostic } from '../jobs';
import type { WorkspaceAnalysis } from '../../analyze/workspace/types';
import { flowMarkdown } from '../../features/hover';
import { impliedFlowLines } from '../../analyze/implied/at';

/** At most this many assemblies are analysed (a monorepo of many CDK apps). */
const MAX_ASSEMBLIES = 20;

export function cdkSourceDiagnostics(folderList: readonly string[]): Array<{ uri: string; diagnostics: SourceDiagnostic[] }> {
  const folders = folderList.map(realOr);
  const out = new Map<string, Map<string, SourceDiagnostic>>();
  for (const assembly of findAssemblies(folders)) {
    try {
      analyse(assembly, folders, out);
    } catch {
      // One broken assembly must not hide the others; `packetwalk check` reports what is wrong with it.
    }
  }
  return [...out].map(([uri, m]) => ({ uri, diagnostics: [...m.values()] }));
}

function analyse(assembly: string, folders: string[], out: Map<string, Map<string, SourceDiagnostic>>): void {
  const read = readWorkspaceOf(assembly, { roots: folders });
  const sources = new Map<string, TextDocument | null>();
  for (const stack of read.input.stacks) {
    if (stack.file.endsWith('/manifest.json')) continue;
    const entry = read.input.files.get(stack.file);
    if (!entry || !('text' in entry)) continue;
    const wa = analyzeInWorkspace(stack.file, entry.text, read.input);
    for (const f of wa.findings) {
      if (!f.source || !f.flows?.length) continue;
      const src = sourceDoc(f.source.file, folders, sources);
      if (!src) continue;
      const templateFile = f.file ?? stack.file;
      const templateEntry = read.input.files.get(templateFile);
      const template = TextDocument.create(uriOf(templateFile), 'json', 0, templateEntry && 'text' in templateEntry ? templateEntry.text : '');
      const line = Math.max(0, f.source.line - 1);
      const lineText = src.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
      const start = Math.min(Math.max(0, f.source.column - 1), lineText.length);
      const diagnostic: SourceDiagnostic = {
        range: { start: { line, character: start }, end: { line, character: Math.max(start, lineText.length) } },
        severity: f.severity,
        code: f.code,
        message: f.constructPath ? `${f.message} (${f.constructPath})` : f.message,
        related: [
          {
            uri: template.uri,
            range: { start: template.positionAt(f.range.start), end: template.positionAt(f.range.end) },
            message: `${f.resource ?? 'the element'} in ${path.basename(templateFile)}, flow ${f.flows.join(', ')}`,
          },
        ],
        hover: flowsHover(wa, f.flows, f.constructPath),
      };
      let perUri = out.get(src.uri);
      if (!perUri) out.set(src.uri, (perUri = new Map()));
      perUri.set(JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]), diagnostic);
    }
  }
}

/** The traces of the flows a finding is about, as hover shows them in the template (declared, then implied). */
function flowsHover(wa: WorkspaceAnalysis, names: readonly string[], constructPath: string | undefined): string {
  const parts: string[] = [];
  if (constructPath) parts.push(`Construct \`${constructPath}\` (${path.basename(wa.stack)})`);
  const implied = (wa.implied ?? []).filter((r) => names.includes(r.flow.name));
  for (const name of names) {
    const result = wa.flows.find((r) => r.flow.name === name);
    if (result) parts.push(flowMarkdown(result));
  }
  if (implied.length) parts.push(['Implied flows (checked without a declaration):', ...impliedFlowLines(implied)].join('\n'));
  return parts.join('\n\n---\n\n');
}

/** `cdk.out/manifest.json` at the top of each folder or one level down (an app in a subfolder). */
function findAssemblies(folders: string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    const candidates = [path.join(folder, 'cdk.out', 'manifest.json')];
    try {
      for (const d of fs.readdirSync(folder, { withFileTypes: true })) {
        if (d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules') candidates.push(path.join(folder, d.name, 'cdk.out', 'manifest.json'));
      }
    } catch {
      // an unreadable folder has no assembly to show
    }
    for (const c of candidates) if (fs.existsSync(c) && found.length < MAX_ASSEMBLIES) found.push(c);
  }
  return found;
}

/** The source file of a creation line, read only when its real path lies inside a workspace folder. */
function sourceDoc(file: string, folders: string[], cache: Map<string, TextDocument | null>): TextDocument | undefined {
  if (cache.has(file)) return cache.get(file) ?? undefined;
  let doc: TextDocument | null = null;
  try {
    const real = fs.realpathSync(file);
    const inside = folders.some((f) => {
      const rel = path.relative(f, real);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
    if (inside && fs.statSync(real).isFile() && fs.statSync(real).size < 8 * 1024 * 1024) {
      doc = TextDocument.create(pathToFileURL(file).href, 'plaintext', 0, fs.readFileSync(real, 'utf8'));
    }
  } catch {
    doc = null;
  }
  cache.set(file, doc);
  return doc ?? undefined;
}

function uriOf(file: string): string {
  return pathToFileURL(file.split('/').join(path.sep)).href;
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
