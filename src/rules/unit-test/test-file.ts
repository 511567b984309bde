// promtool's rule unit-test file format (`promtool test rules`), read and validated up front.
import type { Node } from 'yaml';
import type { Labels } from '../../collect/model.js';
import { expandSeriesNotation, parseSeriesLabels, PromqlError } from '../../promql/index.js';
import { YamlReader, type Field } from './yaml-reader.js';

export type SeriesValue = number | 'stale' | null;

export interface InputSeries {
  readonly labels: Labels;
  /** One entry per interval step from time 0: a value, a staleness marker, or null for a missing sample (`_`). */
  readonly values: readonly SeriesValue[];
}

export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertTestCase {
  readonly evalTimeMs: number;
  readonly alertname: string;
  readonly expAlerts: readonly ExpectedAlert[];
}

export interface PromqlTestCase {
  readonly expr: string;
  readonly evalTimeMs: number;
  /** `labels` as written (parsed when compared, as promtool does); `value` as a number. */
  readonly expSamples: readonly { labels: string; value: number }[];
}

export interface TestGroup {
  readonly name: string;
  /** Step between input samples; 0 means the file's evaluation_interval. */
  readonly intervalMs: number;
  readonly inputSeries: readonly InputSeries[];
  readonly alertRuleTests: readonly AlertTestCase[];
  readonly promqlExprTests: readonly PromqlTestCase[];
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
}

export interface UnitTestFile {
  readonly ruleFiles: readonly string[];
  /** Default 1m, as promtool. */
  readonly evaluationIntervalMs: number;
  readonly groupEvalOrder: readonly string[];
  readonly tests: readonly TestGroup[];
}

const FILE_KEYS = ['rule_files', 'evaluation_interval', 'group_eval_order', 'tests'];
const GROUP_KEYS = [
  'name',
  'interval',
  'input_series',
  'alert_rule_test',
  'promql_expr_test',
  'external_labels',
  'external_url',
];

/** Parses a unit-test file; `problems` (file:line:col: message) is non-empty when it cannot be run. */
export function parseUnitTestFile(file: string, text: string): { test?: UnitTestFile; problems: string[] } {
  const r = new YamlReader(file);
  const root = r.root(text);
  const fields = root ? r.fields(root, FILE_KEYS, 'unit test file') : undefined;
  if (!fields) return { problems: r.problems };
  const test: UnitTestFile = {
    ruleFiles: r.stringList(fields.get('rule_files'), 'rule_files'),
    evaluationIntervalMs: r.duration(fields.get('evaluation_interval'), 'evaluation_interval') || 60_000,
    groupEvalOrder: r.stringList(fields.get('group_eval_order'), 'group_eval_order'),
    tests: r.list(fields.get('tests'), 'tests').flatMap((node) => testGroup(r, node) ?? []),
  };
  const seen = new Set<string>();
  for (const name of test.groupEvalOrder) {
    if (seen.has(name)) r.report(fields.get('group_eval_order'), `group name repeated in evaluation order: ${name}`);
    seen.add(name);
  }
  return r.problems.length > 0 ? { problems: r.problems } : { test, problems: [] };
}

function testGroup(r: YamlReader, node: Node): TestGroup | undefined {
  const f = r.fields(node, GROUP_KEYS, 'test group');
  if (!f) return undefined;
  const name = r.text(f.get('name'), 'name') ?? '';
  return {
    name,
    intervalMs: r.duration(f.get('interval'), 'interval'),
    inputSeries: r.list(f.get('input_series'), 'input_series').flatMap((item) => inputSeries(r, item) ?? []),
    alertRuleTests: r
      .list(f.get('alert_rule_test'), 'alert_rule_test')
      .flatMap((item) => alertTestCase(r, item, name) ?? []),
    promqlExprTests: r.list(f.get('promql_expr_test'), 'promql_expr_test').flatMap((item) => promqlCase(r, item) ?? []),
    externalLabels: r.stringMap(f.get('external_labels'), 'external_labels'),
    externalURL: r.text(f.get('external_url'), 'external_url') ?? '',
  };
}

function inputSeries(r: YamlReader, node: Node): InputSeries | undefined {
  const f = r.fields(node, ['series', 'values'], 'input_series item');
  if (!f) return undefined;
  const series = r.text(f.get('series'), 'series') ?? '';
  const values = r.text(f.get('values'), 'values') ?? '';
  const labels = promqlSyntax(r, f.get('series'), () => parseSeriesLabels(series));
  const expanded = promqlSyntax(r, f.get('values'), () => expandSeriesNotation(values));
  return labels && expanded ? { labels, values: expanded } : undefined;
}

function alertTestCase(r: YamlReader, node: Node, groupName: string): AlertTestCase | undefined {
  const f = r.fields(node, ['eval_time', 'alertname', 'exp_alerts'], 'alert_rule_test item');
  if (!f) return undefined;
  const evalTimeMs = r.duration(f.get('eval_time'), 'eval_time');
  const alertname = r.text(f.get('alertname'), 'alertname') ?? '';
  if (alertname === '') {
    const where = groupName ? ` (in TestGroup ${groupName})` : '';
    r.report(node, `an item under alert_rule_test misses required attribute alertname${where}`);
  }
  const expAlerts = r.list(f.get('exp_alerts'), 'exp_alerts').flatMap((item) => {
    const a = r.fields(item, ['exp_labels', 'exp_annotations'], 'exp_alerts item');
    if (!a) return [];
    return [
      {
        labels: r.stringMap(a.get('exp_labels'), 'exp_labels'),
        annotations: r.stringMap(a.get('exp_annotations'), 'exp_annotations'),
      },
    ];
  });
  return { evalTimeMs, alertname, expAlerts };
}

function promqlCase(r: YamlReader, node: Node): PromqlTestCase | undefined {
  const f = r.fields(node, ['expr', 'eval_time', 'exp_samples'], 'promql_expr_test item');
  if (!f) return undefined;
  const expSamples = r.list(f.get('exp_samples'), 'exp_samples').flatMap((item) => {
    const s = r.fields(item, ['labels', 'value'], 'exp_samples item');
    if (!s) return [];
    return [{ labels: r.text(s.get('labels'), 'labels') ?? '', value: r.number(s.get('value'), 'value') ?? 0 }];
  });
  return {
    expr: r.text(f.get('expr'), 'expr') ?? '',
    evalTimeMs: r.duration(f.get('eval_time'), 'eval_time'),
    expSamples,
  };
}

function promqlSyntax<T>(r: YamlReader, node: Field, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof PromqlError)) throw error;
    r.report(node, `input series: ${error.message}`);
    return undefined;
  }
}
