// Prometheus's relabelling (model/relabel in 2.42) for write_relabel_configs: a pure function from a label set and
// the rules to the rewritten set, or undefined when the series is dropped. Regexes are RE2, anchored at both ends.
import { createHash } from 'node:crypto';
import { expandTemplate, type GroupMatch } from '../promql/label-functions.js';
import { compileAnchoredRe2, type Re2 } from '../promql/re2.js';
import type { RelabelConfig } from './config.js';

export type LabelSet = Record<string, string>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface CompiledRelabel extends RelabelConfig {
  readonly compiled: Re2;
}

/** Compiles every rule's regex once; a bad one throws an Error naming its index. */
export function compileRelabelConfigs(configs: readonly RelabelConfig[]): CompiledRelabel[] {
  return configs.map((c, i) => {
    try {
      return { ...c, compiled: compileAnchoredRe2(c.regex) };
    } catch (error) {
      throw new Error(`write_relabel_configs[${i}].regex: ${(error as Error).message}`);
    }
  });
}

/** Go's labels.Builder.Set: an empty value deletes the label, since a label with an empty value is no label. */
function set(labels: LabelSet, name: string, value: string): void {
  if (value === '') delete labels[name];
  else labels[name] = value;
}

/** Prometheus's sum64 of an MD5 sum: the last eight bytes as a big-endian number (the first eight shift out). */
export function hashMod(value: string, modulus: number): string {
  const digest = createHash('md5').update(value).digest();
  return (digest.readBigUInt64BE(8) % BigInt(modulus)).toString();
}

function applyOne(labels: LabelSet, c: CompiledRelabel): boolean {
  const value = c.source_labels.map((name) => labels[name] ?? '').join(c.separator);
  const target = c.target_label ?? '';
  switch (c.action) {
    case 'drop':
      return !c.compiled.test(value);
    case 'keep':
      return c.compiled.test(value);
    case 'dropequal':
      return (labels[target] ?? '') !== value;
    case 'keepequal':
      return (labels[target] ?? '') === value;
    case 'replace': {
      const match = c.compiled.exec(value) as GroupMatch | null;
      if (!match) return true;
      const name = expandTemplate(target, match);
      if (!LABEL_NAME.test(name)) return true;
      set(labels, name, expandTemplate(c.replacement, match));
      return true;
    }
    case 'lowercase':
      set(labels, target, value.toLowerCase());
      return true;
    case 'uppercase':
      set(labels, target, value.toUpperCase());
      return true;
    case 'hashmod':
      set(labels, target, hashMod(value, c.modulus ?? 1));
      return true;
    case 'labelmap':
      for (const [name, v] of Object.entries(labels)) {
        const match = c.compiled.exec(name) as GroupMatch | null;
        if (match) set(labels, expandTemplate(c.replacement, match), v);
      }
      return true;
    case 'labeldrop':
      for (const name of Object.keys(labels)) if (c.compiled.test(name)) delete labels[name];
      return true;
    case 'labelkeep':
      for (const name of Object.keys(labels)) if (!c.compiled.test(name)) delete labels[name];
      return true;
  }
}

/** The label set after every rule, or undefined when a rule drops the series or no label is left. */
export function relabel(input: Readonly<LabelSet>, configs: readonly CompiledRelabel[]): LabelSet | undefined {
  if (configs.length === 0) return { ...input };
  const labels: LabelSet = { ...input };
  for (const c of configs) if (!applyOne(labels, c)) return undefined;
  return Object.keys(labels).length ? labels : undefined;
}
