// Minified copies of our own scripts and styles (public/*.js, *.css) for production: `npm run
// build` writes them to dist/public, where the bundled server reads them (src/http/assets.ts).
// Every visitor's first view pays for each byte (issue 13: ≤ 20 KB compressed), and public/ is
// written to be read. esbuild, already our bundler, shortens local names and drops whitespace.
//
// Plain .mjs, like build.mjs: it runs before anything is compiled. Tests call it too, to weigh
// the first view as production serves it.
import fs from 'node:fs';
import path from 'node:path';

/** Writes a minified copy of every .js and .css file in `from` to `to`; each lands whole (rename). */
export async function minifyPublic(esbuild, from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    const ext = path.extname(name);
    if (ext !== '.js' && ext !== '.css') continue;
    const { code } = await esbuild.transform(fs.readFileSync(path.join(from, name), 'utf8'), {
      loader: ext.slice(1),
      minify: true,
      // Our scripts run in the browsers htmx 4 supports; no syntax newer than they know.
      target: ext === '.js' ? 'es2020' : undefined,
      charset: 'utf8',
      legalComments: 'none',
    });
    const file = path.join(to, name);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  }
}
