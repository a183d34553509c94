// Bundles the engine entry the benchmark and the long fuzz run load in-process (scripts/bench/engine-entry.ts)
// into one CommonJS file, with node_modules left external, and returns its path.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `outfile` is relative to the repository root. */
export async function bundleEngine(outfile) {
  const out = join(ROOT, outfile);
  mkdirSync(dirname(out), { recursive: true });
  await esbuild.build({
    entryPoints: [join(ROOT, 'scripts', 'bench', 'engine-entry.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}
