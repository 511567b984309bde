// Prometheus/Alertmanager duration syntax (`30s`, `5m`, `1h30m`), so pasted Alertmanager configs parse unchanged.

const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Parses a Prometheus duration into milliseconds; throws on anything else (including the empty string). */
export function parseDurationMs(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = DURATION.exec(trimmed);
  if (!match || trimmed === '') throw new Error(`invalid duration "${text}" (expected e.g. 30s, 5m, 1h30m)`);
  let total = 0;
  UNITS.forEach((unit, index) => {
    const value = match[index + 1];
    if (value !== undefined) total += Number(value) * (UNIT_MS[unit] ?? 0);
  });
  return total;
}
