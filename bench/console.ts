// The web console's pages at a bench scale: each page fetched in turn, timed to the last byte (issue 17: under 200 ms
// at the large scale). The agent keeps collecting meanwhile, as in real use.
import { quantile, scrape, sleep } from './measure.js';

export const CONSOLE_PAGES = [
  '/',
  '/targets/bench',
  '/alerts',
  '/silences',
  '/rules',
  '/notifications',
  '/backups',
  '/query?expr=pg_up',
  '/console/api/graph?expr=pg_up&range=15m',
];
const ROUNDS = 10;

export interface PageTiming {
  readonly scale: string;
  readonly page: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly bytes: number;
}

export async function measureConsole(scale: string, base: string): Promise<PageTiming[]> {
  const times = new Map<string, number[]>(CONSOLE_PAGES.map((p) => [p, []]));
  const bytes = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const page of CONSOLE_PAGES) {
      const result = await scrape(`${base}${page}`);
      times.get(page)?.push(result.ms);
      bytes.set(page, result.bytes);
    }
    await sleep(300);
  }
  return CONSOLE_PAGES.map((page) => {
    const ms = times.get(page) ?? [];
    return { scale, page, medianMs: quantile(ms, 0.5), maxMs: Math.max(...ms), bytes: bytes.get(page) ?? 0 };
  });
}

export function consoleTable(rows: readonly PageTiming[]): string {
  const lines = rows.map(
    (r) => `| ${r.scale} | \`${r.page}\` | ${r.medianMs.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.bytes} |`,
  );
  return ['| scale | console page | median ms | max ms | bytes |', '| --- | --- | --- | --- | --- |', ...lines].join(
    '\n',
  );
}
