// One file_sd file: a JSON or YAML list of `{targets: [...], labels: {...}}` groups, as Prometheus reads it. Pure: the
// text in, the groups (or a problem naming the file and the entry) out.
import { parse } from 'yaml';

export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function parseFileSd(file: string, text: string): TargetGroup[] {
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new Error(
      `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${file}: must be a list of {targets, labels} groups`);
  return value.map((group: unknown, i): TargetGroup => {
    const where = `${file}: group ${i}`;
    if (typeof group !== 'object' || group === null) throw new Error(`${where}: not an object`);
    const { targets, labels = {} } = group as { targets?: unknown; labels?: unknown };
    if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string' && t !== '')) {
      throw new Error(`${where}: targets must be a list of non-empty strings`);
    }
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      throw new Error(`${where}: labels must be a map`);
    }
    for (const [name, v] of Object.entries(labels)) {
      if (!LABEL_NAME.test(name)) throw new Error(`${where}: "${name}" is not a valid label name`);
      if (typeof v !== 'string') throw new Error(`${where}: label ${name} must be a string`);
    }
    return { targets: targets as string[], labels: labels as Record<string, string> };
  });
}

/** `{{ .name }}` substitutions only: the target string and its labels. Anything else is a problem, not a guess. */
export function expandUrlTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_all, inner: string) => {
    const match = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner);
    if (!match) throw new Error(`url_template: only {{ .target }} and {{ .LABEL }} are supported, not {{ ${inner} }}`);
    const value = values[match[1] as string];
    if (value === undefined) throw new Error(`url_template: no label "${match[1]}" for this target`);
    return value;
  });
}

export interface DiscoveredTarget {
  readonly name: string;
  readonly url: string;
  /** The group's labels, less the reserved `__` ones: they become the target's labels. */
  readonly labels: Readonly<Record<string, string>>;
  readonly source: string;
}

/**
 * Every group's targets as pgwarden targets, named by the target string (the first wins a duplicate). Problems (a
 * template that names a missing label) skip that target and are returned, not thrown, so one bad entry loses nothing
 * else.
 */
export function discoveredTargets(
  groups: ReadonlyArray<{ file: string; group: TargetGroup }>,
  urlTemplate: string,
): { targets: DiscoveredTarget[]; problems: string[] } {
  const targets: DiscoveredTarget[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { file, group } of groups) {
    for (const target of group.targets) {
      if (seen.has(target)) {
        problems.push(`${file}: target ${target} is listed twice; the first entry is used`);
        continue;
      }
      try {
        const url = expandUrlTemplate(urlTemplate, { ...group.labels, target });
        const labels = Object.fromEntries(
          Object.entries(group.labels).filter(([k, v]) => !k.startsWith('__') && v !== ''),
        );
        targets.push({ name: target, url, labels, source: file });
        seen.add(target);
      } catch (error) {
        problems.push(`${file}: target ${target}: ${(error as Error).message}`);
      }
    }
  }
  return { targets, problems };
}
