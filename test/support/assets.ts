/**
 * Our scripts and styles as production serves them: minified by the same step as `npm run build`
 * (scripts/minify.mjs), once per test worker. Browser tests and the first-view weight use these,
 * so what they check is what ships.
 */
import * as esbuild from 'esbuild';
import path from 'node:path';
import { minifyPublic } from '../../scripts/minify.mjs';
import { ROOT_DIR } from '../../src/config.ts';
import { loadAssets, type Assets } from '../../src/http/assets.ts';
import { tempDir } from './app.ts';

let built: Promise<Assets> | undefined;

export function builtAssets(): Promise<Assets> {
  built ??= (async () => {
    const dir = tempDir('holler-public-');
    await minifyPublic(esbuild, path.join(ROOT_DIR, 'public'), dir);
    return loadAssets(dir);
  })();
  return built;
}
