// The analysis worker's memory of the documents it serves: one LiveDocument per document uri (made with
// the document's options, made afresh when they change), the result of its newest text and of its
// newest text that parsed (the stale rule shows that one while the text does not parse). Requests
// about an older text (hover on results the connection thread still shows) are answered from a result
// of exactly that text; when the worker holds none (it was replaced, or has moved on), that text is
// analysed on the side: an answer is never computed on a text other than the one asked about.
import { LiveDocument } from '../../analyze/live/live-document';
import type { LiveResult } from '../../analyze/live/types';
import type { AnalyzeOptions } from '../../analyze/types';
import type { DocumentText } from '../jobs';
import { StackCache } from '../../analyze/workspace/stack-cache';
import { liveStacks, shownHere, stacksContextOf, textsOf, workspaceResult, type Texts } from './stack-workspace';

interface Versioned {
  version: number;
  result: LiveResult;
}

interface DocState {
  optionsKey: string;
  live: LiveDocument;
  /** The live analysis with the other stacks, for the context (their texts, the options) it was made for. */
  stacks?: { key: string; live: LiveDocument; texts: Texts };
  /** The other templates' parses, kept while the document is open (by text: safe across contexts). */
  stackCache?: StackCache;
  current?: Versioned;
  lastGood?: Versioned;
  /** A result computed on the side for an older text that requests keep asking about. */
  side?: Versioned;
}

/** Options compare by value (they come through a structured clone, never the same object twice). */
function keyOf(options: AnalyzeOptions): string {
  return JSON.stringify(options);
}

export class LiveStates {
  private readonly docs = new Map<string, DocState>();

  /** The document's newest text: update its live analysis (nothing to do when it already has that text). */
  update(doc: DocumentText): LiveResult {
    const state = this.stateFor(doc.uri, doc.options);
    // A template that reaches other stacks is analysed with them. The others are read again each time (they
    // change on disk); while they and the options stay the same, one LiveDocument answers incrementally.
    const context = stacksContextOf(doc);
    if (context?.live) {
      if (state.stacks?.key !== context.key) {
        state.stackCache ??= new StackCache();
        state.stacks = { key: context.key, live: liveStacks(context, state.stackCache), texts: textsOf(context.read) };
      }
      return this.hold(state, doc.version, shownHere(state.stacks.live.update(doc.text), state.stacks.texts));
    }
    state.stacks = undefined;
    const stacks = workspaceResult(doc, context);
    if (stacks) return this.hold(state, doc.version, stacks);
    const held = state.current;
    if (held && held.version === doc.version && held.result.text === doc.text) return held.result;
    const result = state.live.update(doc.text);
    state.current = { version: doc.version, result };
    if (!result.syntaxError) state.lastGood = state.current;
    state.side = undefined;
    return result;
  }

  /** A result for exactly this text of the document (with these options); `held`: one the worker already had. */
  resultFor(doc: DocumentText): { result: LiveResult; held: boolean } {
    const key = keyOf(doc.options);
    const state = this.docs.get(doc.uri);
    // Nothing held for the document (a new worker): this text becomes its state.
    if (!state || (!state.current && state.optionsKey === key)) return { result: this.update(doc), held: false };
    if (state.optionsKey === key) {
      for (const held of [state.current, state.lastGood, state.side]) {
        if (held && held.version === doc.version && held.result.text === doc.text) return { result: held.result, held: true };
      }
      // A newer text than the one held (a trace asked right after an edit): it is the document's newest
      // text, so the live analysis moves on to it (the analysis job that follows then finds it done).
      if (state.current && doc.version > state.current.version) return { result: this.update(doc), held: false };
    }
    const result = workspaceResult(doc) ?? new LiveDocument(doc.options).update(doc.text);
    // Kept only for the document's own options (a trace with parameter overrides is a one-off).
    if (state.optionsKey === key) state.side = { version: doc.version, result };
    return { result, held: false };
  }

  /** The result of the document's newest text, whatever its version (undefined when none is held). */
  newest(uri: string): LiveResult | undefined {
    return this.docs.get(uri)?.current?.result;
  }

  private hold(state: DocState, version: number, result: LiveResult): LiveResult {
    state.current = { version, result };
    if (!result.syntaxError) state.lastGood = state.current;
    state.side = undefined;
    return result;
  }

  /** Idle time: let the document's live analysis do now what its next edit would otherwise start with. */
  prepare(uri: string): void {
    const state = this.docs.get(uri);
    state?.live.prepare();
    state?.stacks?.live.prepare();
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }

  /** How many documents are held (tests and logs). */
  get size(): number {
    return this.docs.size;
  }

  private stateFor(uri: string, options: AnalyzeOptions): DocState {
    const optionsKey = keyOf(options);
    let state = this.docs.get(uri);
    if (!state || state.optionsKey !== optionsKey) {
      state = { optionsKey, live: new LiveDocument(options) };
      this.docs.set(uri, state);
    }
    return state;
  }
}
