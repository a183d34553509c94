// Types for sources.mjs.
export function loadFixtureSources(root?: string): Array<{ name: string; text: string }>;
