// Bundles the extension client, the language server and the CLI into dist/, and (with --tests)
// compiles every test file under test/ into out/test/ so that `node --test` can run plain JavaScript.
// Type checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const args = new Set(argv);
const production = args.has('--production');
// `--outdir DIR` bundles the product elsewhere than dist/ (the packaging test builds a .vsix in a temporary copy).
const outdirAt = argv.indexOf('--outdir');
const productDir = outdirAt >= 0 && argv[outdirAt + 1] ? argv[outdirAt + 1] : 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM `module` build bundles.
  mainFields: ['module', 'main'],
};

async function buildProduct() {
  await esbuild.build({
    ...common,
    entryPoints: {
      client: 'client/src/extension.ts',
      server: 'server/src/lsp/main.ts',
      // The language server's analysis worker threads (the engine without the LSP libraries).
      'analysis-worker': 'server/src/lsp/worker/main.ts',
      cli: 'server/src/cli/main.ts',
      // require('packetwalk/cdk'): the cdk synth validation plugin.
      cdk: 'server/src/cdk/plugin.ts',
    },
    outdir: productDir,
    external: ['vscode'],
    // See server/src/review/service-spec-stand-in.ts: the resource diff needs no AWS specification.
    alias: { '@aws-cdk/aws-service-spec': './server/src/review/service-spec-stand-in.ts' },
    banner: { js: '' },
  });
}

function listTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listTests(p, out);
    else if (/\.(test|suite)\.ts$/.test(name)) out.push(p);
  }
  return out;
}

function pruneStale(outDir, srcDir) {
  if (!existsSync(outDir)) return;
  for (const name of readdirSync(outDir)) {
    const p = join(outDir, name);
    if (statSync(p).isDirectory()) pruneStale(p, join(srcDir, name));
    else if (p.endsWith('.js') && !existsSync(join(srcDir, name.replace(/\.js$/, '.ts')))) rmSync(p, { force: true });
  }
}

async function buildTests() {
  // No wipe of out/test first: parallel builds would delete each other's output. Stale outputs of
  // removed tests are pruned instead (a compiled test whose source is gone must not keep running).
  pruneStale('out/test', 'test');
  await esbuild.build({
    ...common,
    sourcemap: 'inline',
    entryPoints: listTests('test'),
    outdir: 'out/test',
    outbase: 'test',
    // node_modules stay external: tests exercise the same packages the product loads.
    packages: 'external',
    external: ['vscode'],
  });
}

if (!args.has('--tests-only')) await buildProduct();
if (args.has('--tests') || args.has('--tests-only')) await buildTests();
