#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx, so the CLI, the web host and the job workers
// all execute the same code the tests exercise.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
