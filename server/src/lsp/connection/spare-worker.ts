// A warm spare worker for the next large template. The first document opened goes to the first worker,
// which the analysis itself warms up. A second document goes to another worker (so that a long analysis
// of one never holds up hovers and edits on the other), and a fresh worker runs the engine cold: a 1 MB
// template took about five times as long there as in a worker that had analysed one before. So once a
// large template has been shown, the second worker is started in the background and warmed on that
// template's text (on the other core; the first worker is not involved). Small templates analyse quickly
// even cold, so they start nothing, and a session with a single small template keeps one worker.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalyzeOptions } from '../../analyze/types';
import { SPARE_KEY } from '../jobs';
import type { WorkerPool } from './worker-pool';

/** From this size on, a template's analysis is slow enough cold for a warm worker to matter (about 0.2 s cold). */
export const SPARE_MIN_CHARS = 200_000;
/** Left to the first worker after the first results: it cuts the template into units for the next keystroke. */
const SPARE_DELAY_MS = 1000;

export class SpareWorker {
  private asked = false;

  constructor(
    private readonly pool: Pick<WorkerPool, 'warmSpare'>,
    private readonly delayMs = SPARE_DELAY_MS,
  ) {}

  /** A document's results were shown: the first large one starts the spare (once per server). */
  shown(doc: TextDocument, options: AnalyzeOptions): void {
    if (this.asked || doc.getText().length < SPARE_MIN_CHARS) return;
    this.asked = true;
    const text = doc.getText();
    setTimeout(() => {
      // A failed warm-up costs only speed: the next document is then analysed cold, as without a spare.
      this.pool.warmSpare({ kind: 'warm', uri: SPARE_KEY, version: 0, text, options })?.catch(() => undefined);
    }, this.delayMs).unref();
  }
}
