#!/usr/bin/env node
// The fresh-process floor of the cold open: a new `node` process that reads one template and loads it
// with js-yaml (CloudFormation tags known), then exits. The benchmark times it from spawn to exit, side by
// side with a fresh language server from spawn to the first diagnostics of the same text.
// Usage: node scripts/bench/jsyaml-load.mjs <file>
import { readFileSync } from 'node:fs';
import { loadCfn } from './cfn-yaml.mjs';

const doc = loadCfn(readFileSync(process.argv[2], 'utf8'));
if (!doc || typeof doc !== 'object') process.exitCode = 1;
