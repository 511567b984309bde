// Side by side with the real Alertmanager 0.25 (Debian's prometheus-alertmanager): the same alerting config, the same
// alerts and the same faults, each into its own loopback receiver. Per scenario, pgwarden must lose and duplicate
// nothing where Alertmanager does not, and send what Alertmanager sends. Timings (recovery, first request) are printed
// for docs/notifications.md, not asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlertmanagers } from '../../bench/alertmanager-process.js';
import { silentLogger } from '../../src/log.js';
import { alertingConfigSchema, Notifier, type NotifiableAlert } from '../../src/notify/index.js';
import { SmtpReceiver } from '../e2e/notify/support.js';

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
  const am = await startAlertmanagers(config, { debug: Boolean(process.env.PARITY_DEBUG) });
  cleanups.push(() => am.stop());
  const api = `${am.nodes[0]!.url}/api/v2`;
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

/** Both systems with one webhook receiver per name, each into its own loopback server: hits by side and name. */
async function bothWith(names: readonly string[], config: (urls: Record<string, string>) => Record<string, unknown>) {
  const sides = [];
  for (const start of [alertmanager, pgwarden]) {
    const hooks: Record<string, { url: string; hits: Hit[] }> = {};
    for (const name of names) hooks[name] = await receiver();
    const urls = Object.fromEntries(names.map((n) => [n, hooks[n]!.url]));
    sides.push({ system: await start(config(urls)), hooks });
  }
  return sides;
}

const postAll = (
  sides: readonly { system: System }[],
  alerts: { labels: Record<string, string>; status: 'firing' | 'resolved' }[],
) => Promise.all(sides.map((s) => s.system.post(alerts)));

/** When each request arrived, in ms after `from`, with the alerts it carried: for the record, not asserted. */
const timeline = (hits: readonly Hit[], from: number) =>
  hits.map((h) => `+${h.at - from}:${h.alerts.map((a) => `${a.name}/${a.status}`).join('+')}`).join(' ');

