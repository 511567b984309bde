// Template parity: the same alerts, with the same user template file, through the real Alertmanager 0.25 (Debian's
// prometheus-alertmanager) and through pgwarden's notifier into loopback Slack webhooks; the Slack bodies must be
// equal — once with Alertmanager's default templates, once with a user file that redefines a default and uses the
// data model (.Alerts.Firing, KV methods, time values) and Alertmanager's functions in every templated Slack field.
// The user file redefines slack.default.footer, so the default config shows a redefined default too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanagers } from '../../bench/alertmanager-process.js';
import { silentLogger } from '../../src/log.js';
import { alertingConfigSchema, Notifier, type NotifiableAlert } from '../../src/notify/index.js';
import { templateFiles } from '../../src/notify/templates/set.js';

const EXTERNAL_URL = 'http://127.0.0.1:9187';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<unknown> | void)[] = [];

const USER_TEMPLATE = `{{ define "slack.default.footer" }}{{ .Alerts.Resolved | len }} resolved{{ end }}
{{ define "team.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.Remove .GroupLabels.Names | len }} common){{ end }}
{{ define "team.text" }}{{ range .Alerts.Firing }}:fire: *{{ .Labels.alertname | title }}* {{ .Annotations.summary }}
  labels: {{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}
  since {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }} ({{ .StartsAt }})
{{ end }}{{ range .Alerts.Resolved }}:white_check_mark: {{ .Labels.instance | toUpper }} resolved at {{ .EndsAt.Format "15:04:05.000" }}
{{ end }}{{ template "__text_alert_list" .Alerts.Resolved }}{{ end }}
{{ define "team.pretext" }}{{ .GroupLabels.SortedPairs.Values | join " / " }} for {{ .Receiver }} at {{ .ExternalURL }}{{ end }}
`;

/** Two Slack configs: every default, and every templated field set from the user's file. */
function alerting(base: string, templates: string[]) {
  return {
    templates,
    route: {
      receiver: 'team.db',
      group_by: ['alertname'],
      group_wait: '1s',
      group_interval: '2s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'team.db',
        slack_configs: [
          { api_url: `${base}/default`, send_resolved: true },
          {
            api_url: `${base}/custom`,
            send_resolved: true,
            channel: '#{{ .CommonLabels.severity | toLower }}',
            username: 'pgwarden {{ .Status | title }}',
            icon_emoji: ':{{ if eq .Status "firing" }}fire{{ else }}ok{{ end }}:',
            color:
              '{{ if .Alerts.Firing }}{{ if eq .CommonLabels.severity "critical" }}danger{{ else }}warning{{ end }}{{ else }}good{{ end }}',
            title: '{{ template "team.title" . }}',
            text: '{{ template "team.text" . }}',
            pretext: '{{ template "team.pretext" . }}',
            title_link: '{{ template "__alertmanagerURL" . }}&n={{ len .Alerts | printf "%d" }}',
            footer:
              '{{ reReplaceAll "db([0-9]+)" "node-$1" (.CommonLabels.Names | join ",") }} {{ match "^Pg" .CommonLabels.alertname }}',
            fallback: '{{ .CommonAnnotations.SortedPairs.Names | join "," }}|{{ .CommonLabels.Values | join "," }}',
            fields: [
              { title: 'Instances', value: '{{ range .Alerts }}{{ .Labels.instance }} {{ end }}', short: true },
              { title: 'Runbook', value: '{{ .CommonAnnotations.runbook_url }}' },
            ],
            short_fields: false,
            actions: [
              {
                type: 'button',
                text: 'Runbook {{ .GroupLabels.alertname }}',
                url: '{{ .CommonAnnotations.runbook_url }}',
              },
              { type: 'button', text: 'Ack', name: 'ack', value: '{{ stringSlice "a" "b" | join "-" }}' },
            ],
          },
        ],
      },
    ],
  };
}

