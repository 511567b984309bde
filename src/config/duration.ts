// Prometheus duration syntax: units in descending order, each at most once: 1y2w3d4h5m6s7ms; "0" alone is zero.

const UNIT_MS: ReadonlyArray<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Parses a Prometheus duration into milliseconds; returns undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = DURATION_RE.exec(text);
  if (!match || text === '') return undefined;
  let total = 0;
  UNIT_MS.forEach(([, ms], i) => {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part) * ms;
  });
  return total;
}

/** Formats milliseconds the way Prometheus prints durations (largest units first, `0s` for zero). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNIT_MS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
