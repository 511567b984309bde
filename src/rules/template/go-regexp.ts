// Go (RE2) regular expressions and replacement templates, translated to JavaScript for reReplaceAll and match.
// RE2 is mostly a subset of JavaScript's syntax; the differences alert templates meet are named groups `(?P<n>…)`,
// leading flag groups `(?i)`, `\z`, and Go's `$1` / `${1}` / `$name` replacement expansion.
import { TemplateFunctionError } from './humanize.js';

export function goRegExp(pattern: string, extraFlags = ''): RegExp {
  let source = pattern;
  let flags = extraFlags;
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    source = source.slice(leading[0].length);
    for (const flag of leading[1] ?? '') if (flag !== 'U' && !flags.includes(flag)) flags += flag;
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new TemplateFunctionError(`error parsing regexp: ${(error as Error).message}`);
  }
}

/**
 * Go's Regexp.Expand for a replacement: `$1`, `${1}`, `$name`, `${name}`, `$$`. A name is the longest run of
 * letters, digits and underscores, so `$1x` refers to a group named "1x" (empty), as in Go.
 * `groups` are the arguments JavaScript passes to a replace callback.
 */
export function expandGoReplacement(template: string, groups: unknown[]): string {
  const last = groups[groups.length - 1];
  const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
  const numbered = groups.slice(0, typeof last === 'object' && last !== null ? -3 : -2);
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (whole, _all, braced?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      if (/^\d+$/.test(name)) {
        const value = numbered[Number(name)];
        return typeof value === 'string' ? value : '';
      }
      return named[name] ?? '';
    },
  );
}
