import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../src/rules/load.js';
import { expandAlertTemplate } from '../../src/template/index.js';
import { parsePromql, SampleStore } from '../../src/promql/index.js';
import { queryVector } from '../../src/rules/rule-health.js';

// Our template engine and rule loader against Prometheus's own (promtool): same annotations for the same values,
// same verdict on the same rule files.

const TEMPLATES: Record<string, string> = {
  humanize:
    '{{ humanize $value }}|{{ humanize1024 $value }}|{{ humanizeDuration $value }}|{{ humanizePercentage $value }}|{{ humanizeTimestamp $value }}',
  printf:
    '{{ $value }}|{{ printf "%.2f" $value }}|{{ printf "%d" $value }}|{{ printf "%e" $value }}|{{ printf "%g" $value }}|{{ printf "%5.1f" $value }}|{{ printf "%.0f" $value }}',
  misc: '{{ title "hello wide-world" }}|{{ printf "%q" $labels.id }}|{{ len $labels }}|{{ print 1 2 "a" "b" 3 }}|{{ $labels }}',
  control:
    '{{ if gt $value 100.0 }}big{{ else if lt $value 0.0 }}negative{{ else }}small{{ end }}|{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}',
  trim: 'a  {{- " b " -}}  c {{/* comment */}}{{ with $labels.id }}id={{ . }}{{ end }}',
  errors1: '{{ if gt $value 80 }}x{{ end }}',
  errors2: '{{ $value | toUpper }}|{{ .Nope }}',
  errors3: '{{ $labels.id.x }}',
  errors4: 'line1\n{{ humanize "x" }}',
  regex: '{{ reReplaceAll "(.)(.*)" "$2-${1}" $labels.id }}|{{ match "^1" $labels.id }}',
  regex2: '{{ reReplaceAll "(?i)ID" "<$0>" "id Id" }}|{{ reReplaceAll "(a)(b)?" "[$2|$1x|${1}x]" "a ab" }}',
  trim2: 'x  {{- if true -}}  y  {{- else -}}  z  {{- end -}}  w',
  loops:
    '{{ range $k, $v := .Labels }}{{ if eq $k "id" }}{{ break }}{{ end }}[{{ $k }}:{{ $v }}:{{ $.Value }}]{{ end }}' +
    '{{ $x := 1 }}{{ range $labels }}{{ $x = 2 }}{{ continue }}{{ end }}{{ $x }}',
  constants:
    '{{ \'a\' }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ -0x1F }} {{ 1e3 }} {{ .Value | printf "%.3g" }} {{ 1.0 }}',
  verbs:
    '{{ printf "%v|%s|%08.3f|% x|%t|%5t|%-6d|%+.1e" .Labels true $value "hi" false true 42 $value }}' +
    '{{ printf "%x" 3.5 }} {{ printf "%d" true }} {{ printf "%.2s" "abcdef" }} {{ printf "%5.1s|" "xyz" }}' +
    '{{ printf "%6.2f%%" "1.25" }}',
  compare: '{{ lt "a" "b" }} {{ ge 2 2 }} {{ ne 1.5 1.5 }} {{ eq "a" "b" "a" }} {{ and 1 0 2 }}|{{ or 0 "" 3 }}',
  specialFloats:
    '{{ printf "%05.1f|%+f|% f|%f|%-7.2f|%+.1e|% g|%08.3f|%x|%+v" $value $value $value $value $value $value $value $value $value $value }}',
  define:
    '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" $value }}{{ template "x" }}{{ block "b" $labels.id }}<{{ . }}>{{ end }}',
  query:
    '{{ with query "m > 1000" }}{{ range sortByLabel "id" . }}{{ .Labels.id }}={{ .Value }};{{ end }}{{ . | first | value }} {{ label "id" (first .) }}{{ end }}',
  queryScalar:
    '{{ query "scalar(m{id=\\"1\\"})" | first | value }} {{ len (query "nothing") }} {{ (query "vector(2)" | first).Labels }}',
  queryErrors: '{{ query "nothing" | first }}',
  prometheusFunctions:
    '{{ (args 1 "a").arg1 }} {{ safeHtml "<b>" }} {{ stripPort "db1:5432" }} {{ stripPort "[::1]:80" }} {{ stripPort "db1" }} ' +
    '{{ stripDomain "db1.example.com:5432" }} {{ stripDomain "10.0.0.1:80" }} {{ stripDomain "db.example.com" }}',
  prometheusFunctions2:
    '{{ parseDuration "1h30m" }} {{ toTime 1600000000 }} {{ graphLink "rate(x[5m]) > 1" }} {{ tableLink "up" }} ' +
    '|{{ js "a\'b<c>=&\\"" }} {{ slice "abcdef" 1 3 }} {{ slice "abc" 1 }}',
  prometheusErrors: '{{ parseDuration "5 minutes" }}',
  prometheusErrors2: '{{ toTime "x" }}',
};

