// The layers of docs/architecture.md hold: every import of server/src, client/src and shared/ points
// down the arrows, the engine loads no editor API and no I/O, and the connection thread no engine code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { checkImport, importsOf, layerOf, sourceFiles, violations } from './import-layers';

const root = resolve(__dirname, '../../../..');

test('every source file belongs to a layer', () => {
  const loose = sourceFiles(root).filter((f) => !layerOf(f));
  assert.deepEqual(loose, [], 'files outside the layers of docs/architecture.md');
});

test('no import crosses a layer the wrong way', () => {
  const broken = violations(root).map((v) => `${v.file}: '${v.spec}': ${v.why}`);
  assert.deepEqual(broken, []);
});

test('the checker refuses imports that point up the arrows or load I/O in the engine', () => {
  const check = (file: string, line: string) => importsOf(line, file).map((r) => checkImport(root, r)?.why ?? 'ok');
  assert.match(check('server/src/walk/x.ts', "import { analyzeText } from '../analyze/analyze';")[0], /walk may import only/);
  assert.match(check('server/src/model/x.ts', "import { readFileSync } from 'node:fs';")[0], /must not import node:fs/);
  assert.match(check('server/src/features/x.ts', "import type { Hover } from 'vscode-languageserver';")[0], /must not import vscode-languageserver/);
  assert.match(check('server/src/lsp/connection/x.ts', "import { analyzeText } from '../../analyze/analyze';")[0], /connection thread must not load engine code/);
  assert.equal(check('server/src/lsp/connection/x.ts', "import type { Finding } from '../../analyze/types';")[0], 'ok');
  assert.match(check('server/src/lsp/worker/x.ts', "import { Session } from '../connection/session';")[0], /lsp\/worker may not import lsp\/connection/);
  assert.match(check('client/src/x.ts', "import { traceFlow } from '../../server/src/walk/trace';")[0], /client imports only shared/);
  assert.match(check('server/src/net/x.ts', "const t = require('../template/parse');")[0], /net may import only nothing/);
  assert.equal(check('server/src/cli/x.ts', "import { traceUseCase } from '../usecases/trace';")[0], 'ok');
});
