// Delivery against real receivers on loopback: retries, Retry-After, timeouts, permanent failures, dead letters.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Notifier } from '../../../src/notify/index.js';
import { deadLettersRouter } from '../../../src/http/dead-letters-api.js';
import {
  capturingLogger,
  fastRoute,
  firing,
  resolved,
  settle,
  SmtpReceiver,
  testConfig,
  waitFor,
  testEnvironment,
} from './support.js';

const env = testEnvironment();

const { open, http } = env;

async function metric(notifier: Notifier, name: string, labels: Record<string, string>): Promise<number> {
  const values = (await notifier.registry.getMetricsAsJSON()).flatMap((family) =>
    (family.values as { labels: Record<string, string | number>; value: number; metricName?: string }[]).filter(
      (v) => (v.metricName ?? family.name) === name,
    ),
  );
  return values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))
    .reduce((s, v) => s + v.value, 0);
}

describe('webhook delivery', () => {
  it('retries 5xx and a hanging receiver, then delivers exactly once', async () => {
    const hook = await http([{ status: 500 }, 'hang', { status: 503 }]);
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
      }),
    );
    notifier.submit([firing('PostgresReplicationLag')]);
    await waitFor(() => hook.accepted().length === 1, 'delivery');
    await settle();
    expect(hook.requests.map((r) => r.status)).toEqual([500, 'hang', 503, 200]);
    expect(hook.accepted()[0]?.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'hook',
      alerts: [{ labels: { alertname: 'PostgresReplicationLag' } }],
    });
    expect(notifier.pending()).toHaveLength(0);
    expect(await metric(notifier, 'pgwarden_notifications_total', { receiver: 'hook', integration: 'webhook' })).toBe(
      1,
    );
    expect(
      await metric(notifier, 'pgwarden_notifications_failed_total', { receiver: 'hook', reason: 'http_500' }),
    ).toBe(1);
    expect(await metric(notifier, 'pgwarden_notifications_failed_total', { receiver: 'hook', reason: 'timeout' })).toBe(
      1,
    );
    expect(await metric(notifier, 'pgwarden_notification_latency_seconds_count', { receiver: 'hook' })).toBe(1);
  });

  it('gives up on a 4xx at once, logs it once and keeps it as a dead letter', async () => {
    const hook = await http([{ status: 400 }]);
    const { logger, lines } = capturingLogger();
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
      }),
      logger,
    );
    notifier.submit([firing('A')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'dead letter');
    await settle();
    expect(hook.requests).toHaveLength(1);
    expect(notifier.deadLetters()[0]).toMatchObject({
      reason: 'http_400',
      notification: { receiver: 'hook', integration: 'webhook' },
    });
    expect(lines.filter((l) => l.includes('failed permanently'))).toHaveLength(1);
    expect(await metric(notifier, 'pgwarden_outbox_pending', {})).toBe(0);
  });

  it('after an outage, one message probes the receiver and every waiting one is sent once it accepts', async () => {
    const hook = await http(Array.from({ length: 8 }, () => ({ status: 500 })));
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
        // Without the probe, the second group's message would wait 5-10 s after its first failure.
        delivery: { initial_backoff: '10s', max_backoff: '1h', probe_interval: '50ms', send_timeout: '1s' },
      }),
    );
    notifier.submit([firing('A'), firing('B')]);
    await waitFor(() => hook.accepted().length === 2, 'both groups delivered after the outage', 3000);
    const byGroup = (name: string) =>
      hook.requests.filter((r) => (r.body as { groupLabels: { alertname: string } }).groupLabels.alertname === name);
    const attempts = [byGroup('A').length, byGroup('B').length].sort((a, b) => a - b);
    // The waiting group tried once before the outage was known and once after the recovery; the probe did the rest.
    expect(attempts).toEqual([2, 8]);
  });

  it('waits longer for a receiver slower than the send timeout, retrying with the same idempotency key', async () => {
    const hook = await http(Array.from({ length: 10 }, () => ({ status: 200, delayMs: 500 })));
    const { logger, lines } = capturingLogger();
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
        delivery: { initial_backoff: '20ms', max_backoff: '100ms', send_timeout: '300ms' },
      }),
      logger,
    );
    notifier.submit([firing('A')]);
    await waitFor(() => notifier.pending().length === 0 && hook.requests.length > 0, 'delivery', 5000);
    // The first attempt timed out (the receiver still processed it); the second waited 600 ms and got the answer.
    expect(hook.requests).toHaveLength(2);
    const keys = hook.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(lines.filter((l) => l.includes('receiver slower than the send timeout'))).toHaveLength(1);
  });

  it('sends firing, then resolved, in order', async () => {
    const hook = await http([]);
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
      }),
    );
    const alert = firing('A');
    notifier.submit([alert]);
    await waitFor(() => hook.accepted().length === 1, 'firing');
    notifier.submit([resolved(alert)]);
    await waitFor(() => hook.accepted().length === 2, 'resolved');
    await settle();
    expect(hook.accepted().map((r) => (r.body as { status: string }).status)).toEqual(['firing', 'resolved']);
  });
});

