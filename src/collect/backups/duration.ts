// Prometheus duration syntax (`30d`, `1h30m`, `500ms`): units from largest to smallest, each at most once.
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|y|w|d|h|m|s)/y;

/** Seconds in a Prometheus duration, or undefined when the text is not one. */
export function parsePromDurationSeconds(text: string): number | undefined {
  if (text === '0') return 0;
  PART.lastIndex = 0;
  let total = 0;
  let lastUnit = -1;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return undefined;
    const unitIndex = UNIT_ORDER.indexOf(match[2]!);
    if (unitIndex <= lastUnit) return undefined;
    lastUnit = unitIndex;
    total += Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  }
  return lastUnit === -1 ? undefined : total;
}
