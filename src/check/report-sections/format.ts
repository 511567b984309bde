// Numbers as an operator reads them in a report line. Written here rather than reusing the rule templates' humanize
// functions: those follow Go's formatting for template parity, a report wants short fixed shapes ("3d 4h", "1.2 GiB").

/** `1.2s`, `42s`, `12m 5s`, `3h 4m`, `20d 3h`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, seconds);
  if (s < 10) return `${Number(s.toFixed(s < 1 ? 3 : 1))}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const whole = Math.round(s);
  const days = Math.floor(whole / 86400);
  const hours = Math.floor((whole % 86400) / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes ? `${hours}h ${minutes}m` : `${hours}h`;
  const rest = whole % 60;
  return rest ? `${minutes}m ${rest}s` : `${minutes}m`;
}

/** Milliseconds for statement times: `0.42ms`, `12ms`, `1.5s`, then as formatSeconds. */
export function formatMillis(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1) return `${Number(ms.toFixed(3))}ms`;
  if (ms < 1000) return `${Number(ms.toPrecision(3))}ms`;
  return formatSeconds(ms / 1000);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `512 B`, `8.0 KiB`, `1.2 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  let v = Math.max(0, bytes);
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${UNITS[unit]}`;
}

/** `12,345` (thousands grouped, so row counts read at a glance). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  return Math.round(n).toLocaleString('en-US');
}

/** `23%` from a ratio. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '?';
  const p = ratio * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}
