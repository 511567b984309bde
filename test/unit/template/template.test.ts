import { describe, expect, it } from 'vitest';
import { expandAlertTemplate, parseAlertTemplate, TemplateParseError } from '../../../src/template/index.js';

const data = {
  labels: { instance: 'db1:9187', job: 'postgres', severity: 'warning' },
  externalLabels: { cluster: 'prod' },
  value: 1234567,
};

function render(text: string, value = data.value): string {
  return parseAlertTemplate('__alert_Test', text).execute({ ...data, value });
}

describe('alert template functions print as Prometheus does', () => {
  it.each([
    ['{{ humanize $value }}', 1234567, '1.235M'],
    ['{{ humanize $value }}', 0, '0'],
    ['{{ humanize $value }}', 1000, '1k'],
    ['{{ humanize $value }}', 999.99, '1000'],
    ['{{ humanize $value }}', 0.001, '1m'],
    ['{{ humanize $value }}', 0.000001234, '1.234u'],
    ['{{ humanize $value }}', -1500, '-1.5k'],
    ['{{ humanize $value }}', NaN, 'NaN'],
    ['{{ humanize $value }}', Infinity, '+Inf'],
    ['{{ humanize $value }}', 2.5e-7, '250n'],
    ['{{ humanize $value }}', 123456789012, '123.5G'],
    ['{{ humanize1024 $value }}', 1048576, '1Mi'],
    ['{{ humanize1024 $value }}', 1536, '1.5ki'],
    ['{{ humanize1024 $value }}', 1, '1'],
    ['{{ humanize1024 $value }}', 0.5, '0.5'],
    ['{{ humanizeDuration $value }}', 899.99, '14m 59s'],
    ['{{ humanizeDuration $value }}', 0, '0s'],
    ['{{ humanizeDuration $value }}', 60, '1m 0s'],
    ['{{ humanizeDuration $value }}', 3600, '1h 0m 0s'],
    ['{{ humanizeDuration $value }}', 2 * 86400 + 3661, '2d 1h 1m 1s'],
    ['{{ humanizeDuration $value }}', 1.5, '1.5s'],
    ['{{ humanizeDuration $value }}', 0.0015, '1.5ms'],
    ['{{ humanizeDuration $value }}', -90, '-1m 30s'],
    ['{{ humanizeDuration $value }}', 0.000001, '1us'],
    ['{{ humanizePercentage $value }}', 0.1234567, '12.35%'],
    ['{{ humanizePercentage $value }}', 1, '100%'],
    ['{{ humanizeTimestamp $value }}', 1435065584.128, '2015-06-23 13:19:44.128 +0000 UTC'],
    ['{{ humanizeTimestamp $value }}', 0, '1970-01-01 00:00:00 +0000 UTC'],
    ['{{ humanize "1234.5" }}', 0, '1.234k'],
    ['{{ $value | humanize }}', 0.25, '250m'],
  ])('%s with %s → %s', (text, value, expected) => {
    expect(render(text, value)).toBe(expected);
  });
});

describe('values print with Go formatting', () => {
  it.each([
    ['{{ $value }}', 1234567, '1.234567e+06'],
    ['{{ $value }}', 0.5, '0.5'],
    ['{{ $value }}', 100000, '100000'],
    ['{{ $value }}', 1e21, '1e+21'],
    ['{{ $value }}', 0.0001, '0.0001'],
    ['{{ $value }}', 0.00001, '1e-05'],
    ['{{ $value }}', -0, '-0'],
    ['{{ .Value }}', 42, '42'],
    ['{{ 1 }} {{ 1.5 }} {{ "s" }} {{ true }} {{ 0x10 }} {{ 017 }}', 0, '1 1.5 s true 16 15'],
    ['{{ printf "%.2f" $value }}', 3.14159, '3.14'],
    ['{{ printf "%.2f" $value }}', 1.005, '1.00'],
    ['{{ printf "%.0f" $value }}', 2.5, '2'],
    ['{{ printf "%.0f" $value }}', 3.5, '4'],
    ['{{ printf "%f" $value }}', 1, '1.000000'],
    ['{{ printf "%d" 3 }}', 0, '3'],
    ['{{ printf "%d" $value }}', 1.5, '%!d(float64=1.5)'],
    ['{{ printf "%s" $value }}', 1.5, '%!s(float64=1.5)'],
    ['{{ printf "%v %g" $value $value }}', 1e6, '1e+06 1e+06'],
    ['{{ printf "%g" $value }}', 0.1, '0.1'],
    ['{{ printf "%e" $value }}', 123456, '1.234560e+05'],
    ['{{ printf "%q" "a\\"b" }}', 0, '"a\\"b"'],
    ['{{ printf "%5.1f|%-4s|%05.1f" $value "ab" -3.14159 }}', 3.14159, '  3.1|ab  |-03.1'],
    ['{{ printf "%x %X %o" 255 255 8 }}', 0, 'ff FF 10'],
    ['{{ printf "%s" }}', 0, '%!s(MISSING)'],
    ['{{ printf "%s" "a" "b" }}', 0, 'a%!(EXTRA string=b)'],
    ['{{ printf "%.1f%%" $value }}', 99.44, '99.4%'],
    ['{{ $value | printf "%.1f" }}', 2.25, '2.2'],
    ['{{ print 1 2 "a" "b" 3 }}', 0, '1 2ab3'],
    ['{{ printf "%6.2f%%" "1.25" }}', 0, '%!f(string=    1.)%'],
    ['{{ printf "% x|%x|%X" "hi" 3.5 $value }}', 0.1, '68 69|0x1.cp+01|0X1.999999999999AP-04'],
    ['{{ printf "%03s|%T|%T" "7" 1 $value }}', 0, '007|int|float64'],
    ["{{ 'a' }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ -0x1F }} {{ 1e3 }}", 0, '97 1000 5 15 -31 1000'],
  ])('%s with %s → %s', (text, value, expected) => {
    expect(render(text, value)).toBe(expected);
  });
});

