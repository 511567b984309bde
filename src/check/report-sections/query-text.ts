// Statement text for a report line: literals replaced by `?`, comments dropped, white space collapsed, capped.
// Hand-written (a scanner, not a parser): a report only needs literals gone, which a full SQL parser (a native
// dependency) would do no better, and it must also cope with text cut off mid-literal (track_activity_query_size).
// pg_stat_statements normalizes plannable statements itself, but not utility statements: `ALTER ROLE x PASSWORD
// '...'` is stored verbatim, so its literal is masked here too.

const IDENT = /[A-Za-z0-9_$]/;

/** The position after a quoted literal starting at `start` (the opening quote); `backslash` for E'' strings. */
function endOfQuoted(text: string, start: number, quote: string, backslash: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return text.length;
}

/** `$tag$` at `start`, or undefined when the `$` starts no dollar quote (a `$1` parameter). */
function dollarTag(text: string, start: number): string | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(start, start + 64));
  return match?.[0];
}

/** The text with every literal as `?`; comments become a space. */
export function maskLiterals(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const prev = out[out.length - 1] ?? ' ';
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      out += ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (c === "'") {
      // E'...' and e'...' allow backslash escapes; B'', X'', U&'' are literals like any other.
      const escaped = /[eE]$/.test(out) && !IDENT.test(out[out.length - 2] ?? ' ');
      if (/[eEbBxX]$/.test(out) && !IDENT.test(out[out.length - 2] ?? ' ')) out = out.slice(0, -1);
      else if (/[uU]&$/.test(out)) out = out.slice(0, -2);
      i = endOfQuoted(text, i, "'", escaped);
      out += '?';
    } else if (c === '"') {
      const end = endOfQuoted(text, i, '"', false);
      out += text.slice(i, end);
      i = end;
    } else if (c === '$' && !IDENT.test(prev) && dollarTag(text, i)) {
      const tag = dollarTag(text, i) as string;
      const end = text.indexOf(tag, i + tag.length);
      i = end < 0 ? text.length : end + tag.length;
      out += '?';
    } else if (/[0-9]/.test(c) && !IDENT.test(prev)) {
      const match = /^(0x[0-9a-f_]+|\d[\d_]*\.?\d*(e[+-]?\d+)?)/i.exec(text.slice(i)) as RegExpExecArray;
      i += Math.max(1, match[0].length);
      out += '?';
    } else if (c === '.' && /[0-9]/.test(text[i + 1] ?? '') && !IDENT.test(prev)) {
      const match = /^\.\d+(e[+-]?\d+)?/i.exec(text.slice(i)) as RegExpExecArray;
      i += match[0].length;
      out += '?';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** One line of at most `maxLength` characters: literals masked, white space collapsed, `…` where it was cut. */
export function reportQueryText(text: string, maxLength = 120): string {
  const line = maskLiterals(text).replace(/\s+/g, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength - 1).trimEnd()}…`;
}
