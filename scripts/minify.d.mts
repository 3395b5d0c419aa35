// Types for scripts/minify.mjs (plain JavaScript: it runs before anything is compiled).
export function minifyPublic(esbuild: Pick<typeof import('esbuild'), 'transform'>, from: string, to: string): Promise<void>;
