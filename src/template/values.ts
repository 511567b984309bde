// The Go value model templates run on. Go is typed and Prometheus templates feel it (`gt $value 80` fails: float64
// against int), so the types are kept: float64 is a JS number, int is a bigint, string, bool, nil (null),
// map[string]X is a GoMap, a struct is a GoStruct, a slice is an array.
import { goFloatString } from './float-format.js';
import type { GoFunction } from './functions.js';

export class GoMap {
  constructor(
    readonly entries: ReadonlyMap<string, GoValue>,
    /** Value of a missing key (Prometheus runs templates with missingkey=zero). */
    readonly zero: GoValue,
    readonly typeName: string,
  ) {}

  static ofStrings(record: Readonly<Record<string, string>>): GoMap {
    return new GoMap(new Map(Object.entries(record)), '', 'map[string]string');
  }

  sortedKeys(): string[] {
    return [...this.entries.keys()].sort();
  }
}

export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: ReadonlyMap<string, GoValue>,
  ) {}
}

export type GoValue = string | number | bigint | boolean | null | GoMap | GoStruct | readonly GoValue[];

export function typeName(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoMap || v instanceof GoStruct) return v.typeName;
  return '[]interface {}';
}

/**
 * Methods of a Go value (Alertmanager's `.Alerts.Firing`, `.Labels.SortedPairs`, a time's `.Format`), bound to their
 * receiver. Kept beside the value rather than in it so plain arrays stay arrays for range, len and index.
 */
const METHODS = new WeakMap<object, ReadonlyMap<string, GoFunction>>();

export function withMethods<T extends GoMap | GoStruct | readonly GoValue[]>(
  value: T,
  methods: ReadonlyMap<string, GoFunction>,
): T {
  METHODS.set(value, methods);
  return value;
}

export function methodOf(value: GoValue, name: string): GoFunction | undefined {
  return value !== null && typeof value === 'object' ? METHODS.get(value)?.get(name) : undefined;
}

/** Go's template truth: the zero value of its type (and empty collections) is false. */
export function isTrue(v: GoValue): boolean {
  if (v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoStruct) return true;
  return v.length > 0;
}

/** fmt's %v (what `{{ x }}` prints). */
export function formatValue(v: GoValue): string {
  if (v === null) return '<nil>';
  const stringer = methodOf(v, 'String');
  if (stringer && stringer.params.length === 0) return formatValue(stringer.call([]));
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloatString(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof GoMap)
    return `map[${v
      .sortedKeys()
      .map((k) => `${k}:${formatValue(v.entries.get(k) ?? null)}`)
      .join(' ')}]`;
  if (v instanceof GoStruct) return `{${[...v.fields.values()].map(formatValue).join(' ')}}`;
  return `[${v.map(formatValue).join(' ')}]`;
}

/** The Prometheus alert template data: {Labels, ExternalLabels, ExternalURL, Value}. */
export interface AlertTemplateData {
  labels: Readonly<Record<string, string>>;
  externalLabels?: Readonly<Record<string, string>>;
  externalURL?: string;
  value: number;
  /** The `query` template function: PromQL at the rule's evaluation time (absent where no store is at hand). */
  query?: (expr: string) => { labels: Readonly<Record<string, string>>; value: number }[];
}

export function alertDataValue(data: AlertTemplateData): GoStruct {
  return new GoStruct(
    'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value float64 }',
    new Map<string, GoValue>([
      ['Labels', GoMap.ofStrings(data.labels)],
      ['ExternalLabels', GoMap.ofStrings(data.externalLabels ?? {})],
      ['ExternalURL', data.externalURL ?? ''],
      ['Value', data.value],
    ]),
  );
}
