import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoBackupDir } from '../../src/demo/demo-backups.js';
import { idleCollectorYaml } from './idle-alert-fixture.js';

export const XSS_TABLE = '<script>alert(1)</script>';

/**
 * An HTTP receiver on loopback that answers every request with `status` (400: a permanent failure) until `answer`
 * changes it; `accepted` lists the alert names of the notifications it answered with a 2xx.
 */
export async function startRefusingReceiver(status: number): Promise<{
  url: string;
  hits: () => number;
  answer(status: number): void;
  accepted: string[][];
  close(): Promise<void>;
}> {
  let hits = 0;
  const accepted: string[][] = [];
  const server: Server = createServer((req, res) => {
    hits += 1;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (status < 300) {
        const alerts = (JSON.parse(body) as { alerts: { labels: { alertname: string } }[] }).alerts;
        accepted.push(alerts.map((a) => a.labels.alertname));
      }
      res.writeHead(status).end(status < 300 ? 'ok' : 'refused');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/refuse`,
    hits: () => hits,
    answer: (next: number) => (status = next),
    accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A configuration that provokes what every console page shows: a failing custom collector, an alert on this test's
 * sessions idle in a transaction (notified to a webhook that accepts), two alerts routed to a receiver that answers
 * 400 (two dead letters: one to retry, one to drop), a backup directory whose newest good dump is ten days old, and a recording rule that reads
 * the XSS-named table's row count.
 */
export function writeConsoleFixture(options: {
  readonly application: string;
  readonly targetUrl: string;
  readonly hookUrl: string;
  readonly refusingUrl: string;
}): { config: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-console-'));
  mkdirSync(path.join(dir, 'collectors'));
  writeFileSync(path.join(dir, 'collectors', 'idle.yaml'), idleCollectorYaml(options.application));
  writeFileSync(
    path.join(dir, 'collectors', 'broken.yaml'),
    `name: test_broken
help: a custom collector whose table does not exist
queries:
  "13": SELECT count(*) AS n FROM pgwarden_console_no_such_table
metrics: [{ column: n, name: pg_test_broken, type: gauge, help: never collected }]
`,
  );
  writeFileSync(
    path.join(dir, 'rules.yml'),
    `groups:
  - name: console
    interval: 1s
    rules:
      - alert: TestIdleInTransaction
        expr: pg_test_idle_in_transaction > 0
        labels: { severity: warning }
        annotations:
          summary: 'session idle in transaction on {{ $labels.instance }}'
          description: 'an application holds a transaction open'
          runbook_url: https://example.com/runbooks/idle
      - alert: TestDeadLetter
        expr: pg_up == 1
        labels: { severity: info }
      - alert: TestDeadLetterToDrop
        expr: pg_up == 1
        labels: { severity: info }
      - record: test:xss_table_live_rows
        expr: pg_stat_user_tables_n_live_tup{relname="${XSS_TABLE}"}
`,
  );
  const backups = createDemoBackupDir('postgres', 'SELECT 1;', new Date(Date.now() - 10 * 86_400_000));
  const config = path.join(dir, 'pgwarden.yml');
  writeFileSync(
    config,
    `targets:
  - name: main
    url: ${options.targetUrl}
collection_interval: 1s
evaluation_interval: 1s
rule_files: [rules.yml]
state_dir: state
collectors: { directories: [collectors] }
backups:
  - path: ${backups.dir}
    target: main
alerting:
  route:
    receiver: hook
    group_by: [alertname]
    group_wait: 1s
    group_interval: 1s
    repeat_interval: 2s
    routes:
      - matchers: ['alertname=~"TestDeadLetter.*"']
        receiver: refusing
        repeat_interval: 1h
  receivers:
    - name: hook
      webhook_configs: [{ url: "${options.hookUrl}", send_resolved: true }]
    - name: refusing
      webhook_configs: [{ url: "${options.refusingUrl}" }]
`,
  );
  return { config, dir };
}
