// Types for scripts/node-version.mjs (plain JavaScript: it must run on any Node, even too old a one).
export const MIN_NODE: [number, number];
export function nodeTooOld(version?: string): string | null;
export function requireNode(): void;
