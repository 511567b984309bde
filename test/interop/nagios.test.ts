// pgwarden check under real Nagios Core 4 (Debian's nagios4): Nagios runs the plugin through the shipped command
// definition (deploy/nagios/pgwarden.cfg, the file docs/nagios.md includes) and records its state and perfdata.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckArgs } from '../../src/cli/check-args.js';
import { packageRoot } from '../../src/paths.js';
import { CLI } from '../support/agent-process.js';
import { eventually } from '../support/http-receiver.js';
import { testDatabaseUrl } from '../support/postgres.js';

const NAGIOS = '/usr/sbin/nagios4';
const SHIPPED_CFG = path.join(packageRoot(), 'deploy', 'nagios', 'pgwarden.cfg');

/** status.dat's servicestatus blocks as key → value maps. */
function serviceStatuses(statusFile: string): Map<string, Record<string, string>> {
  const services = new Map<string, Record<string, string>>();
  let text: string;
  try {
    text = readFileSync(statusFile, 'utf8');
  } catch {
    return services;
  }
  for (const block of text.split(/\n(?=servicestatus \{)/).filter((b) => b.startsWith('servicestatus {'))) {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n').slice(1)) {
      const eq = line.indexOf('=');
      if (eq > 0) fields[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    if (fields.service_description) services.set(fields.service_description, fields);
  }
  return services;
}

const host = (name: string, target: string) => `define host {
    host_name             ${name}
    address               127.0.0.1
    check_command         check_always_up
    max_check_attempts    1
    check_period          24x7
    contacts              nobody
    notification_period   24x7
    _pgwarden_target      ${target}
}`;

// The shipped template and command, as docs/nagios.md shows them; short intervals (interval_length is 1 s here).
const service = (hostName: string, description: string, args: string) => `define service {
    use                   pgwarden-service
    host_name             ${hostName}
    service_description   ${description}
    check_command         check_pgwarden!${args}
    contacts              nobody
    check_interval        2
    retry_interval        2
}`;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('pgwarden check under Nagios Core', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-nagios-'));
  const statusFile = path.join(dir, 'status.dat');
  let nagios: ChildProcess | undefined;
  let nagiosOutput = '';
  let idle: pg.Client | undefined;

  beforeAll(async () => {
    idle = new pg.Client({ connectionString: testDatabaseUrl(), application_name: 'pgwarden-nagios-idle' });
    await idle.connect();
    await idle.query('BEGIN');
    await idle.query('SELECT 1');
    // The idle-transactions service warns from 1 s on and Nagios checks it as soon as it starts: let that second pass
    // first, or the first (recorded) result can be OK.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const down = new URL(testDatabaseUrl());
    down.port = String(await closedPort());
    writeFileSync(
      path.join(dir, 'pgwarden.yml'),
      `targets:\n  - name: main\n    url: ${JSON.stringify(testDatabaseUrl())}\n` +
        `  - name: down\n    url: ${JSON.stringify(down.toString())}\n`,
    );
    writeFileSync(
      path.join(dir, 'resource.cfg'),
      `$USER3$=${process.execPath} ${CLI}\n$USER4$=${path.join(dir, 'pgwarden.yml')}\n`,
    );
    writeFileSync(
      path.join(dir, 'objects.cfg'),
      `define timeperiod {
    timeperiod_name 24x7
    alias           always
    sunday 00:00-24:00
    monday 00:00-24:00
    tuesday 00:00-24:00
    wednesday 00:00-24:00
    thursday 00:00-24:00
    friday 00:00-24:00
    saturday 00:00-24:00
}
define command {
    command_name check_always_up
    command_line /bin/true
}
define contact {
    contact_name                  nobody
    host_notifications_enabled    0
    service_notifications_enabled 0
    host_notification_period      24x7
    service_notification_period   24x7
    host_notification_options     n
    service_notification_options  n
    host_notification_commands    check_always_up
    service_notification_commands check_always_up
}
${host('db-main', 'main')}
${host('db-down', 'down')}
${service('db-main', 'PostgreSQL connections', '--connections')}
${service('db-main', 'PostgreSQL idle transactions', '--rule PostgresIdleInTransaction --warning 1')}
${service('db-down', 'PostgreSQL health', '--health')}
`,
    );
    for (const sub of ['checkresults', 'tmp']) mkdirSync(path.join(dir, sub));
    const cfg = path.join(dir, 'nagios.cfg');
    writeFileSync(
      cfg,
      [
        `log_file=${path.join(dir, 'nagios.log')}`,
        `cfg_file=${SHIPPED_CFG}`,
        `cfg_file=${path.join(dir, 'objects.cfg')}`,
        `resource_file=${path.join(dir, 'resource.cfg')}`,
        `status_file=${statusFile}`,
        'status_update_interval=1',
        `lock_file=${path.join(dir, 'nagios.lock')}`,
        `temp_file=${path.join(dir, 'nagios.tmp')}`,
        `temp_path=${path.join(dir, 'tmp')}`,
        `check_result_path=${path.join(dir, 'checkresults')}`,
        `state_retention_file=${path.join(dir, 'retention.dat')}`,
        'retain_state_information=0',
        'use_retained_scheduling_info=0',
        `nagios_user=${os.userInfo().username}`,
        `nagios_group=${os.userInfo().username === 'root' ? 'root' : os.userInfo().username}`,
        'check_external_commands=0',
        'enable_notifications=0',
        'interval_length=1',
        'check_result_reaper_frequency=1',
        'max_service_check_spread=1',
        'max_host_check_spread=1',
        'service_inter_check_delay_method=n',
        'host_inter_check_delay_method=n',
        'service_check_timeout=30',
        'enable_environment_macros=0',
        'log_initial_states=1',
        'precached_object_file=' + path.join(dir, 'objects.precache'),
        'object_cache_file=' + path.join(dir, 'objects.cache'),
        'illegal_macro_output_chars=`~$&|\'"<>',
      ].join('\n') + '\n',
    );
    const verify = spawnSync(NAGIOS, ['-v', cfg], { encoding: 'utf8' });
    expect(verify.error, 'nagios4 must be installed (Debian package nagios4)').toBeUndefined();
    expect(verify.status, verify.stdout).toBe(0);
    nagios = spawn(NAGIOS, [cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    nagios.stdout?.on('data', (d: Buffer) => (nagiosOutput += d.toString()));
    nagios.stderr?.on('data', (d: Buffer) => (nagiosOutput += d.toString()));
  });

  afterAll(async () => {
    if (nagios && nagios.exitCode === null) {
      const exited = new Promise((resolve) => nagios?.once('exit', resolve));
      nagios.kill('SIGTERM');
      await exited;
    }
    await idle?.end().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The service's status once Nagios has recorded a check result for it. */
  const checked = (description: string) =>
    eventually(
      () => {
        const status = serviceStatuses(statusFile).get(description);
        return status && status.has_been_checked === '1' ? status : undefined;
      },
      60_000,
      `a check result for "${description}" (nagios output: ${nagiosOutput})`,
    );

  it('records OK and the perfdata of a healthy database', async () => {
    const status = await checked('PostgreSQL connections');
    expect(status.current_state).toBe('0');
    expect(status.plugin_output).toBe('POSTGRES OK - 3 checks OK');
    expect(status.performance_data).toMatch(
      /^connections=\d+;[\d.]+;[\d.]+;0;\d+ idle_in_transaction=[\d.]+s;300;900;0 /,
    );
  });

  it('records WARNING for a session idle in transaction, with the overridden threshold in the perfdata', async () => {
    const status = await checked('PostgreSQL idle transactions');
    expect(status.current_state).toBe('1');
    expect(status.plugin_output).toMatch(/^POSTGRES WARNING - A session in \S+ on main is idle in transaction for /);
    expect(status.long_plugin_output).toMatch(/^WARNING: A session in /);
    expect(status.performance_data).toMatch(/^idle_in_transaction=[\d.]+s;1;900;0$/);
  });

  it('records CRITICAL for a database that cannot be reached', async () => {
    const status = await checked('PostgreSQL health');
    expect(status.current_state).toBe('2');
    expect(status.plugin_output).toMatch(/^POSTGRES CRITICAL - cannot connect to postgresql:\/\/.*ECONNREFUSED/);
    expect(status.plugin_output).not.toMatch(new RegExp(new URL(testDatabaseUrl()).password || '\u0000'));
  });
});

describe('docs/nagios.md as written', () => {
  const doc = readFileSync(path.join(packageRoot(), 'docs', 'nagios.md'), 'utf8');
  const block = (after: string, lang: string): string => {
    const start = doc.indexOf('```' + lang + '\n', doc.indexOf(after));
    return doc.slice(start + lang.length + 4, doc.indexOf('```\n', start + 3));
  };

  it('shows deploy/nagios/pgwarden.cfg exactly (the file Nagios runs above)', () => {
    expect(block('holds the command and a service template', 'cfg')).toBe(readFileSync(SHIPPED_CFG, 'utf8'));
  });

  it('passes only flags pgwarden check accepts in the Icinga 2 CheckCommand', () => {
    const icinga = block('## Icinga 2', 'icinga2');
    const flags = [...icinga.matchAll(/"(--[a-z.-]+)" =/g)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags.filter((f) => f !== '--config')) {
      const value = ['--warning', '--critical'].includes(flag) ? ['1', '--rule', 'X'] : ['10'];
      const argv = icinga.includes(`"${flag}" = { set_if`) ? [flag] : [flag, ...value];
      const agent = flag.startsWith('--agent') ? ['--agent', 'https://agent:9187'] : [];
      expect(() => parseCheckArgs(flag === '--agent' ? agent : [...agent, ...argv]), flag).not.toThrow();
    }
  });
});
