// The pipeline around delivery: silences (persisted), inhibition, Alertmanager forwarding, restart without re-sending.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Notifier } from '../../../src/notify/index.js';
import { silencesRouter } from '../../../src/http/silences-api.js';
import { silentLogger } from '../../../src/log.js';
import { fastRoute, firing, HttpReceiver, resolved, settle, testConfig, testEnvironment, waitFor } from './support.js';

const env = testEnvironment();

async function setup(extra: Record<string, unknown> = {}) {
  const hook = await HttpReceiver.start();
  env.cleanups.push(() => hook.stop());
  const config = testConfig({
    route: fastRoute('hook'),
    receivers: [{ name: 'hook', webhook_configs: [{ url: hook.url('/hook') }] }],
    ...extra,
  });
  const open = async () => {
    const notifier = await Notifier.open({
      config,
      stateDir: env.stateDir,
      logger: silentLogger(),
      externalUrl: 'http://127.0.0.1:9187',
    });
    env.cleanups.push(() => notifier.close());
    return notifier;
  };
  return { hook, open };
}

const names = (hook: HttpReceiver) =>
  hook
    .accepted()
    .map((r) =>
      (r.body as { alerts: { labels: { alertname: string }; status: string }[] }).alerts
        .map((a) => `${a.labels.alertname}/${a.status}`)
        .join(','),
    );

describe('silences', () => {
  it('mute matching alerts through the Alertmanager v2 API, survive a restart, and release alerts when expired', async () => {
    const { hook, open } = await setup();
    let notifier = await open();
    const app = express().use(silencesRouter(() => notifier));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    env.cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    const now = Date.now();
    const created = await fetch(`${api}/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [{ name: 'alertname', value: 'Noisy', isRegex: false, isEqual: true }],
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'ops',
        comment: 'known issue',
      }),
    });
    expect(created.status).toBe(200);
    const { silenceID } = (await created.json()) as { silenceID: string };
    const bad = await fetch(`${api}/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"matchers":[]}',
    });
    expect(bad.status).toBe(400);
    expect(await (await fetch(`${api}/silences`)).json()).toMatchObject([
      { id: silenceID, status: { state: 'active' }, createdBy: 'ops' },
    ]);

    await notifier.close();
    notifier = await open();
    expect(notifier.listSilences()).toMatchObject([{ id: silenceID, status: { state: 'active' } }]);
    notifier.submit([firing('Noisy'), firing('Real')]);
    await waitFor(() => hook.accepted().length === 1, 'unsilenced alert');
    await settle();
    expect(names(hook)).toEqual(['Real/firing']);

    expect(await notifier.expireSilence(silenceID)).toBe(true);
    expect(notifier.getSilence(silenceID)?.status.state).toBe('expired');
    notifier.submit([firing('Noisy')]);
    await waitFor(() => hook.accepted().length === 2, 'released alert');
    expect(names(hook)[1]).toBe('Noisy/firing');
  });
});

describe('inhibition', () => {
  it('a firing PostgresDown mutes the other alerts of its instance only (built-in rule)', async () => {
    const { hook, open } = await setup();
    const notifier = await open();
    notifier.submit([
      firing('PostgresDown', { severity: 'critical' }),
      firing('Lag'),
      firing('Lag', { instance: 'db2' }),
    ]);
    await waitFor(() => hook.accepted().length === 2, 'two groups');
    await settle();
    expect(names(hook).sort()).toEqual(['Lag/firing', 'PostgresDown/firing']);
    const alerts = hook.accepted().flatMap((r) => (r.body as { alerts: { labels: Record<string, string> }[] }).alerts);
    expect(alerts.find((a) => a.labels['alertname'] === 'Lag')?.labels['instance']).toBe('db2');
  });

  it('configured inhibit_rules apply; the built-in rule can be switched off', async () => {
    const { hook, open } = await setup({
      builtin_inhibit_rules: false,
      inhibit_rules: [
        { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] },
      ],
    });
    const notifier = await open();
    notifier.submit([
      firing('PostgresDown', { severity: 'critical' }),
      firing('Lag'),
      firing('Other', { severity: 'info' }),
    ]);
    await waitFor(() => hook.accepted().length === 2, 'two groups');
    await settle();
    expect(names(hook).sort()).toEqual(['Other/firing', 'PostgresDown/firing']);
  });
});