async function recorder(): Promise<{ base: string; bodies: { path: string; body: unknown }[] }> {
  const bodies: { path: string; body: unknown }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', body: JSON.parse(body) as unknown });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

const STARTS_AT = Date.now() - 90_000;
const RESOLVED_AT = Date.now() - 1_234;
const annotations = { summary: 'replication lag > 5 min & "growing"', runbook_url: 'https://runbooks.example/lag' };
const alertLabels = (instance: string) => ({ alertname: 'PgReplicationLag', instance, severity: 'critical' });
type Post = (resolveDb2: boolean) => Promise<void>;

async function alertmanager(base: string, templateFile: string): Promise<Post> {
  const am = await startAlertmanagers(alerting(base, [templateFile]), { externalUrl: EXTERNAL_URL });
  cleanups.push(() => am.stop());
  const url = am.nodes[0]!.url;
  return async (resolveDb2) => {
    const body = ['db1', 'db2'].map((instance) => ({
      labels: alertLabels(instance),
      annotations,
      generatorURL: `http://127.0.0.1:9187/graph?instance=${instance}`,
      startsAt: new Date(STARTS_AT).toISOString(),
      endsAt: new Date(resolveDb2 && instance === 'db2' ? RESOLVED_AT : Date.now() + 3_600_000).toISOString(),
    }));
    const res = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
}

async function pgwarden(dir: string, base: string, templateFile: string): Promise<Post> {
  const config = alertingConfigSchema.parse({ ...alerting(base, [templateFile]), builtin_inhibit_rules: false });
  const notifier = await Notifier.open({
    config: { ...config, templates: templateFiles(config.templates, dir) },
    stateDir: dir,
    logger: silentLogger(),
    externalUrl: EXTERNAL_URL,
  });
  cleanups.push(() => notifier.close());
  return (resolveDb2) => {
    notifier.submit(
      ['db1', 'db2'].map((instance): NotifiableAlert => ({
        labels: alertLabels(instance),
        annotations,
        startsAt: STARTS_AT,
        endsAt: resolveDb2 && instance === 'db2' ? RESOLVED_AT : 0,
        generatorURL: `http://127.0.0.1:9187/graph?instance=${instance}`,
        status: resolveDb2 && instance === 'db2' ? 'resolved' : 'firing',
        fingerprint: '',
      })),
    );
    return Promise.resolve();
  };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('templates: the same alerts and template file through Alertmanager 0.25 and pgwarden', () => {
  let am: { path: string; body: unknown }[];
  let pg: { path: string; body: unknown }[];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-templates-interop-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const templateFile = path.join(dir, 'team.tmpl');
    writeFileSync(templateFile, USER_TEMPLATE);
    const pgDir = mkdtempSync(path.join(dir, 'pg'));
    const amRecorder = await recorder();
    const pgRecorder = await recorder();
    const sides = [
      await alertmanager(amRecorder.base, templateFile),
      await pgwarden(pgDir, pgRecorder.base, templateFile),
    ];
    await Promise.all(sides.map((post) => post(false)));
    await waitFor(() => [amRecorder, pgRecorder].every((r) => r.bodies.length >= 2), 'firing messages');
    await Promise.all(sides.map((post) => post(true)));
    await waitFor(() => [amRecorder, pgRecorder].every((r) => r.bodies.length >= 4), 'resolved messages');
    await sleep(1500); // nothing more arrives
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    am = [...amRecorder.bodies].sort(byPath);
    pg = [...pgRecorder.bodies].sort(byPath);
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('sends as many messages', () => {
    expect(pg.map((m) => m.path)).toEqual(am.map((m) => m.path));
  });

  it.each([
    ['the default templates, firing', '/default', 0],
    ['the default templates, one alert resolved', '/default', 1],
    ['the user template, firing', '/custom', 0],
    ['the user template, one alert resolved', '/custom', 1],
  ])('renders %s as Alertmanager does', (_name, destination, index) => {
    const amBody = am.filter((m) => m.path === destination)[index]?.body;
    const pgBody = pg.filter((m) => m.path === destination)[index]?.body;
    expect(amBody).toBeDefined();
    expect(pgBody).toEqual(amBody);
  });
});
