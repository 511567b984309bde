import { describe, expect, it } from 'vitest';
import { messageData, type MessageData } from '../../../src/notify/message/data.js';
import { buildEmail } from '../../../src/notify/message/email.js';
import { buildSlackPayload } from '../../../src/notify/message/slack.js';
import type { SlackConfig } from '../../../src/notify/config.js';
import { TemplateRenderer } from '../../../src/notify/templates/render.js';
import { NotificationTemplates } from '../../../src/notify/templates/set.js';
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../../../src/log.js';
import { buildWebhookPayload } from '../../../src/notify/message/webhook.js';
import { checkTemplate, renderTemplate } from '../../../src/notify/message/template.js';
import type { NotifiableAlert, Notification } from '../../../src/notify/types.js';

const T = Date.parse('2026-01-01T10:00:00Z');
function alert(id: string, status: 'firing' | 'resolved', labels: Record<string, string> = {}): NotifiableAlert {
  return {
    labels: { alertname: 'PostgresReplicationLag', instance: 'db1', severity: 'warning', ...labels },
    annotations: {
      summary: `lag on ${id}`,
      description: 'replica is behind',
      runbook_url: 'https://runbooks.example/lag',
    },
    startsAt: T,
    endsAt: status === 'resolved' ? T + 60_000 : 0,
    generatorURL: 'http://agent/rules',
    status,
    fingerprint: id,
    value: 42.5,
  };
}
function notification(alerts: NotifiableAlert[], groupKey = '0:{alertname="PostgresReplicationLag"}'): Notification {
  return {
    id: 'n1',
    lane: 'l',
    groupKey,
    receiver: 'team',
    integration: 'email',
    index: 0,
    groupLabels: { alertname: 'PostgresReplicationLag' },
    alerts,
    createdAt: T,
    attempts: 0,
    nextAttemptAt: T,
  };
}
const data = (alerts: NotifiableAlert[], key?: string) =>
  messageData(notification(alerts, key), 'https://agent.example/');

const templates = NotificationTemplates.load([], '/');
function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}
const renderer = (logger = silentLogger()) => new TemplateRenderer(templates, logger);
const fields = (d: MessageData, where = 'team/x[0]') => renderer().forData(d, where);

describe('default subject (Alertmanager __subject)', () => {
  it.each([
    [[alert('a', 'firing'), alert('b', 'firing')], '[FIRING:2] PostgresReplicationLag (db1 warning)'],
    [[alert('a', 'firing'), alert('b', 'resolved')], '[FIRING:1] PostgresReplicationLag (db1 warning)'],
    [[alert('a', 'resolved')], '[RESOLVED] PostgresReplicationLag (db1 warning)'],
    [[alert('a', 'firing'), alert('b', 'firing', { instance: 'db2' })], '[FIRING:2] PostgresReplicationLag (warning)'],
  ])('%#', (alerts, subject) => {
    const d = data(alerts);
    expect(buildEmail(d, {}, { from: 'x@y', notificationId: 'n' }, fields(d)).subject).toBe(subject);
  });
});

