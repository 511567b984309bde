// The web console in a real browser (Debian's Chromium through playwright-core) against the built agent on a real
// PostgreSQL, with real webhook receivers. Every page is shown with provoked state; the run writes docs/console-*.png.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/demo/free-port.js';
import { startAgent, type AgentProcess } from '../support/agent-process.js';
import { launchBrowser, type Browser } from '../support/browser.js';
import { startRefusingReceiver, writeConsoleFixture, XSS_TABLE } from '../support/console-fixture.js';
import { eventually, startReceiver } from '../support/http-receiver.js';
import { adminQuery, testDatabaseUrl } from '../support/postgres.js';
import pgModule from 'pg';

const execFileAsync = promisify(execFile);
const DOCS = path.resolve(import.meta.dirname, '../../docs');
const PAGES = ['/', '/targets/main', '/alerts', '/silences', '/rules', '/notifications', '/backups', '/query'];
const application = `pgwarden-console-${process.pid}`;

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(DOCS, `console-${name}.png`), fullPage: false });
}

const notificationsOf = (received: { body: unknown }[], alertname: string) =>
  received.filter((r) => (r.body as { groupLabels?: Record<string, string> }).groupLabels?.alertname === alertname);

describe('the web console in Chromium', () => {
  let agent: AgentProcess | undefined;
  let browser: Browser | undefined;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let refusing: Awaited<ReturnType<typeof startRefusingReceiver>>;
  let idle: pg.Client | undefined;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    await adminQuery(`CREATE TABLE IF NOT EXISTS "${XSS_TABLE}" (id int)`);
    hook = await startReceiver();
    refusing = await startRefusingReceiver(400);
    const fixture = writeConsoleFixture({
      application,
      targetUrl: testDatabaseUrl(),
      hookUrl: hook.url,
      refusingUrl: refusing.url,
    });
    agent = await startAgent(['--config', fixture.config, '--web.listen-address=127.0.0.1:0'], {});
    url = agent.url;
    const client = new pgModule.Client({ connectionString: testDatabaseUrl(), application_name: application });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1');
    idle = client;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
    // Firing, notified, and dead-lettered before the pages are looked at.
    await eventually(
      () => notificationsOf(hook.received, 'TestIdleInTransaction').length > 0 || undefined,
      30_000,
      'a webhook notification',
    );
    await eventually(async () => (await deadLetters(url)).length >= 2 || undefined, 30_000, 'two dead letters');
  });

  afterAll(async () => {
    await browser?.close();
    await idle?.end();
    await agent?.stop();
    await hook?.close();
    await refusing?.close();
    await adminQuery(`DROP TABLE IF EXISTS "${XSS_TABLE}"`);
  });

  it('Overview: the target up, the failing collector standing out, alerts, the stale backup, the dead letter', async () => {
    await page.goto(`${url}/`);
    const card = page.locator('section.card', { hasText: 'main' });
    await expect.poll(() => card.getAttribute('class')).toContain('down');
    const text = await card.innerText();
    expect(text).toMatch(/Collectors failing\s+test_broken/);
    expect(text).toMatch(/Connections\s+\d+ of \d+/);
    const body = await page.locator('main').innerText();
    expect(body).toMatch(/warning\s+1\s+0/);
    // The dumps are from 02:00 of their nights: between 02:00 and 03:00 the age has no hours ("10d ago").
    expect(body).toMatch(/main\s+postgres\s+full\s+10d( \d+h)? ago/);
    expect(body).toMatch(/2 dead letters/);
    await screenshot(page, 'overview');
  });

  it('refreshes itself without a full reload', async () => {
    await page.goto(`${url}/`);
    await page.evaluate('window.marker = 42');
    await page.waitForSelector('main[data-refreshed-at]', { timeout: 20_000 });
    expect(await page.evaluate('window.marker')).toBe(42);
  });

  it('Target: each collector with its last error, the databases seen, the settings the doctor checks', async () => {
    await page.goto(`${url}/targets/main`);
    const row = page.locator('tr', { hasText: 'test_broken' });
    expect(await row.innerText()).toMatch(/failing[\s\S]*pgwarden_console_no_such_table" does not exist/);
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/track_io_timing\s+(on|off)/);
    expect(main).toContain('shared_preload_libraries');
    expect(main).toMatch(/Databases seen\s+.*postgres/);
    await screenshot(page, 'target');
  });

  it('Alerts: the firing alert with its annotations; matchers filter; notification links highlight', async () => {
    await page.goto(`${url}/alerts`);
    const row = page.locator('tr', { hasText: 'TestIdleInTransaction' });
    expect(await row.innerText()).toMatch(/firing[\s\S]*session idle in transaction on main/);
    expect(await row.getByRole('link', { name: 'Runbook' }).getAttribute('href')).toBe(
      'https://example.com/runbooks/idle',
    );
    await page.getByLabel('Matchers (Alertmanager syntax)').fill('alertname="TestDeadLetter"');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/filter=/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody').innerText()).toContain('TestDeadLetter');
    await page.getByLabel('Matchers (Alertmanager syntax)').fill('alertname=~"("');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/invalid regex/);
    const sent = notificationsOf(hook.received, 'TestIdleInTransaction')[0]?.body as {
      alerts: { fingerprint: string }[];
    };
    await page.goto(`${url}/alerts?fingerprint=${sent.alerts[0]?.fingerprint}`);
    expect(await page.locator('tr.highlight').innerText()).toContain('TestIdleInTransaction');
    await page.goto(`${url}/alerts`);
    await screenshot(page, 'alerts');
  });

  it('Silences: a silence made in the page stops the next notification; expiring it lets the following one through', async () => {
    // Notifications repeat every 2 s while the alert fires.
    const before = notificationsOf(hook.received, 'TestIdleInTransaction').length;
    await eventually(
      () => notificationsOf(hook.received, 'TestIdleInTransaction').length > before || undefined,
      20_000,
      'a repeat',
    );
    await page.goto(`${url}/alerts`);
    await page.locator('tr', { hasText: 'TestIdleInTransaction' }).getByRole('link', { name: 'Silence…' }).click();
    await page.waitForURL(/\/silences\?matchers=/);
    expect(await page.getByLabel('Matchers (Alertmanager syntax)').inputValue()).toContain(
      'alertname="TestIdleInTransaction"',
    );
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('main').innerText()).toMatch(/Preview: 1 current alerts would be muted/);
    await page.getByLabel('Author').fill('console test');
    await page.getByLabel('Comment').fill('maintenance');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.waitForURL(/\/silences#/);
    const active = page.locator('table', { hasText: 'maintenance' });
    expect(await active.locator('caption').innerText()).toBe('Active silences');
    // The silence is in the API amtool reads.
    const api = (await (await fetch(`${url}/api/v2/silences`)).json()) as {
      comment: string;
      status: { state: string };
    }[];
    expect(api.find((s) => s.comment === 'maintenance')?.status.state).toBe('active');
    // A notification in flight when it was made may still land; after that, nothing.
    await new Promise((r) => setTimeout(r, 2500));
    const muted = notificationsOf(hook.received, 'TestIdleInTransaction').length;
    await page.goto(`${url}/alerts`);
    expect(await page.locator('tr', { hasText: 'TestIdleInTransaction' }).innerText()).toContain('silenced');
    await new Promise((r) => setTimeout(r, 6000));
    expect(notificationsOf(hook.received, 'TestIdleInTransaction').length).toBe(muted);
    await page.goto(`${url}/silences`);
    await screenshot(page, 'silences');
    await page.getByRole('button', { name: /^Expire silence/ }).click();
    await page.waitForURL(/\/silences$/);
    expect(await page.locator('table', { hasText: 'maintenance' }).locator('caption').innerText()).toMatch(/Expired/);
    await eventually(
      () => notificationsOf(hook.received, 'TestIdleInTransaction').length > muted || undefined,
      20_000,
      'the notification after expiry',
    );
  });

  it('shares silences with amtool both ways', async () => {
    const amtool = (...args: string[]) =>
      execFileAsync('amtool', [`--alertmanager.url=${url}`, ...args], { timeout: 30_000 }).then((r) => r.stdout);
    const id = (
      await amtool('silence', 'add', 'alertname=AmtoolMade', '--comment=from amtool', '--author=ops', '--duration=1h')
    ).trim();
    await page.goto(`${url}/silences`);
    const row = page.locator(`tr[id="${id}"]`);
    expect(await row.innerText()).toMatch(/active\s+alertname="AmtoolMade"[\s\S]*ops\s+from amtool/);
    await row.getByRole('button', { name: /^Expire silence/ }).click();
    await page.waitForURL(/\/silences$/);
    const listed = JSON.parse(await amtool('-o', 'json', 'silence', 'query', '--expired')) as { comment: string }[];
    expect(listed.map((s) => s.comment)).toEqual(expect.arrayContaining(['maintenance', 'from amtool']));
  });

  it('Rules: groups with health and current results; a table named <script> renders as text', async () => {
    await page.goto(`${url}/rules`);
    const main = page.locator('main');
    expect(await main.innerText()).toMatch(/TestIdleInTransaction[\s\S]*ok[\s\S]*1 firing/);
    await expect
      .poll(async () => await page.locator('tr', { hasText: 'test:xss_table_live_rows' }).innerText())
      .toContain(`relname="${XSS_TABLE}"`);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await screenshot(page, 'rules');
  });

  it('Notifications: recent deliveries per receiver, the dead letters with their reason; no receiver URL', async () => {
    await page.goto(`${url}/notifications`);
    const dead = page.locator('table', { hasText: 'failed permanently' });
    expect(await dead.locator('tr', { hasText: 'TestDeadLetter (1)' }).innerText()).toMatch(
      /refusing\s+webhook\s+TestDeadLetter \(1\)\s+http_400\s+1/,
    );
    const recent = page.locator('table', { hasText: 'attempts of each receiver' });
    expect(await recent.locator('tr', { hasText: 'TestDeadLetter (1)' }).innerText()).toMatch(
      /refusing · webhook[\s\S]*alertname="TestDeadLetter"[\s\S]*dead-lettered\s+1\s+http_400/,
    );
    expect(await recent.locator('tr', { hasText: 'hook · webhook' }).first().innerText()).toMatch(
      /TestIdleInTransaction \(1\)\s+delivered\s+1\s+—/,
    );
    const html = await page.content();
    expect(html).not.toContain(refusing.url);
    expect(html).not.toContain(hook.url);
    expect(await main(page)).toMatch(/hook · webhook\s+\d+/);
    await screenshot(page, 'notifications');
  });

  it('Notifications: retry delivers a dead letter once the receiver accepts; drop forgets one unsent', async () => {
    refusing.answer(200);
    await page.goto(`${url}/notifications`);
    const dead = page.locator('table', { hasText: 'failed permanently' });
    const retried = dead.locator('tr', { hasText: 'TestDeadLetter (1)' });
    await retried.getByRole('button', { name: /^Retry dead letter/ }).click();
    await expect.poll(() => retried.count(), { timeout: 10_000 }).toBe(0);
    await eventually(
      () => refusing.accepted.some((names) => names.includes('TestDeadLetter')) || undefined,
      20_000,
      'the retried notification delivered',
    );
    await page.goto(`${url}/notifications`);
    const recent = page.locator('table', { hasText: 'attempts of each receiver' });
    expect(await recent.locator('tr', { hasText: 'TestDeadLetter (1)' }).first().innerText()).toMatch(
      /refusing · webhook[\s\S]*delivered\s+1\s+—/,
    );
    expect((await deadLetters(url)).map((d) => d.alerts[0]?.labels.alertname)).toEqual(['TestDeadLetterToDrop']);

    const dropped = dead.locator('tr', { hasText: 'TestDeadLetterToDrop (1)' });
    await dropped.getByRole('button', { name: /^Drop dead letter/ }).click();
    await expect.poll(() => dropped.count(), { timeout: 10_000 }).toBe(0);
    expect(await main(page)).toMatch(/Dead letters \(0\)\s+No dead letter\./);
    expect(await deadLetters(url)).toEqual([]);
    // Dropped, not sent: the receiver that now accepts never saw it.
    await new Promise((r) => setTimeout(r, 2000));
    expect(refusing.accepted.flat()).not.toContain('TestDeadLetterToDrop');
  });

  it('Backups: the stale newest good dump, the failed one, the WAL archive', async () => {
    await page.goto(`${url}/backups`);
    const row = page.locator('tr', { hasText: 'full' }).first();
    expect(await row.innerText()).toMatch(/postgres\s+full\s+10d( \d+h)? ago\s+10d( \d+h)? ago[\s\S]*failed 1/);
    expect(await main(page)).toMatch(/readable/);
    await screenshot(page, 'backups');
  });

  it('Query: an instant table and a graph over the store; a parse error points at its column', async () => {
    await page.goto(`${url}/query`);
    await page.getByLabel('PromQL expression').fill('pg_test_idle_in_transaction');
    await page.getByRole('button', { name: 'Execute' }).click();
    await page.waitForURL(/expr=/);
    expect(await main(page)).toMatch(/1 series[\s\S]*instance="main"[\s\S]*\b1\b/);
    await page.waitForSelector('#chart .uplot canvas', { timeout: 10_000 });
    await screenshot(page, 'query');
    await page.getByLabel('PromQL expression').fill('sum(pg_up) by (');
    await page.getByRole('button', { name: 'Execute' }).click();
    const error = await page.getByRole('alert').innerText();
    expect(error).toMatch(/col(umn)? \d+/);
    expect(await page.locator('.error-pointer').innerText()).toMatch(/^\s*\^ column \d+/);
  });

  it('fits a phone: no page is wider than the screen', async () => {
    const phone = await browser!.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const p of PAGES) {
      await phone.goto(`${url}${p}`);
      const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, p).toBeLessThanOrEqual(0);
    }
    await phone.goto(`${url}/`);
    await phone.screenshot({ path: path.join(DOCS, 'console-phone.png') });
    await phone.close();
  });

  it('is keyboard navigable: the skip link and the nav are reachable with Tab', async () => {
    await page.goto(`${url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Overview');
  });

  it('refuses a cross-origin POST, and shows no password on any page', async () => {
    const refused = await fetch(`${url}/silences`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'matchers=alertname%3D%22X%22&createdBy=evil&comment=evil',
      redirect: 'manual',
    });
    expect(refused.status).toBe(403);
    const silences = (await (await fetch(`${url}/api/v2/silences`)).json()) as { createdBy: string }[];
    expect(silences.some((s) => s.createdBy === 'evil')).toBe(false);
    const password = new URL(testDatabaseUrl()).password;
    for (const p of PAGES) {
      const text = await (await fetch(`${url}${p}`)).text();
      if (password) expect(text, p).not.toContain(`:${password}@`);
      expect(text, p).not.toContain(refusing.url);
    }
  });
});

async function main(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

interface DeadLetterView {
  id: string;
  alerts: { labels: Record<string, string> }[];
}

/** The notifier's dead letters, read through its API (the same state the page shows). */
async function deadLetters(base: string, headers: Record<string, string> = {}): Promise<DeadLetterView[]> {
  const res = await fetch(`${base}/api/v1/notifications/dead-letters`, { headers });
  return ((await res.json()) as { data: DeadLetterView[] }).data;
}

describe('the console behind basic auth, a path prefix and --web.read-only', () => {
  let agent: AgentProcess | undefined;
  let base: string;
  const auth = `Basic ${Buffer.from('admin:s3cret-Pa55').toString('base64')}`;

  let refusing: Awaited<ReturnType<typeof startRefusingReceiver>>;

  beforeAll(async () => {
    const hook = 'http://127.0.0.1:9/unused';
    refusing = await startRefusingReceiver(400);
    const fixture = writeConsoleFixture({
      application,
      targetUrl: testDatabaseUrl(),
      hookUrl: hook,
      refusingUrl: refusing.url,
    });
    const webConfig = path.join(fixture.dir, 'web.yml');
    writeFileSync(webConfig, `basic_auth_users:\n  admin: '${bcrypt.hashSync('s3cret-Pa55', 6)}'\n`);
    const port = await freePort();
    agent = await startAgent(
      [
        '--config',
        fixture.config,
        `--web.listen-address=127.0.0.1:${port}`,
        `--web.config.file=${webConfig}`,
        `--web.external-url=http://127.0.0.1:${port}/pgw/`,
        '--web.read-only',
      ],
      {},
    );
    base = `http://127.0.0.1:${port}/pgw`;
  });

  afterAll(async () => {
    await agent?.stop();
    await refusing?.close();
  });

  it('answers 401 on every page and asset without credentials, and serves them under the prefix with them', async () => {
    for (const p of [...PAGES, '/console/assets/console.css', '/console/assets/uPlot.iife.min.js']) {
      expect((await fetch(`${base}${p}`)).status, p).toBe(401);
      const res = await fetch(`${base}${p}`, { headers: { Authorization: auth } });
      expect(res.status, p).toBe(200);
      if (p === '/') expect(await res.text()).toContain('href="/pgw/console/assets/console.css"');
    }
  });

  it('offers and accepts no state change when read-only', async () => {
    const page = await (await fetch(`${base}/silences`, { headers: { Authorization: auth } })).text();
    expect(page).not.toContain('Create silence');
    expect(page).toContain('read-only');
    const post = await fetch(`${base}/silences`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'matchers=alertname%3D%22X%22&createdBy=a&comment=b',
    });
    expect(post.status).toBe(403);
  });

  it('shows dead letters without retry or drop when read-only, and refuses both', async () => {
    const headers = { Authorization: auth };
    const letters = await eventually(
      async () => {
        const found = await deadLetters(base, headers);
        return found.length > 0 ? found : undefined;
      },
      30_000,
      'a dead letter',
    );
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.setExtraHTTPHeaders(headers);
      await page.goto(`${base}/notifications`);
      const dead = page.locator('table', { hasText: 'failed permanently' });
      expect(await dead.locator('tr', { hasText: 'TestDeadLetter' }).first().innerText()).toContain('http_400');
      expect(await page.getByRole('button', { name: /Retry|Drop/ }).count()).toBe(0);
    } finally {
      await browser.close();
    }
    refusing.answer(200);
    for (const action of ['retry', 'drop']) {
      const id = encodeURIComponent(letters[0]!.id);
      const post = await fetch(`${base}/notifications/dead-letters/${id}/${action}`, { method: 'POST', headers });
      expect(post.status, action).toBe(403);
    }
    expect((await deadLetters(base, headers)).map((d) => d.id)).toContain(letters[0]!.id);
  });

  it('renders in the browser under the prefix with its stylesheet', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.setExtraHTTPHeaders({ Authorization: auth });
      await page.goto(`${base}/`);
      const background = await page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor");
      expect(background).toBe('rgb(27, 31, 36)');
      await page.getByRole('link', { name: 'Alerts', exact: true }).click();
      await page.waitForURL(`${base}/alerts`);
    } finally {
      await browser.close();
    }
  });
});
