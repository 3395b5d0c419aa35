/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), as a scraper would
 * read /metrics: every line is a HELP, a TYPE, a sample or empty (the format ignores those); every sample belongs to a family whose
 * TYPE came first; names, labels and values have the format's syntax; no series twice. Any
 * deviation throws, naming the line.
 */
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// Prometheus reads values with Go's strconv.ParseFloat: NaN and Inf in any case (prom-client writes "Nan").
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[nN][aA][nN]|[+-][iI][nN][fF])';
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL}(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export type Scrape = {
  types: Map<string, string>;
  /** The value of one series, e.g. value('holler_posts_refused_total', { reason: 'rate' }); undefined when absent. */
  value: (name: string, labels?: Record<string, string>) => number | undefined;
};

const seriesKey = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;

export function parsePrometheus(text: string): Scrape {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const series = new Map<string, number>();
  text.slice(0, -1).split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type) {
        if (types.has(type[1]!)) throw new Error(`TYPE given twice, ${where}`);
        types.set(type[1]!, type[2]!);
      } else if (!HELP.exec(line)) throw new Error(`not a HELP or TYPE comment, ${where}`);
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample, ${where}`);
    const name = m[1]!;
    const family = [...types.entries()].find(([f, t]) => f === name || (SUFFIXES[t] ?? []).some((s) => name === f + s));
    if (!family) throw new Error(`sample before its TYPE, ${where}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').slice(1, -1).matchAll(new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, 'g'))) {
      if (l[1]! in labels) throw new Error(`label ${l[1]} twice, ${where}`);
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch));
    }
    const key = seriesKey(name, labels);
    if (series.has(key)) throw new Error(`series twice, ${where}`);
    const v = m[3]!;
    const lower = v.toLowerCase();
    series.set(key, lower === 'nan' ? NaN : lower.endsWith('inf') ? (v.startsWith('-') ? -Infinity : Infinity) : Number(v));
  });
  return { types, value: (name, labels = {}) => series.get(seriesKey(name, labels)) };
}
