// Side by side with the real Alertmanager 0.25 (Debian's prometheus-alertmanager): the same alerting config, the same
// alerts and the same faults, each into its own loopback receiver. Per scenario, pgwarden must lose and duplicate
// nothing where Alertmanager does not, and send what Alertmanager sends. Timings (recovery, first request) are printed
// for docs/notifications.md, not asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { silentLogger } from '../../src/log.js';
import { alertingConfigSchema, Notifier, type NotifiableAlert } from '../../src/notify/index.js';
import { SmtpReceiver } from '../e2e/notify/support.js';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  firstPosted.clear();
});

interface Hit {
  at: number;
  status: number;
  alerts: { name: string; status: string }[];
}

/** A webhook receiver whose answer is decided per request (`answer`), recording every request with its time. */
async function receiver(answer: () => number = () => 200): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const status = answer();
      const parsed = JSON.parse(body) as { alerts: { labels: { alertname: string }; status: string }[] };
      hits.push({
        at: Date.now(),
        status,
        alerts: parsed.alerts.map((a) => ({ name: a.labels.alertname, status: a.status })),
      });
      res.writeHead(status).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

const accepted = (hits: readonly Hit[], name: string, status: string) =>
  hits.filter((h) => h.status < 300 && h.alerts.some((a) => a.name === name && a.status === status)).length;

/** The two systems behind one interface: post alerts, create and expire silences. */
interface System {
  readonly name: 'alertmanager' | 'pgwarden';
  post(alerts: { labels: Record<string, string>; status: 'firing' | 'resolved' }[]): Promise<void>;
  silence(matchers: Record<string, string>): Promise<string>;
  expire(id: string): Promise<void>;
}

/** When an alert (by labels) was first posted: its startsAt, as Prometheus keeps it while the alert fires. */
const firstPosted = new Map<string, number>();
function started(labels: Record<string, string>, now: number): number {
  const key = JSON.stringify(labels);
  if (!firstPosted.has(key)) firstPosted.set(key, now);
  return firstPosted.get(key)!;
}

const route = { group_by: ['alertname'], group_wait: '1s', group_interval: '2s', repeat_interval: '1h' };

