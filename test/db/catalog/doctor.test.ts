// pgwarden doctor against a real server: a bare role is told exactly what to grant, a pg_monitor role passes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/cli/doctor.js';
import { startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';

async function doctor(url: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runDoctor(['--url', url], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
  });
  return { code, out, err };
}

describe('pgwarden doctor', () => {
  let server: MajorServer;
  let admin: pg.Client;
  const roleUrl = () => {
    const url = new URL(server.url());
    url.username = 'watcher';
    url.password = 'watch-pw';
    return url.toString();
  };

  beforeAll(async () => {
    server = await startPostgresMajor(18, { track_io_timing: 'off' });
    admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query("CREATE ROLE watcher LOGIN PASSWORD 'watch-pw'");
  });
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  it('names the missing grant, the missing extension and track_io_timing for a bare role, and exits 1', async () => {
    const { code, out } = await doctor(roleUrl());
    expect(code).toBe(1);
    expect(out).toContain('connected as watcher (no pg_monitor)');
    expect(out).toMatch(
      /FAILING {2}wal\n.*permission denied for function pg_ls_waldir\n.*missing privilege: GRANT pg_monitor TO watcher;/,
    );
    expect(out).toMatch(/DEGRADED stat_activity\n/);
    expect(out).toMatch(/DEGRADED stat_database\n.*track_io_timing is off/);
    expect(out).toMatch(
      /INACTIVE stat_statements\n.*must be in shared_preload_libraries.*\n.*CREATE EXTENSION pg_stat_statements;/,
    );
    expect(out).toContain('\nGRANT pg_monitor TO watcher;\n');
    expect(out).toContain('\nALTER SYSTEM SET track_io_timing = on;\n');
    expect(out).not.toContain('watch-pw');
  });

  it('checks the configured targets and judges only the collectors the configuration runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-doctor-'));
    const config = path.join(dir, 'pgwarden.yml');
    writeFileSync(config, `targets:\n  - name: main\n    url: ${roleUrl()}\ncollectors:\n  disable: [wal]\n`);
    let out = '';
    const code = await runDoctor(
      [],
      { stdout: (t) => (out += t), stderr: () => undefined, env: {} },
      { configFile: config },
    );
    rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/^== main \(postgresql?:\/\/watcher:\*\*\*\*@127\.0\.0\.1:\d+\/postgres\)\n/);
    expect(out).toMatch(/FAILING {2}wal \(off in this configuration\)\n/);
    expect(code).toBe(0);
  });

  it('passes once the role has pg_monitor and the extension exists', async () => {
    await admin.query('GRANT pg_monitor TO watcher');
    await admin.query('CREATE EXTENSION pg_stat_statements');
    const { code, out } = await doctor(roleUrl());
    expect(code).toBe(0);
    expect(out).toMatch(/OK {7}wal\n/);
    expect(out).toMatch(/DEGRADED stat_statements\n.*track_io_timing is off/);
    expect(out).toContain('-- (already granted) GRANT pg_monitor TO watcher;');
    expect(out).not.toContain('FAILING');
  });

  it('says which pg_log_* metrics stay empty with the logging settings, and stops saying it once they are set', async () => {
    const before = (await doctor(server.url())).out;
    expect(before).toContain("log_min_duration_statement = '-1': pg_log_slow_statements_total");
    expect(before).toContain("ALTER SYSTEM SET log_lock_waits = 'on';");
    await admin.query("ALTER SYSTEM SET log_min_duration_statement = '500ms'");
    await admin.query('ALTER SYSTEM SET log_lock_waits = on');
    await admin.query('SELECT pg_reload_conf()');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = (await doctor(server.url())).out;
      expect(after).toContain('Server log: with these settings some pg_log_* metrics stay empty:');
      expect(after).not.toContain('log_min_duration_statement =');
      expect(after).not.toContain('log_lock_waits =');
    } finally {
      await admin.query('ALTER SYSTEM RESET log_min_duration_statement');
      await admin.query('ALTER SYSTEM RESET log_lock_waits');
      await admin.query('SELECT pg_reload_conf()');
    }
  });

  it('reports an unreachable server without its password and exits 1', async () => {
    const { code, err } = await doctor('postgres://watcher:watch-pw@127.0.0.1:1/postgres');
    expect(code).toBe(1);
    expect(err).toContain('cannot connect to postgres://watcher:****@127.0.0.1:1/postgres');
    expect(err).not.toContain('watch-pw');
  });
});
