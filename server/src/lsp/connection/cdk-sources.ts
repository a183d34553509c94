// CDK source lines (connection side): asks a worker for the diagnostics of the workspace's cloud
// assemblies on the lines of code that created blocking constructs (worker/cdk-sources.ts) and publishes
// them, clearing the files that no longer have any. Run at start and when a cloud assembly changes. It
// answers packetwalk/sourceHover on those lines with the traces of the flows (the same hover as in the
// template).
import type { Connection } from 'vscode-languageserver';
import { SourceHoverRequest, type SourceHoverParams, type SourceHoverResult } from '../../../../shared/protocol';
import { CDK_SOURCES_KEY, type SourceDiagnostic } from '../jobs';
import { codeHref, DIAGNOSTIC_SOURCE, toSeverity } from './convert';
import type { WorkerPool } from './worker-pool';

export class CdkSources {
  private published = new Set<string>();
  private generation = 0;
  private hovers = new Map<string, SourceDiagnostic[]>();

  constructor(
    private readonly connection: Connection,
    private readonly pool: WorkerPool,
    private readonly folders: () => string[],
    private readonly log: (message: string) => void,
  ) {
    connection.onRequest(SourceHoverRequest, (params: SourceHoverParams) => this.hoverAt(params));
  }

  /** The traces behind the findings on that line of code (several constructs may share a line). */
  hoverAt(params: SourceHoverParams): SourceHoverResult | null {
    const here = (this.hovers.get(params.uri) ?? []).filter(
      (d) => d.hover && d.range.start.line === params.position.line,
    );
    if (here.length === 0) return null;
    const markdown = [...new Set(here.map((d) => d.hover!))].join('\n\n---\n\n');
    return { markdown, range: here[0].range };
  }

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
    this.hovers = new Map(files.map((f) => [f.uri, f.diagnostics]));
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
