// label_replace and label_join: they rewrite labels and, unlike other functions, keep the metric name.
import type { Labels } from '../collect/model.js';
import { evalError } from './errors.js';
import { anchoredRegex } from './matchers.js';
import type { Re2 } from './re2.js';
import { withLabel } from './labels.js';
import type { Sample } from './values.js';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A match's groups by number and by name (a JavaScript exec result, re2js's included). */
export interface GroupMatch {
  readonly [index: number]: string | undefined;
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; a `$name` takes the longest [A-Za-z0-9_] run. */
export function expandTemplate(template: string, match: GroupMatch): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string | undefined;
    let end = i + 1;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        end = close + 1;
      }
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (m) {
        name = m[0];
        end = i + 1 + name.length;
      }
    }
    if (name === undefined) {
      out += '$'; // Go keeps a malformed `$` literally.
      continue;
    }
    out += groupValue(match, name);
    i = end - 1;
  }
  return out;
}

function groupValue(match: GroupMatch, name: string): string {
  if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
  return match.groups?.[name] ?? '';
}

export function labelReplace(
  samples: Sample[],
  dst: string,
  replacement: string,
  src: string,
  regex: string,
): Sample[] {
  let re: Re2;
  try {
    re = anchoredRegex(regex);
  } catch {
    throw evalError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!LABEL_NAME_RE.test(dst)) throw evalError(`invalid destination label name in label_replace(): ${dst}`);
  // The expansion per distinct source value: a fleet's samples repeat a few values (often ""), and the RE2 port
  // costs tens of microseconds per match.
  const expanded = new Map<string, string | null>();
  return samples.map((s) => {
    const value = s.metric[src] ?? '';
    let to = expanded.get(value);
    if (to === undefined) {
      const m = re.exec(value) as GroupMatch | null;
      expanded.set(value, (to = m ? expandTemplate(replacement, m) : null));
    }
    if (to === null) return s;
    return { metric: withLabel(s.metric, dst, to), value: s.value };
  });
}

export function labelJoin(samples: Sample[], dst: string, separator: string, srcLabels: string[]): Sample[] {
  for (const src of srcLabels) {
    if (!LABEL_NAME_RE.test(src)) throw evalError(`invalid source label name in label_join(): ${src}`);
  }
  if (!LABEL_NAME_RE.test(dst)) throw evalError(`invalid destination label name in label_join(): ${dst}`);
  return samples.map((s) => {
    const joined = srcLabels.map((l) => s.metric[l] ?? '').join(separator);
    return { metric: withLabel(s.metric, dst, joined) as Labels, value: s.value };
  });
}
