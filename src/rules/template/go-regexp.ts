// Go (RE2) regular expressions and replacement templates, translated to JavaScript for reReplaceAll and match: the
// RE2 syntax translation is the PromQL engine's (named groups, inline flags), plus `\z`; and Go's `$1` / `${1}` /
// `$name` replacement expansion.
import { translateRe2 } from '../../promql/re2.js';
import { TemplateFunctionError } from './humanize.js';

// RE2's wording for the syntax errors JavaScript reports differently.
const RE2_REASONS: Record<string, string> = {
  'Unterminated group': 'missing closing )',
  "Unmatched ')'": 'unexpected )',
  'Unterminated character class': 'missing closing ]',
  'Nothing to repeat': 'missing argument to repetition operator',
};

/** Compiles like Go's regexp.Compile; `mustCompile` words the error as MustCompile's panic (reReplaceAll). */
export function goRegExp(pattern: string, extraFlags = '', mustCompile = false): RegExp {
  try {
    return new RegExp(translateRe2(pattern).replace(/\\z/g, '$(?![\\s\\S])'), extraFlags);
  } catch (error) {
    const jsReason = (error as Error).message.replace(/^.*: /, '');
    const reason = RE2_REASONS[jsReason] ?? jsReason;
    const message = `error parsing regexp: ${reason}: \`${pattern}\``;
    throw new TemplateFunctionError(mustCompile ? `regexp: Compile(\`${pattern}\`): ${message}` : message);
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
