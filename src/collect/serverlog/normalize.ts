// Statements and message text as they may be shown: literals replaced by `?`, comments dropped, white space folded,
// and a password after PASSWORD never shown anywhere. Pure. A single left-to-right scan rather than a chain of
// regular expressions, so that a quote inside a comment or a `--` inside a string cannot confuse the next step.

const MAX_NORMALIZED = 2000;

function dollarTagAt(sql: string, i: number): string | undefined {
  const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
  return m?.[0];
}

const IDENT_CHAR = /[A-Za-z0-9_$]/;

/** The statement with every literal (string, dollar-quoted, numeric) replaced by `?`; lists of them become `(?)`. */
export function normalizeStatement(sql: string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
    } else if (
      c === "'" ||
      ((c === 'E' || c === 'e' || c === 'B' || c === 'b' || c === 'X' || c === 'x') &&
        next === "'" &&
        !IDENT_CHAR.test(sql[i - 1] ?? ' '))
    ) {
      i = c === "'" ? i + 1 : i + 2;
      for (; i < n; i++) {
        if (sql[i] === '\\' && c !== "'") i++;
        else if (sql[i] === "'") {
          if (sql[i + 1] === "'") i++;
          else break;
        }
      }
      i++;
      out += '?';
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '$' && !IDENT_CHAR.test(sql[i - 1] ?? ' ') && dollarTagAt(sql, i)) {
      const tag = dollarTagAt(sql, i) as string;
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? n : end + tag.length;
      out += '?';
    } else if (/[0-9]/.test(c) && !IDENT_CHAR.test(sql[i - 1] ?? ' ') && sql[i - 1] !== '.') {
      const m = /^(?:0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)/.exec(sql.slice(i, i + 64));
      i += m?.[0].length ?? 1;
      out += '?';
    } else if (c === '.' && /[0-9]/.test(next ?? '') && !IDENT_CHAR.test(sql[i - 1] ?? ' ')) {
      const m = /^\.[0-9_]+(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i, i + 64));
      i += m?.[0].length ?? 1;
      out += '?';
    } else if (/\s/.test(c)) {
      out += ' ';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  const folded = out
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, '(?)')
    .trim();
  return folded.length > MAX_NORMALIZED ? `${folded.slice(0, MAX_NORMALIZED)}…` : folded;
}

const PASSWORD_VALUE = /(\bPASSWORD\s+)(?:[EeUu]&?)?('(?:[^'\\]|''|\\.)*'?|\$([A-Za-z_]*)\$[\s\S]*?(?:\$\3\$|$))/gi;

/** Any text with the value after PASSWORD (CREATE/ALTER ROLE/USER ... PASSWORD '...') masked. */
export function maskPasswords(text: string): string {
  return text.replace(PASSWORD_VALUE, "$1'***'");
}

/** Messages that carry a statement after a keyword ("statement: ", "execute S_1: ") with it normalized. */
export function maskMessage(message: string): string {
  const m = /^((?:duration: [\d.]+ ms\s+)?(?:statement|execute [^:]*|parse [^:]*|bind [^:]*): )([\s\S]*)$/.exec(
    message,
  );
  if (m) return `${m[1]}${normalizeStatement(m[2] as string)}`;
  return maskPasswords(message);
}
