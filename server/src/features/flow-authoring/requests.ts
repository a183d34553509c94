// One entry for the flow-authoring requests an editor makes (completion, definition, references,
// symbols, the "did you mean" fixes): each answered from the template's places as written and the
// endpoint catalogue, never from a new analysis.
import type { Range } from '../../template/located';
import type { EndpointCatalogue } from '../../usecases/endpoint-catalogue';
import { flowCompletions, type FlowCompletion } from './completion';
import { endpointNameFixes, type NameFix } from './did-you-mean';
import type { AuthoringPlaces } from './flow-places';
import { flowDefinition, flowReferences } from './navigation';
import { flowSymbols, type AuthoringSymbol } from './symbols';

export type AuthoringRequest =
  | { what: 'completion'; offset: number }
  | { what: 'definition'; offset: number }
  | { what: 'references'; offset: number; includeDeclaration: boolean }
  | { what: 'symbols' }
  /** Ranges of FLOW_UNKNOWN_ENDPOINT diagnostics. */
  | { what: 'nameFixes'; ranges: Range[] };

export interface AuthoringAnswer {
  completion?: FlowCompletion | null;
  definition?: Range | null;
  references?: Range[] | null;
  symbols?: AuthoringSymbol[];
  /** One list per range asked about, in order. */
  nameFixes?: NameFix[][];
}

export function answerAuthoring(places: AuthoringPlaces, catalogue: EndpointCatalogue | undefined, request: AuthoringRequest): AuthoringAnswer {
  switch (request.what) {
    case 'completion':
      return { completion: flowCompletions(places, catalogue, request.offset) };
    case 'definition':
      return { definition: flowDefinition(places, request.offset) ?? null };
    case 'references':
      return { references: flowReferences(places, request.offset, request.includeDeclaration) ?? null };
    case 'symbols':
      return { symbols: flowSymbols(places) };
    case 'nameFixes':
      return { nameFixes: request.ranges.map((r) => endpointNameFixes(places, catalogue ?? { pool: [], entries: [] }, r)) };
  }
}
