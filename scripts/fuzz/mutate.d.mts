// Types for mutate.mjs (imported by the TypeScript robustness suites).
export type Rnd = () => number;
export function prng(seed: number): Rnd;
export const OPERATORS: Record<string, (text: string, rnd: Rnd, others?: string[]) => string>;
export const OPERATOR_NAMES: string[];
export function mutate(text: string, rnd: Rnd, others?: string[], ops?: string[]): { text: string; ops: string[] };
export interface Mutant {
  name: string;
  source: string;
  ops: string[];
  text: string;
}
export function mutants(sources: Array<{ name: string; text: string }>, count: number, seed?: number, ops?: string[]): Generator<Mutant>;
