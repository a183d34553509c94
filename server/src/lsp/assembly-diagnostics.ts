// Diagnostics on the line of CDK code that made the blocking construct. The cloud assemblies of the
// workspace folders (`cdk.out/manifest.json` at a folder's top or one level down) are analysed stack by
// stack, as `packetwalk check cdk.out` does; each finding whose construct has a recorded creation line
// (`aws:cdk:creationStack`) is published on that line of the source file (.ts, .js, .py…), only when the
// file lies inside a workspace folder, with the template's element as related information. Re-run when
// a cloud assembly changes (`cdk synth`, `cdk watch`: see stack-watch.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { analyzeInWorkspace } from '../analyze/workspace/analyze-workspace';
import { readWorkspaceOf } from '../files/workspace-reader';
import { codeHref, DIAGNOSTIC_SOURCE, toSeverity } from './convert';

/** At most this many assemblies are analysed (a monorepo of many CDK apps). */
const MAX_ASSEMBLIES = 20;

export class AssemblyDiagnostics {
  private published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly folders: () => string[],
    private readonly log: (message: string) => void,
  ) {}

  refresh(): void {
    const byUri = new Map<string, Map<string, Diagnostic>>();
    const folders = this.folders().map(realOr);
    for (const assembly of findAssemblies(folders)) {
      try {
        this.analyse(assembly, folders, byUri);
      } catch (e) {
        this.log(`cdk.out ${assembly} could not be analysed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const uri of this.published) if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const [uri, diagnostics] of byUri) void this.connection.sendDiagnostics({ uri, diagnostics: [...diagnostics.values()] });
    this.published = new Set(byUri.keys());
  }

  private analyse(assembly: string, folders: string[], out: Map<string, Map<string, Diagnostic>>): void {
    const manifestDir = path.dirname(assembly);
    const first = readWorkspaceOf(path.join(manifestDir, 'manifest.json'), { roots: folders });
    const sources = new Map<string, TextDocument | null>();
    for (const stack of first.input.stacks) {
      if (stack.file.endsWith('/manifest.json')) continue;
      const entry = first.input.files.get(stack.file);
      if (!entry || !('text' in entry)) continue;
      const wa = analyzeInWorkspace(stack.file, entry.text, first.input);
      for (const f of wa.findings) {
        if (!f.source || !f.flows?.length) continue;
        const src = sourceDoc(f.source.file, folders, sources);
        if (!src) continue;
        const templateFile = f.file ?? stack.file;
        const templateEntry = first.input.files.get(templateFile);
        const template = TextDocument.create(uriOf(templateFile), 'json', 0, templateEntry && 'text' in templateEntry ? templateEntry.text : '');
        const line = Math.max(0, f.source.line - 1);
        const lineText = src.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
        const start = Math.min(Math.max(0, f.source.column - 1), lineText.length);
        const diagnostic: Diagnostic = {
          range: { start: { line, character: start }, end: { line, character: Math.max(start, lineText.length) } },
          severity: toSeverity(f.severity),
          source: DIAGNOSTIC_SOURCE,
          code: f.code,
          codeDescription: { href: codeHref(f.code) },
          message: f.constructPath ? `${f.message} (${f.constructPath})` : f.message,
          relatedInformation: [
            {
              location: { uri: template.uri, range: { start: template.positionAt(f.range.start), end: template.positionAt(f.range.end) } },
              message: `${f.resource ?? 'the element'} in ${path.basename(templateFile)}${f.flows.length ? `, flow ${f.flows.join(', ')}` : ''}`,
            },
          ],
        };
        let perUri = out.get(src.uri);
        if (!perUri) out.set(src.uri, (perUri = new Map()));
        perUri.set(JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]), diagnostic);
      }
    }
  }
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
