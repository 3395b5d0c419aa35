// `npm run build`: bundles the production entry points (src/boot/server.ts, src/boot/cli.ts) into plain
// JavaScript in dist/, so production runs with `node` alone: no TypeScript loader, no esbuild
// child process, nothing compiled at start.
//
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only if dist/ is missing or older than its sources
//                                       (npm's prestart/preadmin: `npm ci && npm start` just works)
//
// Plain .mjs on purpose: it must run before anything is compiled. Packages stay external
// (node_modules is needed at run time anyway: better-sqlite3's native addon, htmx's files).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyPublic } from './minify.mjs';
import { requireNode } from './node-version.mjs';

// First: `npm start` and `npm run admin` run this before anything else (prestart, preadmin), so an
// old Node gets a sentence here rather than a crash later.
requireNode();

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');
const ENTRIES = ['server', 'cli'];
const INPUTS = ['src', 'public', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/minify.mjs', 'scripts/node-version.mjs'];

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

function isStale() {
  const outputs = ENTRIES.map((e) => newestMtime(path.join(OUT, `${e}.js`)));
  if (outputs.includes(0)) return true;
  // No src/ (a runtime image holds dist/ only): nothing to be stale against.
  if (!fs.existsSync(path.join(ROOT, 'src'))) return false;
  return Math.max(...INPUTS.map((p) => newestMtime(path.join(ROOT, p)))) > Math.min(...outputs);
}

// esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals
// (a '»' in src/), which would make V8 hold the whole bundle as two-byte text. \uXXXX means the
// same code unit in a regex literal as in a string.
const asciiOnly = (js) => js.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write(
      'holler: dist/ is missing or older than src/, and esbuild (a dev dependency) is not installed:\n' +
        '  run `npm ci` (without --omit=dev) and `npm run build`, then start again.\n',
    );
    process.exit(1);
  }
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    // src/boot/ checks the Node version, then loads src/server.ts or src/cli.ts (a chunk each).
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, `src/boot/${e}.ts`])),
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // What is imported with import() (nodemailer, used only when a mail is sent) becomes a chunk of
    // its own, loaded on first use rather than at every start.
    // The chunks sit beside the entries, in dist/ itself: code that finds its files from
    // import.meta.url (http/assets.ts reads dist/public) runs from a chunk since src/boot/.
    splitting: true,
    chunkNames: '[name]-[hash]',
    target: 'node22.12',
    // Dependencies are bundled too: one file to load instead of a few hundred modules to resolve
    // at every start. better-sqlite3 stays outside (it loads its native addon from its own folder).
    external: ['better-sqlite3'],
    // Bundled CommonJS packages call require() for Node's built-in modules; ESM has none.
    banner: { js: "import { createRequire as __holler_createRequire } from 'node:module'; const require = __holler_createRequire(import.meta.url);" },
    // Linked, not inline: stack traces stay readable with NODE_OPTIONS=--enable-source-maps, and
    // the server does not hold the map in memory otherwise.
    sourcemap: 'linked',
    // V8 keeps every script's source in memory, and a single non-ASCII character (a comment kept
    // from a dependency, a '»' in a regex) makes it two bytes per character: without whitespace
    // and comments, and with everything escaped to ASCII, the bundle's source costs a third as much.
    minifyWhitespace: true,
    charset: 'ascii',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  // The minified public files first: a bundle that finds dist/public reads every file from it.
  await minifyPublic(esbuild, path.join(ROOT, 'public'), path.join(OUT, 'public'));
  // Each file is written aside and renamed into place, so a server starting meanwhile (or a second
  // build racing this one, as parallel tests do) never loads half a file.
  // Chunks first, entry points last: an entry never names a chunk that is not there yet. Older
  // chunks are left in place: a server still running from the previous build may load one later.
  const isEntry = (f) => ENTRIES.some((e) => f.path.startsWith(path.join(OUT, `${e}.js`)));
  for (const file of [...result.outputFiles].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)))) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
    fs.renameSync(tmp, file.path);
  }
  process.stderr.write(`holler: built ${path.relative(ROOT, OUT)}/ (${ENTRIES.map((e) => `${e}.js`).join(', ')}, public/) in ${Date.now() - started} ms\n`);
}

if (!process.argv.includes('--if-stale') || isStale()) await build();
