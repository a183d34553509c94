// Types for check-analysis.mjs.
export function checkAnalysis(analysis: unknown, input: string): string[];
export function summarize(analysis: unknown): { findings: number; error: number; warning: number; info: number; isTemplate: boolean; flows: number };