const VALUES = [0, 1234567, 999.99, 0.001, 0.000001234, -1500, 2.5e-7, 1048576, 1536, 1, 0.5, 899.99, 176461, 0.0015];
const VALUES_WITH_OVERFLOW = [...VALUES, 1e21, 0.125, 2.5, 3.5, 1.005, 1435065584.128, NaN, Infinity, -Infinity];
const seriesValue = (v: number): string => (v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : String(v));

function yamlString(text: string): string {
  return JSON.stringify(text);
}

function promtool(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  expect(result.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
  return { status: result.status, output: result.stdout + result.stderr };
}

/** promtool prints Go's %q of each annotation; JSON reads that for the characters these templates produce. */
function parseGot(output: string): Map<string, Record<string, string>> {
  const byId = new Map<string, Record<string, string>>();
  for (const block of output.split(/Labels:\{/).slice(1)) {
    const id = /id="(\d+)"/.exec(block)?.[1] ?? '';
    const annotations = /Annotations:\{(.*)\}/.exec(block)?.[1] ?? '';
    const values: Record<string, string> = {};
    for (const m of annotations.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      values[m[1] as string] = JSON.parse(`"${(m[2] as string).replace(/\\x([0-9a-f]{2})/g, '\\u00$1')}"`) as string;
    byId.set(id, values);
  }
  return byId;
}

describe('rules against promtool', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pgwarden-promtool-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands alert templates exactly as Prometheus does', async () => {
    const annotations = Object.entries(TEMPLATES)
      .map(([key, text]) => `          ${key}: ${yamlString(text)}`)
      .join('\n');
    await writeFile(
      path.join(dir, 'templates.yml'),
      `groups:\n  - name: t\n    rules:\n      - alert: T\n        expr: m\n        annotations:\n${annotations}\n`,
    );
    const series = VALUES_WITH_OVERFLOW.map(
      (v, i) => `      - series: 'm{id="${i}"}'\n        values: '${seriesValue(v)}'`,
    ).join('\n');
    await writeFile(
      path.join(dir, 'templates.test.yml'),
      `rule_files: [templates.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${series}\n` +
        `    alert_rule_test:\n      - eval_time: 0m\n        alertname: T\n        exp_alerts: []\n`,
    );
    // The test fails on purpose (no expected alerts) so that promtool prints every alert it got.
    const got = parseGot(promtool(['test', 'rules', 'templates.test.yml'], dir).output);
    expect(got.size).toBe(VALUES_WITH_OVERFLOW.length);
    // The same series in our store, for the query template function (promtool evaluates at 0m, as here).
    const store = new SampleStore({ retentionMs: 3600_000 });
    VALUES_WITH_OVERFLOW.forEach((v, i) => store.append({ __name__: 'm', id: String(i) }, 0, v));
    const query = (expr: string) => queryVector(parsePromql(expr), store, 0);
    for (const [id, annotations] of got) {
      const value = VALUES_WITH_OVERFLOW[Number(id)] as number;
      const ours = Object.fromEntries(
        Object.entries(TEMPLATES).map(([key, text]) => [
          key,
          expandAlertTemplate('__alert_T', text, { labels: { __name__: 'm', id }, value, query }),
        ]),
      );
      expect(ours, `value ${value}`).toEqual(annotations);
    }
  });

  const FILES: Record<string, string> = {
    valid: 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n',
    badDuration: 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        for: 5 minutes\n',
    badExpr: 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up ==\n',
    badTemplate:
      'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          s: "{{ nope }}"\n',
    duplicateGroup: 'groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n',
    unknownKey: 'groups:\n  - name: a\n    rulez: []\n',
    recordName: 'groups:\n  - name: a\n    rules:\n      - record: "bad name"\n        expr: up\n',
    recordFor: 'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: up\n        for: 1m\n',
    labelName:
      'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          bad-name: x\n',
    both: 'groups:\n  - name: a\n    rules:\n      - alert: A\n        record: b\n        expr: up\n',
    empty: '',
  };

  it.each(Object.keys(FILES))('agrees with promtool check rules on %s', async (name) => {
    const file = path.join(dir, `${name}.yml`);
    await writeFile(file, FILES[name] as string);
    const promtoolAccepts = promtool(['check', 'rules', file], dir).status === 0;
    const weAccept = parseRuleFile(file, FILES[name] as string).problems.length === 0;
    expect(weAccept).toBe(promtoolAccepts);
  });
});
