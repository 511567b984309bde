// Two pgwarden agents with the same configuration (`delivery: alertmanager_only`), each with its own state_dir, run
// as the built CLI would be by systemd: killed with SIGKILL and started again by the harness (bench/ha.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CLI_ENTRY, launcherNodeFlags } from '../src/cli/node-flags.js';
import { packageRoot } from '../src/paths.js';

export const HA_ALERT = 'HaCycleFiring';
export const HA_METRIC = 'pg_test_ha_firing';

/** The shipped collectors' names: disabled, so the two agents collect only the test's table every second. */
function shippedCollectorNames(): string[] {
  const dir = path.join(packageRoot(), 'collectors');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => (parse(readFileSync(path.join(dir, f), 'utf8')) as { name: string }).name);
}

/**
 * The config directory both agents copy: a collector exporting one series per firing cycle of `table`
 * (`pg_test_ha_firing{cycle="N"} 1`), one rule on it, and forwarding to `alertmanagers` only.
 */
function writeConfigDir(dir: string, table: string, alertmanagers: readonly string[]): void {
  mkdirSync(path.join(dir, 'collectors'), { recursive: true });
  writeFileSync(
    path.join(dir, 'collectors', 'ha.yaml'),
    `name: test_ha
help: the HA measurement's cycles that fire
labels: [cycle]
queries:
  "13": SELECT cycle::text AS cycle, 1 AS firing FROM ${table} WHERE firing
metrics: [{ column: firing, name: ${HA_METRIC}, type: gauge, help: 1 while the cycle fires }]
`,
  );
  writeFileSync(
    path.join(dir, 'rules.yml'),
    `groups:
  - name: ha
    rules:
      - alert: ${HA_ALERT}
        expr: ${HA_METRIC} > 0
        labels: { severity: warning }
`,
  );
  writeFileSync(
    path.join(dir, 'pgwarden.yml'),
    `collection_interval: 1s
evaluation_interval: 1s
rule_files: [rules.yml]
state_dir: state
collectors:
  directories: [collectors]
  disable: [${shippedCollectorNames().join(', ')}]
alerting:
  delivery: alertmanager_only
  alertmanagers: [${alertmanagers.join(', ')}]
`,
  );
}

/** One agent of the pair: its own directory (a copy of the shared config, and its state_dir). */
export class HaAgent {
  private child: ChildProcess | undefined;
  private output = '';
  private listening: Promise<void> | undefined;
  kills = 0;

  constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly databaseUrl: string,
  ) {}

  /** Starts the agent; resolves once it listens (it collects and evaluates about a second later). */
  start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        ...launcherNodeFlags(),
        CLI_ENTRY,
        '--config',
        path.join(this.dir, 'pgwarden.yml'),
        '--web.listen-address=127.0.0.1:0',
      ],
      {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: this.databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.output = '';
    this.listening = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-20_000);
        if (this.output.includes('"address":"')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        if (signal !== 'SIGKILL' && signal !== 'SIGTERM')
          reject(new Error(`agent ${this.name} exited (${code ?? signal}):\n${this.output}`));
      });
    });
    return this.listening;
  }

  /** Resolves once the agent (maybe being restarted) listens. */
  up(): Promise<void> {
    return this.listening ?? Promise.reject(new Error(`agent ${this.name} never started`));
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    if (signal === 'SIGKILL') this.kills += 1;
  }

  logTail(): string {
    return this.output.slice(-2000);
  }
}

export interface HaPair {
  readonly agents: readonly [HaAgent, HaAgent];
  stop(): Promise<void>;
}

/** Two agents with identical configuration, forwarding to `alertmanagers`, started and listening. */
export async function startHaPair(
  databaseUrl: string,
  table: string,
  alertmanagers: readonly string[],
): Promise<HaPair> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-ha-'));
  writeConfigDir(path.join(root, 'shared'), table, alertmanagers);
  const agents = (['a', 'b'] as const).map((name) => {
    const dir = path.join(root, name);
    cpSync(path.join(root, 'shared'), dir, { recursive: true });
    return new HaAgent(name, dir, databaseUrl);
  }) as [HaAgent, HaAgent];
  await Promise.all(agents.map((a) => a.start()));
  return {
    agents,
    async stop() {
      await Promise.all(agents.map((a) => a.kill('SIGTERM')));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
