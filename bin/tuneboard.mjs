#!/usr/bin/env node
// The `tuneboard` command: lets Node import the TypeScript sources, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
