// The worker's side of the flow-authoring requests (completion, definition, references, symbols, the
// "did you mean" fixes). They need the text's places (read from its parse) and the endpoint catalogue
// (from a model), not an analysis of the text: typing a flow must not wait for, or start, one.
// - places: from the parse of the held analysis when it is of this very text, else a parse of the text
//   (kept for the next request about the same text); the outline, asked after every edit, comes from the
//   live analysis's resource spans and flows when it holds the text without a parse of it;
// - catalogue: from the newest model the worker holds for the document (made when an analysis of the
//   whole text was at hand, see note()), brought up to the text's resources; only a document the worker
//   never analysed whole gets its model built (resolved, no flow walked).
import type { LiveResult } from '../../analyze/live/types';
import type { Analysis } from '../../analyze/types';
import { parseTemplate } from '../../template/parse';
import { catalogueForResources, catalogueOfParse, endpointCatalogue, type EndpointCatalogue } from '../../usecases/endpoint-catalogue';
import { readAuthoringPlaces, type AuthoringPlaces } from '../../features/flow-authoring/flow-places';
import { answerAuthoring, type AuthoringAnswer, type AuthoringRequest } from '../../features/flow-authoring/requests';
import { symbolsOfAnalysis } from '../../features/flow-authoring/symbols';
import type { DocumentText } from '../jobs';

interface Held {
  text: string;
  places: AuthoringPlaces;
  catalogue?: EndpointCatalogue;
}

export class AuthoringState {
  /**
   * Per document: the catalogue of the newest model seen, the text it was made from, and (weakly: the
   * analysis is not kept alive for it) the analysis it came from.
   */
  private readonly catalogues = new Map<string, { text: string; catalogue: EndpointCatalogue; from?: WeakRef<Analysis> }>();
  /** Per document: the places of the last text asked about (and its catalogue brought up to it). */
  private readonly held = new Map<string, Held>();

  /** After an update: when the whole analysis is at hand (no work), its model's catalogue is kept. */
  note(uri: string, result: LiveResult | undefined): void {
    const analysis = result?.ready();
    if (!result || !analysis?.model) return;
    const kept = this.catalogues.get(uri);
    if (kept?.from?.deref() === analysis) return;
    const constructPaths = 'constructPaths' in analysis ? (analysis as { constructPaths: ReadonlyMap<string, string> }).constructPaths : undefined;
    this.catalogues.set(uri, { text: result.text, catalogue: endpointCatalogue(analysis.model, constructPaths), from: new WeakRef(analysis) });
    const held = this.held.get(uri);
    if (held) held.catalogue = undefined;
  }

  answer(doc: DocumentText, newest: LiveResult | undefined, request: AuthoringRequest): AuthoringAnswer {
    this.note(doc.uri, newest);
    // Editors ask for the outline after every edit: when the live analysis holds this very text (answered
    // incrementally, so without a parse of the whole text), its resource spans and flows make the outline.
    if (request.what === 'symbols' && this.held.get(doc.uri)?.text !== doc.text && newest && newest.text === doc.text && !newest.syntaxError && !newest.ready()) {
      return { symbols: symbolsOfAnalysis(doc.text, newest.resources, newest.outline.map((o) => ({ range: o.range, flow: o.result.flow }))) };
    }
    const held = this.placesFor(doc, newest);
    return answerAuthoring(held.places, this.catalogueFor(doc.uri, held), request);
  }

  forget(uri: string): void {
    this.catalogues.delete(uri);
    this.held.delete(uri);
  }

  private placesFor(doc: DocumentText, newest: LiveResult | undefined): Held {
    const held = this.held.get(doc.uri);
    if (held && held.text === doc.text) return held;
    const ready = newest && newest.text === doc.text ? newest.ready() : undefined;
    const parse = ready?.parse ?? parseTemplate(doc.text);
    const fresh: Held = { text: doc.text, places: readAuthoringPlaces(parse) };
    this.held.set(doc.uri, fresh);
    return fresh;
  }

  private catalogueFor(uri: string, held: Held): EndpointCatalogue | undefined {
    if (held.catalogue) return held.catalogue;
    const kept = this.catalogues.get(uri);
    if (kept) {
      held.catalogue = kept.text === held.text ? kept.catalogue : catalogueForResources(kept.catalogue, held.places.resources);
      return held.catalogue;
    }
    // Never analysed whole here (a replaced worker): the model of this text alone.
    const made = catalogueOfParse(parseTemplate(held.text));
    if (made) {
      this.catalogues.set(uri, { text: held.text, catalogue: made });
      held.catalogue = made;
    }
    return made;
  }
}