async function alertmanager(config: Record<string, unknown>): Promise<System> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-am-'));
  writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(config));
  const port = await freePort();
  const child: ChildProcess = spawn(
    ALERTMANAGER,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      process.env.PARITY_DEBUG ? '--log.level=debug' : '--log.level=warn',
    ],
    { stdio: process.env.PARITY_DEBUG ? 'inherit' : 'ignore' },
  );
  cleanups.push(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const api = `http://127.0.0.1:${port}/api/v2`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined);
    if (ready?.ok) break;
    if (i > 100) throw new Error('alertmanager did not start');
    await sleep(100);
  }
  return {
    name: 'alertmanager',
    async post(alerts) {
      const now = Date.now();
      const body = alerts.map((a) => ({
        labels: a.labels,
        annotations: {},
        startsAt: new Date(started(a.labels, now)).toISOString(),
        endsAt: new Date(a.status === 'firing' ? now + 3600_000 : now).toISOString(),
      }));
      const res = await fetch(`${api}/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    },
    async silence(matchers) {
      const res = await fetch(`${api}/silences`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(silenceBody(matchers)),
      });
      return ((await res.json()) as { silenceID: string }).silenceID;
    },
    async expire(id) {
      await fetch(`${api}/silence/${id}`, { method: 'DELETE' });
    },
  };
}

function silenceBody(matchers: Record<string, string>) {
  const now = Date.now();
  return {
    matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3600_000).toISOString(),
    createdBy: 'parity',
    comment: 'parity test',
  };
}

async function pgwarden(config: Record<string, unknown>): Promise<System> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-parity-'));
  const notifier = await Notifier.open({
    config: alertingConfigSchema.parse({ ...config, builtin_inhibit_rules: false }),
    stateDir,
    logger: silentLogger(),
    externalUrl: 'http://127.0.0.1:9187',
  });
  cleanups.push(async () => {
    await notifier.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  return {
    name: 'pgwarden',
    async post(alerts) {
      const now = Date.now();
      notifier.submit(
        alerts.map((a): NotifiableAlert => {
          return {
            labels: a.labels,
            annotations: {},
            startsAt: started(a.labels, now),
            endsAt: a.status === 'firing' ? now + 3600_000 : now,
            generatorURL: '',
            status: a.status,
            fingerprint: '',
          };
        }),
      );
    },
    async silence(matchers) {
      return (await notifier.createSilence(silenceBody(matchers))).silenceID;
    },
    async expire(id) {
      await notifier.expireSilence(id);
    },
  };
}

const both = async (config: (hookUrl: string) => Record<string, unknown>, answer?: () => number) => {
  const amHook = await receiver(answer);
  const pgHook = await receiver(answer);
  const systems = [
    { system: await alertmanager(config(amHook.url)), hits: amHook.hits },
    { system: await pgwarden(config(pgHook.url)), hits: pgHook.hits },
  ];
  return systems;
};

const webhookConfig = (url: string, extra: Record<string, unknown> = {}) => ({
  route: { receiver: 'hook', ...route },
  receivers: [{ name: 'hook', webhook_configs: [{ url, send_resolved: true }] }],
  ...extra,
});

const results: string[] = [];
const record = (row: string) => {
  results.push(row);
  process.stdout.write(`parity: ${row}\n`);
};

describe('pgwarden and Alertmanager 0.25 on the same faults', () => {
  it('healthy path: one firing message each, and the time from alert to request', async () => {
    const [am, pg] = await both((url) => webhookConfig(url));
    const at = Date.now();
    await Promise.all([
      am!.system.post([{ labels: { alertname: 'A' }, status: 'firing' }]),
      pg!.system.post([{ labels: { alertname: 'A' }, status: 'firing' }]),
    ]);
    await sleep(4000);
    for (const side of [am!, pg!]) expect(accepted(side.hits, 'A', 'firing')).toBe(1);
    record(
      `healthy: first request after ${am!.hits[0]!.at - at} ms (alertmanager) / ${pg!.hits[0]!.at - at} ms (pgwarden), group_wait 1s`,
    );
  });

  it('receiver answers 500 for 10 s: each delivers once; recovery delay and requests against the dead receiver', async () => {
    let failUntil = Infinity;
    const [am, pg] = await both(
      (url) => webhookConfig(url),
      () => (Date.now() < failUntil ? 500 : 200),
    );
    failUntil = Date.now() + 10_000;
    await Promise.all([am!, pg!].map((s) => s.system.post([{ labels: { alertname: 'A' }, status: 'firing' }])));
    await sleep(16_000);
    const row = [am!, pg!].map((side) => {
      expect(accepted(side.hits, 'A', 'firing')).toBe(1);
      const failed = side.hits.filter((h) => h.status >= 500).length;
      const recovery = side.hits.find((h) => h.status < 300)!.at - failUntil;
      return `${side.system.name}: ${failed} failed requests, delivered ${recovery} ms after recovery`;
    });
    record(`outage 10s: ${row.join('; ')}`);
  });

  it('notified, inhibited, then resolved: the resolved message arrives (Alertmanager sends it)', async () => {
    const [am, pg] = await both((url) =>
      webhookConfig(url, {
        inhibit_rules: [
          { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] },
        ],
      }),
    );
    const warning = { alertname: 'Lag', severity: 'warning', instance: 'db1' };
    const critical = { alertname: 'Down', severity: 'critical', instance: 'db1' };
    const sides = [am!, pg!];
    await Promise.all(sides.map((s) => s.system.post([{ labels: warning, status: 'firing' }])));
    await sleep(2500);
    await Promise.all(sides.map((s) => s.system.post([{ labels: critical, status: 'firing' }])));
    await sleep(5000);
    await Promise.all(
      sides.map((s) =>
        s.system.post([
          { labels: critical, status: 'resolved' },
          { labels: warning, status: 'resolved' },
        ]),
      ),
    );
    await sleep(5000);
    const [amResolved, pgResolved] = sides.map((s) => accepted(s.hits, 'Lag', 'resolved'));
    expect(pgResolved).toBeGreaterThanOrEqual(amResolved!);
    expect(pgResolved).toBe(1);
    for (const side of sides) expect(accepted(side.hits, 'Lag', 'firing')).toBe(1);
    record(`inhibit then resolve: Lag resolved sent ${amResolved} (alertmanager) / ${pgResolved} (pgwarden)`);
  });

  it('a silence that ends while the alert fires sends nothing new', async () => {
    const [am, pg] = await both((url) => webhookConfig(url));
    const sides = [am!, pg!];
    await Promise.all(sides.map((s) => s.system.post([{ labels: { alertname: 'A' }, status: 'firing' }])));
    await sleep(2500);
    const ids = await Promise.all(sides.map((s) => s.system.silence({ alertname: 'A' })));
    await sleep(5000);
    await Promise.all(sides.map((s, i) => s.system.expire(ids[i]!)));
    await sleep(5000);
    const [amFiring, pgFiring] = sides.map((s) => accepted(s.hits, 'A', 'firing'));
    expect(pgFiring).toBeLessThanOrEqual(amFiring!);
    expect(pgFiring).toBe(1);
    record(`silence expires while firing: firing sent ${amFiring} (alertmanager) / ${pgFiring} (pgwarden)`);
  });

  it('SMTP answers 550 once: the e-mail is delivered once', async () => {
    const servers = [await SmtpReceiver.start([550]), await SmtpReceiver.start([550])];
    for (const server of servers) cleanups.push(() => server.stop());
    const config = (port: number) => ({
      global: { smtp_from: 'am@example.org', smtp_smarthost: `127.0.0.1:${port}`, smtp_require_tls: false },
      route: { receiver: 'mail', ...route },
      receivers: [{ name: 'mail', email_configs: [{ to: 'dba@example.org' }] }],
    });
    const sides = [await alertmanager(config(servers[0]!.port)), await pgwarden(config(servers[1]!.port))];
    await Promise.all(sides.map((s) => s.post([{ labels: { alertname: 'A' }, status: 'firing' }])));
    await sleep(6000);
    const [amMails, pgMails] = servers.map((s) => s.accepted.length);
    expect(pgMails).toBeGreaterThanOrEqual(amMails!);
    expect(pgMails).toBe(1);
    record(
      `smtp 550 once: delivered ${amMails} (alertmanager, replies ${servers[0]!.attempts.join(',')}) / ${pgMails} (pgwarden, replies ${servers[1]!.attempts.join(',')})`,
    );
  });
});
