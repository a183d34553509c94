// The server's state for the open documents and their lifecycle: open/change → schedule an analysis;
// result → publish diagnostics (with the version analysed) and the flow summary; close → clear.
// Handlers (hover, code lens, requests) read results through `shown()`.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FlowSummaryNotification } from '../../../../shared/protocol';
import { flowSummary, nextResults, shownResult, type Analysed, type DocResults } from './diagnostics';
import { isCandidate } from './documents';
import { dependentDocuments } from './open-stacks';
import type { AnalyzeOptions } from '../../analyze/types';
import type { Scheduler } from './scheduler';
import type { SettingsStore } from './settings';
import type { AnalysisSnapshot } from '../jobs';

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/** How long hover and code lens wait for the analysis of the newest text before answering from older results. */
const WAIT_FOR_CURRENT_MS = 1500;
/** Open templates that read an edited one are re-analysed once its typing pauses this long. */
const DEPENDENTS_SETTLE_MS = 300;

export class Session {
  private readonly results = new Map<string, DocResults>();
  /** Documents that have diagnostics published (so a non-template gets an empty list once, not every time). */
  private readonly published = new Set<string>();
  private scheduler!: Scheduler;
  private readonly dependentsTimers = new Map<string, NodeJS.Timeout>();
  codeLensRefresh = false;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly settings: SettingsStore,
    readonly log: Logger,
  ) {}

  attach(scheduler: Scheduler): void {
    this.scheduler = scheduler;
    // TextDocuments reports an open as a content change too: one handler covers both.
    this.documents.onDidChangeContent((e) => {
      this.guard('change', () => this.refresh(e.document));
      this.refreshDependentsLater(e.document.uri);
    });
    this.documents.onDidClose((e) => {
      this.guard('close', () => this.close(e.document.uri));
      this.refreshDependentsLater(e.document.uri);
    });
  }

  /** The open templates that reach other stacks read this one's open text (or, once closed, the disk). */
  private refreshDependentsLater(uri: string): void {
    clearTimeout(this.dependentsTimers.get(uri));
    this.dependentsTimers.set(
      uri,
      setTimeout(() => {
        this.dependentsTimers.delete(uri);
        const changed = this.documents.get(uri) ?? { uri };
        for (const doc of dependentDocuments(changed, this.documents)) this.guard('refresh', () => this.refresh(doc));
      }, DEPENDENTS_SETTLE_MS),
    );
  }

  /** Re-read settings and re-analyse every open document (didChangeConfiguration). */
  refreshAll(): void {
    this.settings.invalidate();
    for (const doc of this.documents.all()) this.guard('refresh', () => this.refresh(doc));
  }

  /** The results handlers answer from (waiting briefly for the newest text), and whether they are stale. */
  async shown(uri: string): Promise<{ analysed: Analysed; stale: boolean } | undefined> {
    await this.scheduler.whenIdle(uri, WAIT_FOR_CURRENT_MS);
    const results = this.results.get(uri);
    if (!results) return undefined;
    return { analysed: shownResult(results), stale: results.stale };
  }

  /** The document shows results of a text that parsed (they stay while its text does not parse). */
  hasLastGood(uri: string): boolean {
    return this.results.get(uri)?.lastGood !== undefined;
  }

  /** Called by the scheduler with the result for the newest text of a document. */
  onResult(doc: TextDocument, snapshot: AnalysisSnapshot, options: AnalyzeOptions): void {
    if (!this.documents.get(doc.uri)) return; // closed meanwhile
    const publication = nextResults(this.results.get(doc.uri), doc, snapshot, options);
    if (publication.results) this.results.set(doc.uri, publication.results);
    else this.results.delete(doc.uri);
    this.publish(doc.uri, doc.version, publication.diagnostics);
    void this.connection.sendNotification(FlowSummaryNotification, flowSummary(doc.uri, doc.version, publication.results));
    if (this.codeLensRefresh) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  private async refresh(doc: TextDocument): Promise<void> {
    if (!isCandidate(doc)) {
      this.drop(doc.uri, doc.version);
      return;
    }
    const version = doc.version;
    const effective = await this.settings.effective(doc.uri);
    const live = this.documents.get(doc.uri);
    if (!live || live.version !== version) return; // a newer change scheduled its own analysis
    if (!effective.enable) {
      this.drop(doc.uri, version);
      return;
    }
    this.scheduler.schedule(live, effective.options);
  }

  private close(uri: string): void {
    this.scheduler.forget(uri);
    this.settings.forget(uri);
    this.results.delete(uri);
    // Diagnostics of a closed document are cleared (no version: it is no longer open).
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Not (or no longer) a template, or disabled: no diagnostics, no state. */
  private drop(uri: string, version: number): void {
    this.scheduler.forget(uri);
    const had = this.results.delete(uri);
    if (this.published.has(uri)) this.publish(uri, version, []);
    if (had) void this.connection.sendNotification(FlowSummaryNotification, flowSummary(uri, version, undefined));
  }

  private publish(uri: string, version: number, diagnostics: import('vscode-languageserver').Diagnostic[]): void {
    if (diagnostics.length > 0) this.published.add(uri);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private guard(what: string, run: () => void | Promise<void>): void {
    try {
      const r = run();
      if (r instanceof Promise) r.catch((e: unknown) => this.log.error(`${what}: ${describe(e)}`));
    } catch (e) {
      this.log.error(`${what}: ${describe(e)}`);
    }
  }
}

export function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