describe('dedup across inhibition and silences', () => {
  it('a database outage (PostgresDown inhibits) does not re-send an unchanged alert, and its resolution still arrives', async () => {
    const { hook, open } = await setup();
    const notifier = await open();
    const backup = firing('PostgresBackupFailed', { severity: 'critical' });
    notifier.submit([backup]);
    await waitFor(() => hook.accepted().length === 1, 'first notification');
    const down = firing('PostgresDown', { severity: 'critical' });
    notifier.submit([backup, down]);
    await waitFor(() => hook.accepted().length === 2, 'PostgresDown');
    await settle(300); // several group_intervals with the backup alert inhibited
    notifier.submit([backup, resolved(down)]);
    await waitFor(() => hook.accepted().length === 3, 'PostgresDown resolved');
    await settle(300);
    expect(names(hook)).toEqual(['PostgresBackupFailed/firing', 'PostgresDown/firing', 'PostgresDown/resolved']);
    // The receiver heard it firing before the inhibition: it hears it resolved.
    notifier.submit([resolved(backup)]);
    await waitFor(() => hook.accepted().length === 4, 'backup resolved');
    expect(names(hook)[3]).toBe('PostgresBackupFailed/resolved');
  });

  it('a silence that ends while the alert still fires sends nothing new', async () => {
    const { hook, open } = await setup();
    const notifier = await open();
    const alert = firing('Lag');
    notifier.submit([alert]);
    await waitFor(() => hook.accepted().length === 1, 'first notification');
    const now = Date.now();
    const { silenceID } = await notifier.createSilence({
      matchers: [{ name: 'alertname', value: 'Lag', isRegex: false, isEqual: true }],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
      createdBy: 'ops',
      comment: 'maintenance',
    });
    notifier.submit([alert]);
    await settle(300); // group_intervals pass while it is silenced
    await notifier.expireSilence(silenceID);
    notifier.submit([alert]);
    await settle(400);
    expect(names(hook)).toEqual(['Lag/firing']);
  });
});

describe('alertmanager forwarding', () => {
  it('posts firing alerts with endsAt ahead, resends them, then posts the resolution', async () => {
    const am = await HttpReceiver.start([{ status: 503 }]);
    env.cleanups.push(() => am.stop());
    // Credentials in the URL reach Alertmanager but never a metric label.
    const { open } = await setup({ alertmanagers: [am.url('/').replace('://', '://pgwarden:AMSECRET@')] });
    const notifier = await open();
    const alert = firing('Lag');
    notifier.submit([alert]);
    await waitFor(() => am.accepted().length >= 2, 'retry after 503 and a resend');
    const posted = am.accepted()[0]!.body as { labels: Record<string, string>; endsAt: string; startsAt: string }[];
    expect(am.requests.every((r) => r.path === '/api/v2/alerts')).toBe(true);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.labels).toEqual(alert.labels);
    expect(Date.parse(posted[0]!.endsAt)).toBeGreaterThan(Date.now());
    const metrics = await notifier.registry.metrics();
    expect(metrics).toContain(`pgwarden_notifications_total{receiver="http://127.0.0.1:${am.port}"`);
    expect(metrics).not.toContain('AMSECRET');
    const at = Date.now();
    notifier.submit([resolved(alert, at)]);
    await waitFor(
      () => am.accepted().some((r) => (r.body as { endsAt: string }[])[0]?.endsAt === new Date(at).toISOString()),
      'resolution',
    );
  });
});

describe('repeat_interval', () => {
  it('re-sends an unchanged group once repeat_interval has passed', async () => {
    const { hook, open } = await setup({ route: fastRoute('hook', { repeat_interval: '300ms' }) });
    const notifier = await open();
    const alert = firing('Lag');
    notifier.submit([alert]);
    await waitFor(() => hook.accepted().length === 2, 'a repeat');
    expect(names(hook)).toEqual(['Lag/firing', 'Lag/firing']);
  });
});

describe('restart', () => {
  it('rebuilds groups from persisted state and incoming alerts without re-sending', async () => {
    const { hook, open } = await setup();
    let notifier = await open();
    const alert = firing('Lag');
    notifier.submit([alert, firing('Bloat')]);
    await waitFor(() => hook.accepted().length === 2, 'first notifications');
    await notifier.close();
    notifier = await open();
    notifier.submit([alert, firing('Bloat')]);
    await settle(500);
    expect(hook.accepted()).toHaveLength(2);
    // A new alert in an existing group is news; the group still knows its old member.
    notifier.submit([firing('Lag', { instance: 'db2' })]);
    await waitFor(() => hook.accepted().length === 3, 'update of the Lag group');
    expect(names(hook)[2]).toBe('Lag/firing,Lag/firing');
  });
});
