// The response headers a web config may set, as in Prometheus's exporter-toolkit: a fixed list of security headers,
// some with an enumerated value. Anything else (Content-Type, Set-Cookie, WWW-Authenticate, Access-Control-*, ...) is
// refused, so a config file cannot weaken or confuse what the agent itself sends.

/** Canonical header name → allowed values (undefined: any value). */
const CONFIGURABLE_HEADERS: ReadonlyMap<string, readonly string[] | undefined> = new Map([
  ['Strict-Transport-Security', undefined],
  ['X-Content-Type-Options', ['nosniff']],
  ['X-Frame-Options', ['deny', 'sameorigin']],
  ['X-XSS-Protection', undefined],
  ['Content-Security-Policy', undefined],
]);

export type HeaderCheck = { ok: true; name: string } | { ok: false; message: string };

/** Whether `name: value` may be configured; on success gives the header's canonical name. */
export function checkConfiguredHeader(name: string, value: string): HeaderCheck {
  const canonical = [...CONFIGURABLE_HEADERS.keys()].find((h) => h.toLowerCase() === name.toLowerCase());
  if (canonical === undefined) {
    const allowed = [...CONFIGURABLE_HEADERS.keys()].join(', ');
    return { ok: false, message: `header "${name}" cannot be configured (allowed: ${allowed})` };
  }
  const values = CONFIGURABLE_HEADERS.get(canonical);
  if (values && !values.includes(value)) {
    return { ok: false, message: `invalid value "${value}" for ${canonical} (expected one of: ${values.join(', ')})` };
  }
  if (/[\r\n]/.test(value)) return { ok: false, message: `the value of ${canonical} must be one line` };
  return { ok: true, name: canonical };
}
