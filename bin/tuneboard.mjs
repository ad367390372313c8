#!/usr/bin/env node
// The `tuneboard` command: lets Node import the TypeScript sources, then hands over to the CLI.
import { register } from 'tsx/esm/api';

// main() reports every error of a command; this is the last resort for one thrown outside it (a stray callback), so
// that it too is one line, not a stack trace or, once TF.js's wasm module has hooked these events, its minified source.
const lastResort = (error) => {
  console.error(`tuneboard: unexpected error: ${String(error?.message ?? error).split('\n')[0]}`);
  process.exit(1);
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
