// Go regular expressions for the template functions `match` and `reReplaceAll`: RE2 itself (src/promql/re2.ts), so a
// pattern in a rule's annotation runs in linear time, and Go's `$1` / `${1}` / `$name` replacement expansion.
import { expandTemplate } from '../promql/label-functions.js';
import { compileRe2, goMatches, type Re2 } from '../promql/re2.js';
import { TemplateFunctionError } from './humanize.js';

/** Compiles like Go's regexp.Compile; `mustCompile` words the error as MustCompile's panic (reReplaceAll). */
export function goRegExp(pattern: string, mustCompile = false): Re2 {
  try {
    return compileRe2(pattern);
  } catch (error) {
    const message = (error as Error).message;
    throw new TemplateFunctionError(mustCompile ? `regexp: Compile(\`${pattern}\`): ${message}` : message);
  }
}

/** Go's Regexp.ReplaceAllString: every match replaced by the template expanded with its groups. */
export function goReplaceAll(re: Re2, text: string, template: string): string {
  let out = '';
  let copied = 0;
  for (const m of goMatches(re, text)) {
    out += text.slice(copied, m.index) + expandTemplate(template, Object.assign([...m.groups], { groups: m.named }));
    copied = m.index + m.text.length;
  }
  return out + text.slice(copied);
}
