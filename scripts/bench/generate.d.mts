// Types for generate.mjs.
export function prng(seed: number): () => number;
export const FLOW_KINDS: string[];
/** flows: 'mixed' (default), 'all', 'ids', or one of FLOW_KINDS. */
export function generateTemplate(vpcs: number, seed?: number, flows?: string): string;
export function vpcsForSize(bytes: number, seed?: number, flows?: string): number;
