import { describe, expect, it } from 'vitest';
import type { MessageData } from '../../../src/notify/message/data.js';
import { NotificationTemplates } from '../../../src/notify/templates/set.js';
import { goTimeFormat } from '../../../src/template/go-time.js';

const T = Date.parse('2026-01-01T10:00:00.250Z');
function alert(id: string, status: 'firing' | 'resolved', labels: Record<string, string> = {}) {
  return {
    Status: status,
    Labels: { alertname: 'PgLag', instance: 'db1', severity: 'warning', ...labels },
    Annotations: { summary: `lag on ${id}`, description: 'behind' },
    StartsAt: new Date(T).toISOString(),
    EndsAt: status === 'resolved' ? new Date(T + 60_000).toISOString() : '0001-01-01T00:00:00.000Z',
    GeneratorURL: 'http://agent/graph?g0.expr=up',
    Fingerprint: id,
    AlertURL: `https://agent.example/alerts?fingerprint=${id}`,
  };
}
const data: MessageData = {
  Receiver: 'team.db',
  Status: 'firing',
  Alerts: [alert('a', 'firing'), alert('b', 'resolved', { instance: 'db2' })],
  GroupLabels: { alertname: 'PgLag' },
  CommonLabels: { alertname: 'PgLag', severity: 'warning' },
  CommonAnnotations: { description: 'behind' },
  ExternalURL: 'https://agent.example/',
  GroupKey: '{}:{alertname="PgLag"}',
};
const set = NotificationTemplates.parse([]);
const render = (template: string) => set.text('test', template, data);

describe('notification data model (Alertmanager template.Data)', () => {
  it.each([
    ['{{ .Receiver }}', 'team\\.db'],
    ['{{ .Status }} {{ len .Alerts }}', 'firing 2'],
    [
      '{{ range .Alerts.Firing }}{{ .Fingerprint }}{{ end }}|{{ range .Alerts.Resolved }}{{ .Fingerprint }}{{ end }}',
      'a|b',
    ],
    ['{{ .Alerts.Firing | len }}', '1'],
    ['{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}', 'alertname=PgLag;severity=warning;'],
    ['{{ (index .Alerts 0).Labels.Names }}', '[alertname instance severity]'],
    ['{{ .CommonLabels.Values | join "," }}', 'PgLag,warning'],
    ['{{ .CommonLabels.SortedPairs.Names | join "," }}', 'alertname,severity'],
    ['{{ .CommonLabels.SortedPairs.Values | join "," }}', 'PgLag,warning'],
    ['{{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join " " }}{{ end }}', 'warning'],
    ['{{ .CommonLabels.Remove (stringSlice "alertname" "severity") | len }}', '0'],
    [
      '{{ .GroupLabels.alertname }} {{ .CommonAnnotations.description }} {{ .CommonLabels.missing }}!',
      'PgLag behind !',
    ],
    ['{{ .ExternalURL }} {{ .GroupKey }}', 'https://agent.example {}:{alertname="PgLag"}'],
    [
      '{{ range .Alerts }}{{ .StartsAt }}|{{ .EndsAt }};{{ end }}',
      '2026-01-01 10:00:00.25 +0000 UTC|0001-01-01 00:00:00 +0000 UTC;2026-01-01 10:00:00.25 +0000 UTC|2026-01-01 10:01:00.25 +0000 UTC;',
    ],
    ['{{ (index .Alerts 0).StartsAt.Format "2006-01-02T15:04:05Z07:00" }}', '2026-01-01T10:00:00Z'],
    ['{{ (index .Alerts 0).StartsAt.Unix }}', String(Math.floor(T / 1000))],
    ['{{ (index .Alerts 1).EndsAt.Sub }}', 'error'],
  ])('%s', (template, expected) => {
    if (expected === 'error') expect(() => render(template)).toThrow(/can't evaluate field Sub/);
    else expect(render(template)).toBe(expected);
  });
});

describe("Alertmanager's template functions", () => {
  it.each([
    ['{{ "hello" | toUpper }} {{ "HeLLo" | toLower }}', 'HELLO hello'],
    ['{{ title "hELLO wORLD-db_x" }}', 'Hello World-Db_x'],
    ['{{ stringSlice "a" "b" | join ", " }}', 'a, b'],
    ['{{ match "^db[0-9]$" "db1" }} {{ match "^db$" "db1" }}', 'true false'],
    ['{{ reReplaceAll "db(\\\\d)" "replica-$1" "db1 db2" }}', 'replica-1 replica-2'],
    ['{{ safeHtml "<b>x</b>" }}', '<b>x</b>'],
    ['{{ trimSpace "  x \\n" }}', 'x'],
    ['{{ printf "%s=%d" "n" 3 }}', 'n=3'],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('rejects an unknown function when the template is parsed', () => {
    expect(() => set.check('slack_configs[0].title', '{{ nope . }}')).toThrow(
      'slack_configs[0].title:1:4: function "nope" not defined',
    );
  });
});

describe('Go time layouts', () => {
  it.each([
    ['2006-01-02 15:04:05.999999999 -0700 MST', '2026-01-01 10:00:00.25 +0000 UTC'],
    ['Mon Jan _2 15:04:05 2006', 'Thu Jan  1 10:00:00 2026'],
    ['Monday, 02-Jan-06 03:04:05.000 PM', 'Thursday, 01-Jan-26 10:00:00.250 AM'],
    ['2006-01-02T15:04:05Z07:00', '2026-01-01T10:00:00Z'],
    ['January 2, 2006 (day 002)', 'January 1, 2026 (day 001)'],
  ])('%s', (layout, expected) => {
    expect(goTimeFormat(T, layout)).toBe(expected);
  });
});

describe('template sets', () => {
  it('lets a later file redefine a default name, and reports a bad file with its line', () => {
    const user = NotificationTemplates.parse([
      { file: 'a.tmpl', text: '{{ define "x" }}first{{ end }}' },
      { file: 'b.tmpl', text: '{{ define "x" }}second {{ .Status }}{{ end }}' },
    ]);
    expect(user.text('f', '{{ template "x" . }}', data)).toBe('second firing');
    expect(() =>
      NotificationTemplates.parse([{ file: 'bad.tmpl', text: '{{ define "x" }}\nok\n{{ .Status | nope }}{{ end }}' }]),
    ).toThrow('bad.tmpl:3:14: function "nope" not defined');
  });
});
