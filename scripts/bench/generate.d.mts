// Types for generate.mjs.
export function prng(seed: number): () => number;
export function generateTemplate(vpcs: number, seed?: number): string;
export function vpcsForSize(bytes: number, seed?: number): number;
