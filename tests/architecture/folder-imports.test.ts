import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SOURCE_FOLDERS = ['app', 'bench', 'cli', 'datasets', 'db', 'lib', 'spec', 'tuner', 'workers'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Which top-level folders each folder imports from (type imports included: they tie the code together too). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const folder of SOURCE_FOLDERS)
    for (const file of sourceFiles(folder)) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = relative('.', resolve(dirname(file), m[1] ?? m[2])).split(sep)[0];
        if (target !== folder && SOURCE_FOLDERS.includes(target)) graph.set(folder, (graph.get(folder) ?? new Set()).add(target));
      }
    }
  return graph;
}

/** A cycle of folders, as a path that returns to its start, or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]): string[] | null => {
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    if (state.get(node) === 'done') return null;
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return null;
}

test('imports between the top-level folders flow one way: no folder imports one that imports it back', () => {
  assert.equal(findCycle(folderGraph())?.join(' → ') ?? null, null);
});

test('the cycle check finds a planted cycle', () => {
  assert.deepEqual(
    findCycle(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set(['c'])],
        ['c', new Set(['a'])],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
});
