import { describe, expect, it } from 'vitest';
import { messageData, defaultTitle } from '../../../src/notify/message/data.js';
import { buildEmail } from '../../../src/notify/message/email.js';
import { buildSlackPayload, slackColor } from '../../../src/notify/message/slack.js';
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

describe('titles', () => {
  it.each([
    [[alert('a', 'firing'), alert('b', 'firing')], '[FIRING:2] PostgresReplicationLag (db1)'],
    [[alert('a', 'firing'), alert('b', 'resolved')], '[FIRING:1] PostgresReplicationLag (db1)'],
    [[alert('a', 'resolved')], '[RESOLVED:1] PostgresReplicationLag (db1)'],
    [[alert('a', 'firing'), alert('b', 'firing', { instance: 'db2' })], '[FIRING:2] PostgresReplicationLag'],
  ])('%#', (alerts, title) => {
    expect(defaultTitle(data(alerts))).toBe(title);
  });
});

describe('email', () => {
  const mail = buildEmail(data([alert('a', 'firing'), alert('b', 'resolved')]), {
    from: 'pgwarden@example.org',
    notificationId: 'n1',
  });
  it('lists every alert with annotations, value, start and a link, in both parts', () => {
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('lag on a');
      expect(part).toContain('lag on b');
      expect(part).toContain('replica is behind');
      expect(part).toContain('https://runbooks.example/lag');
      expect(part).toContain('42.5');
      expect(part).toContain('2026-01-01T10:00:00.000Z');
      expect(part).toContain('https://agent.example/alerts?fingerprint=a');
    }
    expect(mail.text.indexOf('lag on a')).toBeLessThan(mail.text.indexOf('lag on b'));
  });
  it('escapes HTML in label values', () => {
    const html = buildEmail(data([alert('a', 'firing', { instance: '<script>' })]), {
      from: 'x@y',
      notificationId: 'n',
    }).html;
    expect(html).not.toContain('<script>');
  });
  it('threads updates of one group and separates groups', () => {
    const again = buildEmail(data([alert('a', 'resolved')]), { from: 'pgwarden@example.org', notificationId: 'n2' });
    const other = buildEmail(data([alert('a', 'firing')], '0:{alertname="Other"}'), {
      from: 'pgwarden@example.org',
      notificationId: 'n3',
    });
    expect(again.headers['References']).toBe(mail.headers['References']);
    expect(again.headers['In-Reply-To']).toBe(mail.headers['In-Reply-To']);
    expect(again.headers['Message-ID']).not.toBe(mail.headers['Message-ID']);
    expect(other.headers['References']).not.toBe(mail.headers['References']);
    expect(mail.headers['Message-ID']).toMatch(/^<n1\.[0-9a-f]{32}@example\.org>$/);
  });
});

describe('slack', () => {
  it.each([
    [[alert('a', 'firing', { severity: 'critical' }), alert('b', 'firing')], 'danger'],
    [[alert('a', 'firing')], 'warning'],
    [[alert('a', 'firing', { severity: 'info' })], '#439FE0'],
    [[alert('a', 'resolved', { severity: 'critical' })], 'good'],
  ])('colour %#', (alerts, color) => {
    expect(slackColor(data(alerts))).toBe(color);
  });
  it('builds one attachment with summary lines and template overrides', () => {
    const payload = buildSlackPayload(data([alert('a', 'firing'), alert('b', 'resolved')]), {
      send_resolved: true,
      channel: '#db',
      title: '{{ .Status }}: {{ .CommonLabels.alertname }}',
    });
    expect(payload).toMatchObject({
      channel: '#db',
      attachments: [
        { title: 'firing: PostgresReplicationLag', text: '[FIRING] lag on a — db1\n[RESOLVED] lag on b — db1' },
      ],
    });
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
