// Types for hostile.mjs (imported by the TypeScript robustness suites).
export interface HostileCase {
  name: string;
  text: string;
  /** true: a finding is required; false: none expected; undefined: either is fine. */
  finding: boolean | undefined;
}
export const BASE: string;
export const BASE_JSON: string;
export function hostileCases(): HostileCase[];
