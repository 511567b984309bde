// Prometheus 2.x's lexer accepts a few spellings the editor grammar (@prometheus-io/lezer-promql, written for 3.x)
// does not: `0X1f`, `5.`, `1.e3`, `offset` used as a metric name, and the function holt_winters (3.x renamed it).
// Rather than fork the grammar, these are rewritten before parsing into text of the same length, so that every
// error position still points into the user's text; `renamed` tells the converter the real names.
// (Hand-written: a small scanner that knows strings and comments, so nothing inside them is touched.)

const IDENT_START = /[A-Za-z_:]/;
const IDENT_CHAR = /[A-Za-z0-9_:]/;
/** Tokens after which an operand (not a postfix modifier) is expected. */
const OPERAND_AFTER = new Set([
  '',
  '(',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '=',
  '<',
  '>',
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
]);
const PLACEHOLDER = 'o_f_s_';
/** A function the grammar knows with the same length and argument-free parse as holt_winters. */
const HOLT_WINTERS_STANDIN = 'day_of_month';

export interface NormalizedSource {
  text: string;
  /** Positions of metric or function names replaced by a stand-in, with the real name. */
  renamed: Map<number, string>;
}

export function normalizeSource(source: string): NormalizedSource {
  const out = source.split('');
  const renamed = new Map<number, string>();
  let previous = ''; // the previous significant token (operators as their last character)
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i);
      previous = 'string';
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const end = rewriteNumber(source, i, out);
      previous = 'number';
      i = end;
      continue;
    }
    if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < source.length && IDENT_CHAR.test(source[end] as string)) end++;
      const word = source.slice(i, end);
      if (word === 'holt_winters' && /^\s*\(/.test(source.slice(end))) {
        renamed.set(i, word);
        for (let k = 0; k < word.length; k++) out[i + k] = HOLT_WINTERS_STANDIN[k] as string;
        previous = 'identifier';
      } else if (word.toLowerCase() === 'offset' && OPERAND_AFTER.has(previous)) {
        renamed.set(i, word);
        for (let k = 0; k < word.length; k++) out[i + k] = PLACEHOLDER[k] as string;
        previous = 'identifier';
      } else previous = word.toLowerCase();
      i = end;
      continue;
    }
    previous = c;
    i++;
  }
  return { text: out.join(''), renamed };
}

function skipString(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\' && quote !== '`') i++;
    i++;
  }
  return i + 1;
}

/** Scans a number the way Prometheus's scanNumber does and rewrites `0X` and a bare trailing `.` in `out`. */
function rewriteNumber(source: string, start: number, out: string[]): number {
  let i = start;
  let digits = /[0-9]/;
  if (source[i] === '0' && (source[i + 1] === 'x' || source[i + 1] === 'X')) {
    out[i + 1] = 'x';
    i += 2;
    digits = /[0-9a-fA-F]/;
  }
  while (i < source.length && digits.test(source[i] as string)) i++;
  if (source[i] === '.') {
    const dot = i;
    i++;
    const fractionStart = i;
    while (i < source.length && digits.test(source[i] as string)) i++;
    if (i === fractionStart && !IDENT_CHAR.test(source[i] ?? '') && dot > start) out[dot] = ' ';
    else if (i === fractionStart && /[eE]/.test(source[i] ?? '') && dot > start) {
      // `1.e3` → `1e3 `: move the exponent one place left, pad at the end.
      let end = i + 1;
      if (/[+-]/.test(source[end] ?? '')) end++;
      while (end < source.length && /[0-9]/.test(source[end] as string)) end++;
      for (let k = dot; k < end - 1; k++) out[k] = source[k + 1] as string;
      out[end - 1] = ' ';
      return end;
    }
  }
  if (/[eE]/.test(source[i] ?? '') && digits.source === '[0-9]') {
    i++;
    if (/[+-]/.test(source[i] ?? '')) i++;
    while (i < source.length && /[0-9]/.test(source[i] as string)) i++;
  }
  return i;
}
