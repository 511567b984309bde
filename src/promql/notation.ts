// promtool's test-file syntax: expanding series notation for input_series values, and series label selectors.
import type { Labels } from '../collect/model.js';
import { PromqlError } from './errors.js';
import { parseNumberLiteral } from './lexical.js';
import { parsePromql } from './parse.js';
import { unwrapParens } from './functions.js';

type SeriesValue = number | 'stale' | null;

const TIMES_RE = /^(.*?)x(\d+)$/;

function notationError(text: string, message: string): PromqlError {
  return new PromqlError(`bad series values ${JSON.stringify(text)}: ${message}`, 1, 1);
}

function parseValue(text: string, whole: string): number | 'stale' {
  if (text === 'stale') return 'stale';
  const v = parseNumberLiteral(text);
  if (v === null || text.trim() !== text || text === '')
    throw notationError(whole, `${JSON.stringify(text)} is not a number`);
  return v;
}

/** Splits `a+b` / `a-b` (b unsigned) where a may itself be signed or an exponent like 1e-3. */
function splitStep(text: string): [string, string] | null {
  for (let i = text.length - 1; i > 0; i--) {
    const c = text[i];
    if ((c === '+' || c === '-') && !/[eE]/.test(text[i - 1] as string)) return [text.slice(0, i), text.slice(i)];
  }
  return null;
}

/**
 * Expands `0+10x3` → 0 10 20 30, `1-2x2` → 1 -1 -3, `1x2` → 1 1 1, `_x3` → three missing samples, `_` (missing) and
 * `stale`; plain numbers are taken as they are. Accumulates by repeated addition like promtool does.
 */
export function expandSeriesNotation(text: string): (number | 'stale' | null)[] {
  const out: SeriesValue[] = [];
  for (const item of text
    .trim()
    .split(/\s+/)
    .filter((s) => s !== '')) {
    const times = TIMES_RE.exec(item);
    if (!times) {
      out.push(item === '_' ? null : parseValue(item, text));
      continue;
    }
    const [, head = '', countText = '0'] = times;
    const count = Number(countText);
    if (head === '_') {
      for (let i = 0; i < count; i++) out.push(null);
      continue;
    }
    const step = head === 'stale' ? null : splitStep(head);
    let start = parseValue(step ? step[0] : head, text);
    const increment = step ? (parseValue(step[1], text) as number) : 0;
    for (let i = 0; i <= count; i++) {
      out.push(start);
      if (start !== 'stale') start += increment;
    }
  }
  return out;
}

/** Parses a promtool series selector such as `up{job="a"}` or `{__name__="up",job="a"}` into its labels. */
export function parseSeriesLabels(text: string): Labels {
  if (/^\s*\{\s*\}\s*$/.test(text)) return {}; // an empty label set (e.g. the result of vector(1))
  const expr = unwrapParens(parsePromql(text));
  if (expr.kind !== 'vectorSelector') throw new PromqlError(`not a series selector: ${text}`, 1, 1);
  const labels: Record<string, string> = {};
  for (const m of expr.matchers) {
    if (m.type !== '=') throw new PromqlError(`series labels must use "=", got ${m.name}${m.type}"${m.value}"`, 1, 1);
    labels[m.name] = m.value;
  }
  return labels;
}