describe('template language', () => {
  it.each([
    ['{{ $labels.instance }} of {{ .Labels.job }}', 'db1:9187 of postgres'],
    ['{{ $labels.missing }}|{{ index $labels "job" }}|{{ index $labels "nope" }}', '|postgres|'],
    ['{{ $externalLabels.cluster }} {{ $.Labels.severity }}', 'prod warning'],
    ['{{ len $labels }} {{ len "héllo" }}', '3 6'],
    ['{{ if gt $value 1000.0 }}big{{ else if gt $value 10.0 }}mid{{ else }}small{{ end }}', 'big'],
    ['{{ if eq $labels.severity "critical" "warning" }}page{{ end }}', 'page'],
    ['{{ if ne $labels.job "postgres" }}x{{ else }}y{{ end }}', 'y'],
    ['{{ if and $labels.job (not $labels.missing) }}ok{{ end }}', 'ok'],
    ['{{ or $labels.missing "default" }}', 'default'],
    ['{{ and $labels.job $labels.missing "z" }}|', '|'],
    ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}', 'instance=db1:9187;job=postgres;severity=warning;'],
    ['{{ range $labels }}[{{ . }}]{{ end }}', '[db1:9187][postgres][warning]'],
    ['{{ range 0 }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range $k, $v := $labels }}{{ if eq $k "job" }}{{ break }}{{ end }}{{ $k }};{{ end }}', 'instance;'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ $x := 1 }}{{ range $labels }}{{ $x = 2 }}{{ continue }}{{ end }}{{ $x }}', '2'],
    ['x  {{- if true -}}  y  {{- else -}}  z  {{- end -}}  w', 'xyw'],
    [
      '{{ reReplaceAll "(?i)ID" "<$0>" "id Id" }}|{{ reReplaceAll "(a)(b)?" "[$2|$1x|${1}x]" "a ab" }}',
      '<id> <Id>|[||ax] [b||ax]',
    ],
    ['{{ with $labels.job }}job={{ . }}{{ end }}{{ with $labels.nope }}x{{ else }}none{{ end }}', 'job=postgresnone'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}', '2'],
    ['a  {{- " b " -}}  c', 'a b c'],
    ['line1\n  {{- /* a comment */ -}}\n  line2', 'line1line2'],
    ['{{/* only a comment */}}x', 'x'],
    ['{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}', 'db1'],
    ['{{ reReplaceAll "(?P<host>[a-z]+)(\\\\d)" "${host}-${2}" "db1" }}', 'db-1'],
    ['{{ toUpper "abc" }} {{ toLower "ABC" }} {{ title "hello wide-world" }}', 'ABC abc Hello Wide-World'],
    ['{{ match "^db" $labels.instance }}', 'true'],
    ['{{ $labels.job | toUpper | printf "<%s>" }}', '<POSTGRES>'],
    ['{{ (index $labels "job") }}', 'postgres'],
    ['{{ -3 }} {{ lt 1 2 }} {{ le 2 2 }} {{ ge "b" "a" }}', '-3 true true true'],
    ['{{ html "<a href=\'x\'>&" }} {{ urlquery "a b&c" }}', '&lt;a href=&#39;x&#39;&gt;&amp; a+b%26c'],
    ['plain text, no actions', 'plain text, no actions'],
  ])('%s → %s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it('reports execution errors as Prometheus embeds them in the alert', () => {
    expect(expandAlertTemplate('__alert_T', '{{ if gt $value 80 }}x{{ end }}', data)).toBe(
      '<error expanding template: error executing template __alert_T: template: __alert_T:1:118: executing "__alert_T" at <gt $value 80>: error calling gt: incompatible types for comparison>',
    );
    expect(expandAlertTemplate('__alert_T', '{{ .Nope }}', data)).toContain("can't evaluate field Nope in type");
    expect(expandAlertTemplate('__alert_T', '{{ toUpper $value }}', data)).toContain(
      'wrong type for value; expected string; got float64',
    );
    expect(expandAlertTemplate('__alert_T', '{{ humanize "abc" }}', data)).toContain(
      'error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax',
    );
  });

  it.each([
    ['{{ foo }}', 'function "foo" not defined', 1, 4],
    ['a\nbc {{ $x }}', 'undefined variable "$x"', 2, 7],
    ['{{ if true }}x', 'unexpected EOF', 1, 15],
    ['x {{ end }}', 'unexpected {{end}}', 1, 6],
    ['{{ .a ', 'unclosed action', 1, 1],
    ['{{ }}', 'missing value for command', 1, 4],
    ['{{ 1 | 2 }}', 'non executable command in pipeline stage 2', 1, 8],
    ['{{ "a }}', 'unterminated quoted string', 1, 4],
    ['{{ 3x }}', 'bad number syntax: "3x"', 1, 4],
    ['{{ break }}', '{{break}} outside {{range}}', 1, 4],
    ['{{ if }}{{ end }}', 'missing value for if', 1, 7],
  ])('%j fails to parse: %s at %d:%d', (text, reason, line, col) => {
    let caught: unknown;
    try {
      parseAlertTemplate('t', text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateParseError);
    const error = caught as TemplateParseError;
    expect([error.reason, error.line, error.col]).toEqual([reason, line, col]);
  });
});

