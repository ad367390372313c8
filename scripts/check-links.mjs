// Checks that every relative link in README.md and docs/*.md resolves to a file, and every #anchor to a heading.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = process.argv[2] ?? '.';
const files = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const slug = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchorsOf = (path) => {
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1])));
};
let broken = 0;
let checked = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    checked++;
    const [path, anchor] = target.split('#');
    const resolved = path ? resolve(root, dirname(file), path) : resolve(root, file);
    if (!existsSync(resolved)) {
      console.log(`${file}: ${target}: no such file`);
      broken++;
      continue;
    }
    if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
      console.log(`${file}: ${target}: no heading #${anchor}`);
      broken++;
    }
  }
}
console.log(`${files.length} files, ${checked} relative links, ${broken} broken`);
process.exit(broken ? 1 : 0);
