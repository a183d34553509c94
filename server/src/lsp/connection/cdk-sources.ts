// CDK source lines (connection side): asks a worker for the diagnostics of the workspace's cloud
// assemblies on the lines of code that created blocking constructs (worker/cdk-sources.ts) and publishes
// them, clearing the files that no longer have any. Run at start and when a cloud assembly changes.
import type { Connection } from 'vscode-languageserver';
import { CDK_SOURCES_KEY, type SourceDiagnostic } from '../jobs';
import { codeHref, DIAGNOSTIC_SOURCE, toSeverity } from './convert';
import type { WorkerPool } from './worker-pool';

export class CdkSources {
  private published = new Set<string>();
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly pool: WorkerPool,
    private readonly folders: () => string[],
    private readonly log: (message: string) => void,
  ) {}

  async refresh(): Promise<void> {
    const folders = this.folders();
    if (folders.length === 0 && this.published.size === 0) return;
    const generation = ++this.generation;
    const reply = await this.pool.run({ kind: 'cdkSources', uri: CDK_SOURCES_KEY, folders }).promise.catch((e: unknown) => {
      this.log(`CDK source lines: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    // A newer refresh supersedes this one.
    if (!reply || !reply.ok || generation !== this.generation) return;
    const files = reply.cdkSources ?? [];
    const now = new Set(files.map((f) => f.uri));
    for (const uri of this.published) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const f of files) void this.connection.sendDiagnostics({ uri: f.uri, diagnostics: f.diagnostics.map(toDiagnostic) });
    this.published = now;
  }
}

function toDiagnostic(d: SourceDiagnostic) {
  return {
    range: d.range,
    severity: toSeverity(d.severity),
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    codeDescription: { href: codeHref(d.code) },
    message: d.message,
    relatedInformation: d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
  };
}
