#!/usr/bin/env node
// Placeholder until the CLI lands.
process.exitCode = 0;