describe('pgwarden and Alertmanager 0.25 on the same timers and routes', () => {
  it('repeat_interval: an unchanged firing group is sent again on the first flush after repeat_interval', async () => {
    const [am, pg] = await both((url) => ({
      route: { receiver: 'hook', ...route, repeat_interval: '5s' },
      receivers: [{ name: 'hook', webhook_configs: [{ url, send_resolved: true }] }],
    }));
    const sides = [am!, pg!];
    const at = Date.now();
    await postAll(sides, [{ labels: { alertname: 'A' }, status: 'firing' }]);
    // group_wait 1s, group_interval 2s, repeat 5s: sent at ~1s, ~7s, ~13s (flushes at 1, 3, 5, 7, ...).
    await sleep(14_500);
    const [amSent, pgSent] = sides.map((s) => accepted(s.hits, 'A', 'firing'));
    expect(amSent).toBe(3);
    expect(pgSent).toBe(amSent);
    record(
      `repeat_interval 5s over 14.5 s: ${timeline(am!.hits, at)} (alertmanager) / ${timeline(pg!.hits, at)} (pgwarden)`,
    );
  });

  it('group_interval: an alert joining a notified group waits for the next flush, and both are sent together', async () => {
    const [am, pg] = await both((url) => webhookConfig(url));
    const sides = [am!, pg!];
    const at = Date.now();
    await postAll(sides, [{ labels: { alertname: 'A', instance: 'db1' }, status: 'firing' }]);
    await sleep(3500); // flushes at ~1s and ~3s; the next at ~5s
    await postAll(sides, [{ labels: { alertname: 'A', instance: 'db2' }, status: 'firing' }]);
    await sleep(500);
    // Not sent on arrival: the group's next flush is about a second and a half away.
    for (const side of sides) expect(side.hits.map((h) => h.alerts.length)).toEqual([1]);
    await sleep(3500);
    for (const side of sides) expect(side.hits.map((h) => h.alerts.length)).toEqual([1, 2]);
    record(
      `group_interval, a second alert joins: ${timeline(am!.hits, at)} (alertmanager) / ${timeline(pg!.hits, at)} (pgwarden)`,
    );
  });

  it('an inhibition that ends while its target still fires: the target is notified then, once', async () => {
    const [am, pg] = await both((url) =>
      webhookConfig(url, {
        inhibit_rules: [
          { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] },
        ],
      }),
    );
    const sides = [am!, pg!];
    const warning = { alertname: 'Lag', severity: 'warning', instance: 'db1' };
    const critical = { alertname: 'Down', severity: 'critical', instance: 'db1' };
    await postAll(sides, [{ labels: critical, status: 'firing' }]);
    await sleep(1500);
    await postAll(sides, [{ labels: warning, status: 'firing' }]);
    await sleep(4000); // inhibited: nothing for Lag
    const [amBefore, pgBefore] = sides.map((s) => accepted(s.hits, 'Lag', 'firing'));
    await postAll(sides, [{ labels: critical, status: 'resolved' }]);
    await sleep(5000);
    const [amAfter, pgAfter] = sides.map((s) => accepted(s.hits, 'Lag', 'firing'));
    expect([amBefore, amAfter]).toEqual([0, 1]);
    expect([pgBefore, pgAfter]).toEqual([amBefore, amAfter]);
    for (const side of sides) expect(accepted(side.hits, 'Down', 'resolved')).toBe(1);
    record(`inhibition ends while the target fires: Lag firing sent ${amAfter} (alertmanager) / ${pgAfter} (pgwarden)`);
  });

  it('continue: true goes on to the next matching route; a match without it stops there', async () => {
    const sides = await bothWith(['first', 'second', 'root'], (urls) => ({
      route: {
        receiver: 'root',
        ...route,
        routes: [
          { matchers: ['team="dba"'], receiver: 'first', continue: true },
          { matchers: ['severity="critical"'], receiver: 'second' },
          { matchers: ['team="dba"'], receiver: 'root' },
        ],
      },
      receivers: ['first', 'second', 'root'].map((name) => ({
        name,
        webhook_configs: [{ url: urls[name], send_resolved: true }],
      })),
    }));
    await postAll(sides, [
      { labels: { alertname: 'Both', team: 'dba', severity: 'critical' }, status: 'firing' },
      { labels: { alertname: 'OnlyDba', team: 'dba', severity: 'warning' }, status: 'firing' },
    ]);
    await sleep(3500);
    const seen = sides.map((side) =>
      Object.fromEntries(
        Object.entries(side.hooks).map(([name, hook]) => [
          name,
          [...new Set(hook.hits.flatMap((h) => h.alerts.map((a) => a.name)))].sort(),
        ]),
      ),
    );
    // Both: first (continue), then second (stops there). OnlyDba: first (continue), then the third route.
    expect(seen[0]).toEqual({ first: ['Both', 'OnlyDba'], second: ['Both'], root: ['OnlyDba'] });
    expect(seen[1]).toEqual(seen[0]);
    record(`continue: true: ${JSON.stringify(seen[0])} (alertmanager) / ${JSON.stringify(seen[1])} (pgwarden)`);
  });

  it('send_resolved: false: the firing message only, and no empty message when the group resolves', async () => {
    const [am, pg] = await both((url) => ({
      route: { receiver: 'hook', ...route },
      receivers: [{ name: 'hook', webhook_configs: [{ url, send_resolved: false }] }],
    }));
    const sides = [am!, pg!];
    await postAll(sides, [
      { labels: { alertname: 'A', instance: 'db1' }, status: 'firing' },
      { labels: { alertname: 'A', instance: 'db2' }, status: 'firing' },
    ]);
    await sleep(2500);
    await postAll(sides, [{ labels: { alertname: 'A', instance: 'db1' }, status: 'resolved' }]);
    await sleep(3000);
    await postAll(sides, [{ labels: { alertname: 'A', instance: 'db2' }, status: 'resolved' }]);
    await sleep(3000);
    const [amHits, pgHits] = sides.map((s) => s.hits.map((h) => h.alerts.map((a) => a.status).join('+')));
    expect(amHits).toEqual(['firing+firing']);
    expect(pgHits).toEqual(amHits);
    record(
      `send_resolved false: requests ${JSON.stringify(amHits)} (alertmanager) / ${JSON.stringify(pgHits)} (pgwarden)`,
    );
  });
});