describe('shutdown', () => {
  it('flush() gives every pending notification one more attempt, ignoring the backoff', async () => {
    const hook = await http([{ status: 500 }]);
    const notifier = await open(
      testConfig({
        route: fastRoute('hook'),
        receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
        delivery: { initial_backoff: '1h', max_backoff: '1h' },
      }),
    );
    notifier.submit([firing('A')]);
    await waitFor(() => hook.requests.length === 1, 'first attempt');
    await settle(200);
    expect(notifier.pending()).toHaveLength(1);
    await notifier.flush(5000);
    expect(hook.accepted()).toHaveLength(1);
    expect(notifier.pending()).toHaveLength(0);
  });
});

describe('slack delivery', () => {
  it('honours 429 Retry-After, posts one attachment per group, and keeps the webhook URL out of logs', async () => {
    const slack = await http([{ status: 429, retryAfter: '1' }]);
    const { logger, lines } = capturingLogger();
    const notifier = await open(
      testConfig({
        route: fastRoute('chat'),
        receivers: [
          {
            name: 'chat',
            slack_configs: [{ api_url: slack.url('/services/T0/B0/SECRETTOKEN'), channel: '#db', send_resolved: true }],
          },
        ],
      }),
      logger,
    );
    notifier.submit([firing('A', { severity: 'critical' }), firing('A', { instance: 'db2', severity: 'critical' })]);
    await waitFor(() => slack.accepted().length === 1, 'slack delivery');
    await settle();
    expect(slack.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(slack.accepted()[0]?.body).toMatchObject({
      channel: '#db',
      attachments: [
        { color: 'danger', title: '[FIRING:2] A (critical)', text: '', fallback: expect.stringContaining('/#/alerts') },
      ],
    });
    expect(lines.some((l) => l.includes('http_429'))).toBe(true);
    expect(lines.join('')).not.toContain('SECRETTOKEN');
  });
});

describe('email delivery', () => {
  function emailConfig(smtp: SmtpReceiver, extra: Record<string, unknown> = { send_resolved: true }) {
    const email = {
      to: 'dba@example.org',
      from: 'pgwarden@example.org',
      smarthost: `127.0.0.1:${smtp.port}`,
      require_tls: false,
      ...extra,
    };
    return testConfig({ route: fastRoute('mail'), receivers: [{ name: 'mail', email_configs: [email] }] });
  }

  it('retries a 451 and threads updates of one group', async () => {
    const smtp = await SmtpReceiver.start([451]);
    env.cleanups.push(() => smtp.stop());
    const notifier = await open(emailConfig(smtp));
    const alert = firing('PostgresReplicationLag');
    notifier.submit([alert]);
    await waitFor(() => smtp.accepted.length === 1, 'first mail');
    notifier.submit([resolved(alert)]);
    await waitFor(() => smtp.accepted.length === 2, 'resolved mail');
    await settle();
    expect(smtp.attempts).toEqual([451, 250, 250]);
    const [first, second] = smtp.accepted.map((m) => m.raw);
    // Alertmanager's default subject and HTML part (no text part unless `text` is configured).
    expect(first).toMatch(/^Subject: \[FIRING:1\] PostgresReplicationLag \(db1 warning\)/m);
    expect(second).toMatch(/^Subject: \[RESOLVED\] PostgresReplicationLag \(db1 warning\)/m);
    expect(first).not.toContain('Content-Type: text/plain');
    expect(first).toContain('Content-Type: text/html');
    // Long headers are folded onto continuation lines; unfold before reading them.
    const header = (raw: string | undefined, name: string) =>
      new RegExp(`^${name}: *(.*?)\r?$`, 'mi').exec((raw ?? '').replace(/\r?\n[ \t]+/g, ' '))?.[1];
    expect(header(first, 'References')).toBe(header(second, 'References'));
    expect(header(first, 'In-Reply-To')).toBe(header(first, 'References'));
    expect(header(first, 'Message-ID')).toMatch(/^<[0-9a-f-]{36}\.[0-9a-f]{32}@example\.org>$/);
    expect(header(first, 'Message-ID')).not.toBe(header(second, 'Message-ID'));
    expect(smtp.accepted[0]?.to).toEqual(['dba@example.org']);
  });

  it('authenticates with the configured credentials, and gives up on a rejected password without logging it', async () => {
    const smtp = await SmtpReceiver.start([], { user: 'pgwarden', pass: 'right-password' });
    env.cleanups.push(() => smtp.stop());
    const { logger, lines } = capturingLogger();
    const withPassword = (pass: string) => emailConfig(smtp, { auth_username: 'pgwarden', auth_password: pass });
    const good = await open(withPassword('right-password'), logger);
    good.submit([firing('A')]);
    await waitFor(() => smtp.accepted.length === 1, 'authenticated mail');
    await good.close();
    await rm(join(env.stateDir, 'notify'), { recursive: true });
    const bad = await open(withPassword('wrong-password'), logger);
    bad.submit([firing('A')]);
    await waitFor(() => bad.deadLetters().length === 1, 'dead letter');
    await settle();
    expect(bad.deadLetters()[0]).toMatchObject({ reason: 'smtp_535', notification: { attempts: 4 } });
    expect(smtp.accepted).toHaveLength(1);
    expect(lines.join('')).not.toMatch(/(right|wrong)-password/);
    // What failed is said once, in words.
    expect(lines.filter((l) => l.includes('cannot deliver to mail: authentication failed'))).toHaveLength(1);
  });

  it('retries a 550 on the first attempt and delivers', async () => {
    const smtp = await SmtpReceiver.start([550]);
    env.cleanups.push(() => smtp.stop());
    const notifier = await open(emailConfig(smtp));
    notifier.submit([firing('A')]);
    await waitFor(() => smtp.accepted.length === 1, 'delivery after a 550');
    expect(smtp.attempts).toEqual([550, 250]);
    expect(notifier.deadLetters()).toHaveLength(0);
  });

  it('a lasting 550 ends in dead letters after a few attempts; the API sends it again or drops it', async () => {
    const smtp = await SmtpReceiver.start([550, 550, 550, 550, 550, 550, 550, 550]);
    env.cleanups.push(() => smtp.stop());
    const notifier = await open(emailConfig(smtp));
    const server = express()
      .use(deadLettersRouter(() => notifier))
      .listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    env.cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/notifications/dead-letters`;
    notifier.submit([firing('A'), firing('B')]);
    await waitFor(() => notifier.deadLetters().length === 2, 'two dead letters');
    expect(smtp.attempts).toEqual(Array.from({ length: 8 }, () => 550));
    const listed = (await (await fetch(api)).json()) as {
      status: string;
      data: { id: string; reason: string; attempts: number; alerts: { labels: Record<string, string> }[] }[];
    };
    expect(listed.status).toBe('success');
    expect(listed.data.map((d) => [d.reason, d.attempts])).toEqual([
      ['smtp_550', 4],
      ['smtp_550', 4],
    ]);
    const [first, second] = listed.data;
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${api}/${path}`, { method: 'POST', headers });
    expect((await post(`${first!.id}/retry`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('no-such-id/retry')).status).toBe(404);
    expect(await (await post(`${first!.id}/retry`)).json()).toEqual({ status: 'success', data: { id: first!.id } });
    await waitFor(() => smtp.accepted.length === 1, 'the retried dead letter delivered');
    expect(smtp.accepted[0]?.raw).toContain(`[FIRING:1] ${first!.alerts[0]!.labels['alertname']}`);
    expect((await post(`${second!.id}/drop`)).status).toBe(200);
    expect(((await (await fetch(api)).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('says once, in words, that STARTTLS failed', async () => {
    const smtp = await SmtpReceiver.start();
    env.cleanups.push(() => smtp.stop());
    const { logger, lines } = capturingLogger();
    const notifier = await open(emailConfig(smtp, { require_tls: true }), logger);
    notifier.submit([firing('A')]);
    await waitFor(() => notifier.deadLetters().length === 1, 'dead letter');
    expect(lines.filter((l) => l.includes('STARTTLS refused or failed'))).toHaveLength(1);
    expect(notifier.deadLetters()[0]?.detail).toMatch(/^STARTTLS refused or failed/);
  });
});
