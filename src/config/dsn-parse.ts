// libpq's two connection string forms, parsed into keyword → value fields. Written here rather than taken from
// pg-connection-string (pg's own parser), which has no keyword/value form, decodes the database name with decodeURI
// (so `sales+eu`, `a&b`, `x%2Fy` come out wrong) and lets fields parsed from a URL override explicit settings.
// Errors name the field and never echo a value: a value may be (part of) a password.

/** A connection string as libpq keywords (`host`, `port`, `dbname`, `user`, `password`, `sslmode`, ...). */
export interface ParsedDsn {
  readonly form: 'url' | 'keyword';
  /** `postgresql` or `postgres` for the URL form. */
  readonly scheme?: string;
  readonly params: ReadonlyMap<string, string>;
}

/** A connection string that cannot be used; `field` names the part (`port`, `host`, a keyword). */
export class DsnError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DsnError';
  }
}

const URL_SCHEME = /^(postgres(?:ql)?):\/\//i;

export function isUrlDsn(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

export function parseDsn(text: string): ParsedDsn {
  const dsn = text.trim();
  if (dsn === '') throw new DsnError('dsn', 'is empty');
  return isUrlDsn(dsn) ? parseUrlDsn(dsn) : { form: 'keyword', params: parseKeywordDsn(dsn) };
}

function decode(part: string, field: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DsnError(field, 'is not valid percent-encoding (write % as %25)');
  }
}

/**
 * `postgresql://[user[:password]@][host][:port][/dbname][?keyword=value&...]`, each part percent-decoded. The user
 * information ends at the last `@` before the first `/`, so an unencoded `@` in a password still parses (libpq takes
 * the first); a `/`, `?` or `#` in a password must be percent-encoded, as in libpq.
 */
function parseUrlDsn(dsn: string): ParsedDsn {
  const scheme = URL_SCHEME.exec(dsn);
  if (!scheme) throw new DsnError('url', 'the scheme must be postgresql:// or postgres://');
  const params = new Map<string, string>();
  let rest = dsn.slice(scheme[0].length);
  if (rest.includes('#')) throw new DsnError('url', 'has a "#" (percent-encode it as %23)');
  const queryAt = rest.indexOf('?');
  const query = queryAt >= 0 ? rest.slice(queryAt + 1) : '';
  rest = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const pathAt = rest.indexOf('/');
  const userEnd = rest.lastIndexOf('@', pathAt >= 0 ? pathAt : rest.length);
  if (userEnd >= 0) {
    const userinfo = rest.slice(0, userEnd);
    const colon = userinfo.indexOf(':');
    const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, 'user');
    if (user) params.set('user', user);
    if (colon >= 0) params.set('password', decode(userinfo.slice(colon + 1), 'password'));
    rest = rest.slice(userEnd + 1);
  }
  const slash = rest.indexOf('/');
  const hostport = slash >= 0 ? rest.slice(0, slash) : rest;
  if (slash >= 0 && rest.length > slash + 1) params.set('dbname', decode(rest.slice(slash + 1), 'dbname'));
  parseHostPort(hostport, params);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new DsnError('url', 'a query parameter is not keyword=value');
    params.set(decode(pair.slice(0, eq), 'url').toLowerCase(), decode(pair.slice(eq + 1), pair.slice(0, eq)));
  }
  return { form: 'url', scheme: (scheme[1] as string).toLowerCase(), params };
}

function parseHostPort(hostport: string, params: Map<string, string>): void {
  if (hostport === '') return;
  if (hostport.includes(',')) throw new DsnError('host', 'several hosts in one URL are not supported');
  let host: string;
  let port: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) throw new DsnError('host', 'an IPv6 address in [ ] is not closed');
    host = hostport.slice(1, close);
    const after = hostport.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) throw new DsnError('host', 'unexpected text after the IPv6 address');
    port = after === '' ? undefined : after.slice(1);
  } else {
    const colon = hostport.lastIndexOf(':');
    host = colon >= 0 ? hostport.slice(0, colon) : hostport;
    port = colon >= 0 ? hostport.slice(colon + 1) : undefined;
    if (host.includes(':')) throw new DsnError('host', 'an IPv6 address must be written in [ ]');
  }
  if (host !== '') params.set('host', decode(host, 'host'));
  if (port !== undefined && port !== '') params.set('port', port);
}

/**
 * libpq's keyword/value form: `host=db port=5432 password='a b\'c'`. White space may surround `=`; a value is
 * single-quoted (with `\'` and `\\`) or runs to the next white space (where `\` also escapes).
 */
export function parseKeywordDsn(dsn: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  const skipSpace = () => {
    while (i < dsn.length && /\s/.test(dsn[i] as string)) i += 1;
  };
  while (true) {
    skipSpace();
    if (i >= dsn.length) return params;
    const start = i;
    while (i < dsn.length && /[A-Za-z0-9_]/.test(dsn[i] as string)) i += 1;
    const keyword = dsn.slice(start, i).toLowerCase();
    if (keyword === '' || (i < dsn.length && !/[\s=]/.test(dsn[i] as string)))
      throw new DsnError('dsn', 'expected keyword=value (is this a URL without its scheme?)');
    skipSpace();
    if (dsn[i] !== '=') throw new DsnError(keyword, 'has no "=value"');
    i += 1;
    skipSpace();
    let value = '';
    if (dsn[i] === "'") {
      i += 1;
      while (i < dsn.length && dsn[i] !== "'") {
        if (dsn[i] === '\\' && i + 1 < dsn.length) i += 1;
        value += dsn[i];
        i += 1;
      }
      if (i >= dsn.length) throw new DsnError(keyword, 'has an unterminated quoted value');
      i += 1;
    } else {
      while (i < dsn.length && !/\s/.test(dsn[i] as string)) {
        if (dsn[i] === '\\' && i + 1 < dsn.length) i += 1;
        value += dsn[i];
        i += 1;
      }
    }
    params.set(keyword, value);
  }
}
