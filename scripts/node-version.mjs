// The oldest Node Holler runs on, checked before anything native is loaded: on an older Node
// (Debian's and Ubuntu's own are often 18 or 20) better-sqlite3's addon crashes the process
// (`Segmentation fault`, exit 139) without a word. Plain JavaScript that any Node parses: it runs
// in `npm start`'s prestart (through scripts/build.mjs) and first in dist/server.js and
// dist/cli.js (src/boot/). Keep it in step with "engines" in package.json.
export const MIN_NODE = [22, 12];

/** The sentence for a Node older than MIN_NODE, or null when this one will do. */
export function nodeTooOld(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  if (major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])) return null;
  return `Holler needs Node ${MIN_NODE.join('.')} or later (this is ${major}.${minor}). Run \`source scripts/node24.sh\` or install Node 24 LTS.`;
}

/** Exits 1 with the sentence on a Node too old for Holler. */
export function requireNode() {
  const problem = nodeTooOld();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