describe('email', () => {
  const d = data([alert('a', 'firing'), alert('b', 'resolved')]);
  const mail = buildEmail(d, {}, { from: 'pgwarden@example.org', notificationId: 'n1' }, fields(d));
  it("renders Alertmanager's default HTML (every alert, firing first) and no text part", () => {
    const html = mail.html ?? '';
    expect(html).toContain('<title>[FIRING:1] PostgresReplicationLag (db1 warning)</title>');
    expect(html).toContain('[1] Firing');
    expect(html).toContain('summary = lag on a<br');
    expect(html.indexOf('lag on a')).toBeLessThan(html.indexOf('[1] Resolved'));
    expect(html).toContain('summary = lag on b<br');
    expect(html).toContain('href="https://agent.example/#/alerts?receiver=team"');
    expect(html).not.toContain('<!--');
    expect(mail.text).toBeUndefined();
  });
  it('expands the text, html and header templates of the config', () => {
    const custom = buildEmail(
      d,
      {
        text: '{{ template "__text_alert_list" .Alerts.Firing }}',
        html: '<b>{{ .CommonLabels.instance }}</b>',
        headers: { Subject: '{{ .Status | toUpper }} {{ .GroupLabels.alertname }}', 'X-Group': '{{ .GroupKey }}' },
      },
      { from: 'x@y', notificationId: 'n' },
      fields(d),
    );
    expect(custom.subject).toBe('FIRING PostgresReplicationLag');
    expect(custom.html).toBe('<b>db1</b>');
    expect(custom.text).toContain('Labels:\n - alertname = PostgresReplicationLag\n - instance = db1');
    expect(custom.headers['X-Group']).toBe('0:{alertname="PostgresReplicationLag"}');
  });
  it('escapes HTML in label values as html/template does', () => {
    const bad = data([alert('a', 'firing', { instance: '<script>' })]);
    const html = buildEmail(bad, {}, { from: 'x@y', notificationId: 'n' }, fields(bad)).html;
    expect(html).not.toContain('<script>');
    expect(html).toContain('instance = &lt;script&gt;<br');
  });
  it('falls back to the default template when a configured one fails, and logs that once', () => {
    const { logger, lines } = capturingLogger();
    const render = renderer(logger);
    for (let i = 0; i < 3; i++) {
      const content = buildEmail(
        d,
        { html: '{{ .Alerts.Nope }}' },
        { from: 'x@y', notificationId: 'n' },
        render.forData(d, 'team/email_configs[0]'),
      );
      expect(content.html).toContain('<title>[FIRING:1] PostgresReplicationLag (db1 warning)</title>');
    }
    const errors = lines.filter((l) => l.includes('notification template failed'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('team/email_configs[0].html');
    expect(errors[0]).toContain("can't evaluate field Nope");
  });
  it('threads updates of one group and separates groups', () => {
    const build = (alerts: NotifiableAlert[], id: string, key?: string) => {
      const dd = data(alerts, key);
      return buildEmail(dd, {}, { from: 'pgwarden@example.org', notificationId: id }, fields(dd));
    };
    const again = build([alert('a', 'resolved')], 'n2');
    const other = build([alert('a', 'firing')], 'n3', '0:{alertname="Other"}');
    expect(again.headers['References']).toBe(mail.headers['References']);
    expect(again.headers['In-Reply-To']).toBe(mail.headers['In-Reply-To']);
    expect(again.headers['Message-ID']).not.toBe(mail.headers['Message-ID']);
    expect(other.headers['References']).not.toBe(mail.headers['References']);
    expect(mail.headers['Message-ID']).toMatch(/^<n1\.[0-9a-f]{32}@example\.org>$/);
  });
});

describe('slack', () => {
  const slack = (overrides: Partial<SlackConfig>, d = data([alert('a', 'firing')])) =>
    buildSlackPayload({ send_resolved: true, short_fields: false, link_names: false, ...overrides }, fields(d));
  it("builds Alertmanager's default payload", () => {
    expect(slack({})).toEqual({
      username: 'Alertmanager',
      attachments: [
        {
          title: '[FIRING:1] PostgresReplicationLag (db1 warning)',
          title_link: 'https://agent.example/#/alerts?receiver=team',
          text: '',
          fallback: '[FIRING:1] PostgresReplicationLag (db1 warning) | https://agent.example/#/alerts?receiver=team',
          callback_id: '',
          footer: '',
          color: 'danger',
          mrkdwn_in: ['fallback', 'pretext', 'text'],
        },
      ],
    });
    expect(slack({}, data([alert('a', 'resolved')]))).toMatchObject({ attachments: [{ color: 'good' }] });
  });
  it('expands every templated field, fields and actions included', () => {
    const payload = slack({
      channel: '#db-{{ .CommonLabels.severity }}',
      title: '{{ .Status }}: {{ .CommonLabels.alertname }}',
      text: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}',
      pretext: 'p',
      footer: 'f',
      icon_emoji: ':fire:',
      color: '{{ if eq .CommonLabels.severity "warning" }}warning{{ end }}',
      fields: [
        { title: 'instance', value: '{{ .CommonLabels.instance }}' },
        { title: 't', value: 'v', short: false },
      ],
      short_fields: true,
      actions: [
        { type: 'button', text: 'Runbook', url: '{{ .CommonAnnotations.runbook_url }}', name: 'dropped' },
        { type: 'button', text: 'Ack', name: 'ack', value: '{{ .GroupLabels.alertname }}', confirm: { text: 'sure?' } },
      ],
    });
    expect(payload).toMatchObject({
      channel: '#db-warning',
      icon_emoji: ':fire:',
      attachments: [
        {
          title: 'firing: PostgresReplicationLag',
          text: 'lag on a',
          pretext: 'p',
          footer: 'f',
          color: 'warning',
          fields: [
            { title: 'instance', value: 'db1', short: true },
            { title: 't', value: 'v', short: false },
          ],
          actions: [
            { type: 'button', text: 'Runbook', url: 'https://runbooks.example/lag' },
            { type: 'button', text: 'Ack', name: 'ack', value: 'PostgresReplicationLag', confirm: { text: 'sure?' } },
          ],
        },
      ],
    });
  });
  it('cuts a title to 1024 characters as Alertmanager does', () => {
    const payload = slack({ title: '{{ range .Alerts }}' + 'x'.repeat(2000) + '{{ end }}' });
    const title = (payload['attachments'] as { title: string }[])[0]?.title ?? '';
    expect([...title]).toHaveLength(1024);
    expect(title.endsWith('x…')).toBe(true);
  });
});

describe('webhook payload', () => {
  it('follows Alertmanager version 4 and truncates to max_alerts', () => {
    const payload = buildWebhookPayload(data([alert('a', 'firing'), alert('b', 'resolved')]), 1);
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'team',
      truncatedAlerts: 1,
      externalURL: 'https://agent.example/',
    });
    expect(payload['alerts']).toEqual([
      expect.objectContaining({ fingerprint: 'a', status: 'firing', endsAt: '0001-01-01T00:00:00Z' }),
    ]);
  });
});

describe('templates (Go text/template)', () => {
  it.each([
    ['{{ .Status }} {{ .GroupLabels.alertname }}', 'firing PostgresReplicationLag'],
    ['{{/* note */}}x{{ .CommonLabels.missing }}', 'x'],
    [
      '{{ range .Alerts }}{{ .Labels.instance }}:{{ .Annotations.summary | toUpper }};{{ end }}',
      'db1:LAG ON A;db1:LAG ON B;',
    ],
    ['{{ len .Alerts }} alerts for {{ .Receiver }}', '2 alerts for team'],
    ['{{ .Nope.Field }}', '<error expanding template: '],
  ])('%s', (template, expected) => {
    expect(renderTemplate(template, data([alert('a', 'firing'), alert('b', 'firing')]))).toContain(expected);
  });
  it('rejects templates that do not parse', () => {
    expect(() => checkTemplate('{{ range .Alerts }}x')).toThrow(/invalid template/);
    expect(() => checkTemplate('{{ nosuchfunc .Status }}')).toThrow(/invalid template/);
  });
});
