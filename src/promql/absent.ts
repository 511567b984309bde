// The labels absent()/absent_over_time() report: the equality matchers of the selector, except __name__ and
// labels matched more than once (Prometheus's historic behaviour).
import type { Labels } from '../collect/model.js';
import type { Matcher } from './ast.js';
import { METRIC_NAME } from './labels.js';

export function absentLabels(matchers: readonly Matcher[]): Labels {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !seen.has(m.name)) {
      if (m.value !== '') out[m.name] = m.value;
      seen.add(m.name);
    } else {
      delete out[m.name];
    }
  }
  return out;
}
