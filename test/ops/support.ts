/**
 * Reading Prometheus's text format in tests: each sample by a key of its name and its labels in
 * name order, `name{a="x",b="y"}`, so tests compare exact values without caring how prom-client
 * orders labels.
 */

export type Samples = Map<string, number>;

/** `name{a="x",b="y"}` with the labels sorted by name; `name` alone without labels. */
export function key(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, value]) => `${label}="${value}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1]!, m[2]!]));
    samples.set(key(match[1]!, labels), Number(match[3]));
  }
  return samples;
}

export async function scrape(url: string): Promise<Samples> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** The samples of the named families (a sample belongs to a family when its name is the family's) that changed from `before` to `after`, with by how much. */
export function changes(before: Samples, after: Samples, families: readonly string[]): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [name, value] of after) {
    const family = name.replace(/\{.*$/, '');
    if (!families.includes(family)) continue;
    const by = value - (before.get(name) ?? 0);
    if (by !== 0) changed[name] = by;
  }
  return changed;
}

/** /metrics, /readyz or /healthz beside a gateway's /graphql. */
export function beside(graphqlUrl: string, path: string): string {
  return graphqlUrl.replace(/\/graphql$/, path);
}
