import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { testDatabaseUrl } from './postgres.js';

export interface IdleAlertFixture {
  /** The config file to start the agent with. */
  readonly config: string;
  /** Opens a session that stays idle in a transaction, which the fixture's alert watches. */
  openIdleSession(): Promise<pg.Client>;
}

/** A custom collector counting the sessions of `application` idle in a transaction (pg_test_idle_in_transaction). */
export function idleCollectorYaml(application: string): string {
  return `name: test_idle
help: sessions of an alerting test idle in transaction
queries:
  "13": |
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE state = 'idle in transaction' AND application_name = '${application}'
metrics: [{ column: n, name: pg_test_idle_in_transaction, type: gauge, help: idle sessions }]
`;
}

/**
 * A config directory for alerting tests: a custom collector counting this fixture's sessions idle in a transaction
 * (`pg_test_idle_in_transaction`), one rule on it, and a webhook receiver. Everything collects and evaluates every
 * second, so tests take seconds.
 */
export function writeIdleAlertFixture(options: {
  readonly application: string;
  /** The rule's YAML lines after `- alert: NAME` (indented by 8 spaces), e.g. `for: 2s`. */
  readonly alert: string;
  readonly ruleLines?: readonly string[];
  readonly receiverUrl: string;
  /** Extra lines under `alerting:` (indented by 2 spaces), e.g. the delivery tuning. */
  readonly alertingLines?: readonly string[];
  /** A Slack integration on the same receiver, posting this Go template as its text to `slackUrl`. */
  readonly slack?: { readonly url: string; readonly text: string };
}): IdleAlertFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-alerting-'));
  mkdirSync(path.join(dir, 'collectors'));
  writeFileSync(path.join(dir, 'collectors', 'idle.yaml'), idleCollectorYaml(options.application));
  const rule = [
    'groups:',
    '  - name: test',
    '    interval: 1s',
    '    rules:',
    `      - alert: ${options.alert}`,
    '        expr: pg_test_idle_in_transaction > 0',
    ...(options.ruleLines ?? []).map((l) => `        ${l}`),
  ];
  writeFileSync(path.join(dir, 'rules.yml'), rule.join('\n') + '\n');
  const config = path.join(dir, 'pgwarden.yml');
  writeFileSync(
    config,
    `collection_interval: 1s
evaluation_interval: 1s
rule_files: [rules.yml]
state_dir: state
collectors: { directories: [collectors] }
alerting:
  route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
  receivers:
    - name: hook
      webhook_configs: [{ url: "${options.receiverUrl}", send_resolved: true }]
${options.slack ? `      slack_configs: [{ api_url: "${options.slack.url}", text: ${JSON.stringify(options.slack.text)} }]\n` : ''}${(options.alertingLines ?? []).map((l) => `  ${l}`).join('\n')}
`,
  );
  return {
    config,
    async openIdleSession() {
      const client = new pg.Client({ connectionString: testDatabaseUrl(), application_name: options.application });
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT 1');
      return client;
    },
  };
}