describe("Prometheus's own template functions and {{define}}/{{template}}", () => {
  const data = {
    labels: { instance: 'db1.example.com:5432' },
    value: 3,
    externalURL: 'https://prom.example/monitoring/',
    query: (expr: string) =>
      expr === 'up'
        ? [
            { labels: { __name__: 'up', instance: 'b' }, value: 0 },
            { labels: { __name__: 'up', instance: 'a' }, value: 1 },
          ]
        : [],
  };
  const expand = (text: string) => expandAlertTemplate('T', text, data);

  it.each([
    ['{{ pathPrefix }} {{ externalURL }}', '/monitoring/ https://prom.example/monitoring/'],
    ['{{ stripDomain $labels.instance }} {{ stripPort $labels.instance }}', 'db1:5432 db1.example.com'],
    ['{{ range query "up" | sortByLabel "instance" }}{{ label "instance" . }}={{ value . }} {{ end }}', 'a=1 b=0 '],
    ['{{ with query "up" }}{{ (first .).Labels.instance }}{{ end }}', 'b'],
    ['{{ define "row" }}{{ .arg0 }}:{{ .arg1 }}{{ end }}{{ template "row" args "x" 2 }}', 'x:2'],
    ['{{ block "b" . }}{{ .Value }}{{ end }}', '3'],
    [
      '{{ printf "%06.1f|% f|%+f" 1e400 (parseDuration "x1") 0 }}',
      expect.stringContaining('error calling parseDuration'),
    ],
  ])('%s', (text, expected) => {
    expect(expand(text)).toEqual(expected);
  });

  it('knows every Prometheus function at parse time and rejects others with a clear error', () => {
    const names = ['query', 'first', 'label', 'value', 'strvalue', 'sortByLabel', 'args', 'safeHtml', 'stripPort'];
    const more = ['stripDomain', 'parseDuration', 'toTime', 'graphLink', 'tableLink', 'pathPrefix', 'externalURL'];
    for (const name of [...names, ...more, 'js', 'slice'])
      expect(() => parseAlertTemplate('T', `{{ if false }}{{ ${name} }}{{ end }}`), name).not.toThrow();
    expect(() => parseAlertTemplate('T', '{{ queryX "up" }}')).toThrow(TemplateParseError);
    expect(() => parseAlertTemplate('T', '{{ if true }}{{ define "x" }}{{ end }}{{ end }}')).toThrow(/unexpected/);
    expect(expand('{{ define "d" }}{{ $labels }}{{ end }}')).toContain('undefined variable "$labels"');
  });
});
