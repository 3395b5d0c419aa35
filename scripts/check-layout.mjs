#!/usr/bin/env node
// The layout rules any reader can re-check (`npm run check:layout`): no import cycles in src/,
// no import of an entry point (server, cli, app) from inside src/, feature folders that never
// import each other where the architecture says so, no file over 250 lines, at most 8 files
// directly in src/. Exits 1 with every problem listed.
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../src');
const MAX_LINES = 250;
const MAX_TOP_FILES = 8;
const ENTRY_POINTS = new Set(['server.ts', 'cli.ts', 'app.ts', 'boot/server.ts', 'boot/cli.ts'].map((f) => path.join(SRC, f)));
// Pairs of folders that must not import each other (either way).
const APART = [['widget', 'moderation'], ['widget', 'api'], ['moderation', 'api'], ['notify', 'widget'], ['notify', 'moderation']];

const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.tsx?$/.test(e.name)) files.push(p);
  }
})(SRC);

const problems = [];
const graph = new Map();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) problems.push(`${path.relative(SRC, f)}: ${lines} lines (max ${MAX_LINES})`);
  const deps = [];
  for (const m of text.matchAll(IMPORT)) {
    // Type-only imports vanish at run time but still tie modules together: count them too.
    const target = path.resolve(path.dirname(f), m[1] ?? m[2]);
    deps.push(target);
    if (ENTRY_POINTS.has(target) && f !== target && !ENTRY_POINTS.has(f)) {
      problems.push(`${path.relative(SRC, f)} imports the entry point ${path.relative(SRC, target)}`);
    }
    const [a, b] = [path.relative(SRC, f).split(path.sep)[0], path.relative(SRC, target).split(path.sep)[0]];
    if (APART.some(([x, y]) => (a === x && b === y) || (a === y && b === x))) {
      problems.push(`${path.relative(SRC, f)} imports ${path.relative(SRC, target)} (${a}/ and ${b}/ stay apart)`);
    }
  }
  graph.set(f, deps);
}

const top = fs.readdirSync(SRC).filter((n) => fs.statSync(path.join(SRC, n)).isFile());
if (top.length > MAX_TOP_FILES) problems.push(`${top.length} files directly in src/ (max ${MAX_TOP_FILES}): ${top.join(', ')}`);

// Cycles: depth-first search, reporting each cycle once by its sorted member list.
const seen = new Set();
const state = new Map();
const stack = [];
function visit(f) {
  state.set(f, 1);
  stack.push(f);
  for (const d of graph.get(f) ?? []) {
    if (!graph.has(d)) continue;
    if (state.get(d) === 1) {
      const cycle = stack.slice(stack.indexOf(d)).map((p) => path.relative(SRC, p));
      const key = [...cycle].sort().join('|');
      if (!seen.has(key)) { seen.add(key); problems.push(`import cycle: ${[...cycle, cycle[0]].join(' -> ')}`); }
    } else if (!state.has(d)) visit(d);
  }
  stack.pop();
  state.set(f, 2);
}
for (const f of files) if (!state.has(f)) visit(f);

if (problems.length) {
  console.error(`layout: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`layout: ok (${files.length} files, ${top.length} at the top of src/, no cycles, none over ${MAX_LINES} lines)`);
