// log_line_prefix → a regular expression that recognises the start of a message in the stderr format. Pure.
// Each escape (see PostgreSQL's "log_line_prefix") becomes a named group or a pattern; everything after %q is
// optional (non-session processes stop there). The severity that follows the prefix anchors the match, so lazy
// patterns for user/database names cannot swallow the message.

export interface PrefixFields {
  readonly timestamp?: string | undefined;
  readonly user?: string | undefined;
  readonly database?: string | undefined;
  readonly client?: string | undefined;
  readonly application?: string | undefined;
  readonly pid?: string | undefined;
  readonly sqlstate?: string | undefined;
}

export interface PrefixParser {
  /** Returns the prefix's fields, the severity and the message, or undefined for a continuation line. */
  parse(line: string): { fields: PrefixFields; severity: string; text: string } | undefined;
}

const TIMESTAMP = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z0-9+:\-]+)?`;
const LAZY = '.*?';

/** Escape letter → [pattern, group name or undefined]. */
const ESCAPES: Record<string, readonly [string, string | undefined]> = {
  a: [LAZY, 'application'],
  u: [LAZY, 'user'],
  d: [LAZY, 'database'],
  // %r is host(port): the group takes the host only.
  r: [String.raw`[^\s(]*?`, 'client'],
  h: [LAZY, 'client'],
  b: [LAZY, undefined],
  p: [String.raw`\d+`, 'pid'],
  P: [String.raw`\d*`, undefined],
  t: [TIMESTAMP, 'timestamp'],
  m: [TIMESTAMP, 'timestamp'],
  n: [String.raw`\d+(?:\.\d+)?`, 'timestamp'],
  i: [LAZY, undefined],
  e: ['[0-9A-Z]{5}', 'sqlstate'],
  c: [String.raw`[0-9a-f]+\.[0-9a-f]+`, undefined],
  l: [String.raw`\d+`, undefined],
  s: [TIMESTAMP, undefined],
  v: [String.raw`[\d/]*`, undefined],
  x: [String.raw`\d*`, undefined],
  Q: [String.raw`-?\d*`, undefined],
};

const SEVERITY =
  '(?<severity>DEBUG[1-5]|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC|DETAIL|HINT|CONTEXT|STATEMENT|QUERY|LOCATION)';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The regular expression source for `prefix`; throws on an unknown escape so a bad config names it. */
export function prefixPattern(prefix: string): string {
  let source = '';
  let optionalFrom = -1;
  const used = new Set<string>();
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i] as string;
    if (c !== '%') {
      source += escapeRegExp(c);
      continue;
    }
    // Padding (%-10u, %10p) pads with spaces: allow any around the value.
    const padding = /^-?\d+/.exec(prefix.slice(i + 1))?.[0] ?? '';
    i += padding.length + 1;
    const letter = prefix[i];
    if (letter === undefined) break;
    if (letter === '%') source += '%';
    else if (letter === 'q') optionalFrom = source.length;
    else {
      const escape = ESCAPES[letter];
      if (!escape) throw new Error(`log_line_prefix: unknown escape %${letter}`);
      const [pattern, group] = escape;
      let named = group && !used.has(group) ? `(?<${group}>${pattern})` : `(?:${pattern})`;
      if (group) used.add(group);
      if (letter === 'r') named += String.raw`(?:\(\d+\))?`;
      source += padding ? ` *${named} *` : named;
    }
  }
  if (optionalFrom >= 0) source = `${source.slice(0, optionalFrom)}(?:${source.slice(optionalFrom)})?`;
  return source;
}

/** A parser for lines written with `prefix` (the server's log_line_prefix). */
export function prefixParser(prefix: string): PrefixParser {
  const re = new RegExp(`^${prefixPattern(prefix)}${SEVERITY}:  (?<text>.*)$`, 's');
  return {
    parse(line) {
      const m = re.exec(line);
      if (!m?.groups) return undefined;
      const g = m.groups;
      return {
        fields: {
          timestamp: g.timestamp,
          user: g.user,
          database: g.database,
          client: g.client,
          application: g.application,
          pid: g.pid,
          sqlstate: g.sqlstate,
        },
        severity: g.severity as string,
        text: g.text as string,
      };
    },
  };
}
