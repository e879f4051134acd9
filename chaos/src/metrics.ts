/** One sample's value from a Prometheus text page (`name{labels} value`), 0 when absent. */
export function sample(page: string, series: string): number {
  for (const line of page.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return response.ok ? response.text() : '';
}
