import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition, samplesOf } from '../support/exposition.js';
import { runCli, startAgent, type AgentProcess } from '../support/agent-process.js';
import { eventually } from '../support/eventually.js';
import { testDatabaseUrl } from '../support/postgres.js';

describe('pgwarden serve (the built CLI)', () => {
  let agent: AgentProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  it('serves pg_up 1 and stat_database for DATABASE_URL, plus health, readiness and a landing page', async () => {
    agent = await startAgent(['serve', '--web.listen-address=127.0.0.1:0'], { DATABASE_URL: testDatabaseUrl() });
    const response = await fetch(`${agent.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const parsed = parseExposition(await response.text());
    expect(samplesOf(parsed, 'pg_up')[0]?.value).toBe(1);
    expect(samplesOf(parsed, 'pg_stat_database_xact_commit').length).toBeGreaterThan(0);
    expect(samplesOf(parsed, 'pgwarden_build_info')).toHaveLength(1);
    expect(samplesOf(parsed, 'process_resident_memory_bytes')).toHaveLength(1);
    expect((await fetch(`${agent.url}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${agent.url}/-/ready`)).status).toBe(200);
    expect(await (await fetch(`${agent.url}/`)).text()).toContain('href="/metrics"');
    expect((await fetch(`${agent.url}/nope`)).status).toBe(404);
    const password = new URL(testDatabaseUrl()).password;
    expect(agent.output()).not.toContain(password);
    expect(agent.output()).toContain('pgwarden is serving metrics');
  });

  it('serves /metrics gzip-compressed to clients that accept it, identical to the plain body', async () => {
    const { request } = await import('node:http');
    const { gunzipSync } = await import('node:zlib');
    const get = (encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(`${agent?.url}/metrics`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      });
    // Both within one collection interval (15 s by default), so the snapshot part is the same in both.
    const [plain, gzipped] = await Promise.all([get('identity'), get('gzip')]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    const unzipped = gunzipSync(gzipped.body).toString();
    const snapshotPart = (text: string) => text.slice(0, text.indexOf('# HELP pgwarden_rule'));
    expect(snapshotPart(unzipped)).toBe(snapshotPart(plain.body.toString()));
    expect(samplesOf(parseExposition(unzipped), 'process_resident_memory_bytes')).toHaveLength(1);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await agent?.stop('SIGTERM')).toBe(0);
    agent = undefined;
  });

  it('rejects an unknown flag with a one-line usage error and exit code 2', async () => {
    const result = await runCli(['--web.listen-adress=:1']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^pgwarden: Unknown option '--web.listen-adress'/);
  });

  it('prints help and version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--web.listen-address');
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^pgwarden \d+\.\d+\.\d+\n$/);
  });

  it('names the file and line of a broken config and exits 1', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/pgwarden-e2e-');
    writeFileSync(`${dir}/bad.yml`, 'targets:\n  - name: x\n    url: postgresql://u:hunter2@h/d\n    port: 5\n');
    const result = await runCli(['--config', `${dir}/bad.yml`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${dir}/bad.yml:4:5: targets.0.port: unknown key`);
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('npm start with no database configured', () => {
  it('starts the embedded demo, says so first, and serves its metrics', async () => {
    // Its own working directory: the drills' verdicts persist in ./.state, and another run's must not be read here.
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-demo-cwd-'));
    const demo = await startAgent(['serve', '--web.listen-address=127.0.0.1:0'], {}, 90_000, undefined, cwd);
    try {
      const firstLine = JSON.parse(demo.output().split('\n')[0] as string) as { msg: string };
      expect(firstLine.msg).toContain('monitoring an embedded PostgreSQL demo database');
      expect(firstLine.msg).toContain('DATABASE_URL');
      let parsed = parseExposition(await (await fetch(`${demo.url}/metrics`)).text());
      expect(samplesOf(parsed, 'pg_up')[0]?.value).toBe(1);
      expect(samplesOf(parsed, 'pg_stat_database_xact_commit').some((s) => s.labels.datname === 'postgres')).toBe(true);
      // psql is installed here: the demo drills its backups in its first minute and says so.
      expect(demo.output()).toMatch(
        /"restore_drill":"the demo backups are restored into a scratch database with psql \d+/,
      );
      const drilled = () =>
        samplesOf(parsed, 'pg_backup_restore_test_success').find((s) => s.labels.type === 'full')?.value;
      for (let i = 0; i < 240 && drilled() === undefined; i += 1) {
        await new Promise((r) => setTimeout(r, 250));
        parsed = parseExposition(await (await fetch(`${demo.url}/metrics`)).text());
      }
      const drillLines = () =>
        demo
          .output()
          .split('\n')
          .filter((line) => line.includes('restore drill'));
      expect(drilled(), drillLines().join('\n')).toBe(1);
      // The log line and the metric come from the same drill; the line may still be in the pipe when the metric shows.
      await eventually(() => demo.output().includes('"msg":"restore drill succeeded"'), 10_000);
    } finally {
      expect(await demo.stop()).toBe(0);
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('a backup directory in the config file', () => {
  it('exports the last good backup, the failed run and the WAL archive', async () => {
    const { createDemoBackupDir } = await import('../../src/demo/demo-backups.js');
    const { writeFileSync } = await import('node:fs');
    const now = new Date();
    const backups = createDemoBackupDir('app_prod', 'CREATE TABLE t (id int);', now);
    const config = `${backups.dir}/pgwarden.yml`;
    // A relative path: resolved against the config file's directory.
    writeFileSync(config, 'collection_interval: 1s\nbackups:\n  - path: .\n    retention: 30d\n');
    const agent = await startAgent(['--web.listen-address=127.0.0.1:0', '--config', config], {
      DATABASE_URL: testDatabaseUrl(),
    });
    try {
      let parsed = parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
      // Verification (hashing, gzip test) runs in the background; the agent reports it once done.
      for (let i = 0; i < 40 && samplesOf(parsed, 'pg_backup_last_success_timestamp_seconds').length < 2; i += 1) {
        await new Promise((r) => setTimeout(r, 250));
        parsed = parseExposition(await (await fetch(`${agent.url}/metrics`)).text());
      }
      const lastGood = samplesOf(parsed, 'pg_backup_last_success_timestamp_seconds').find(
        (s) => s.labels.database === 'app_prod' && s.labels.type === 'full',
      );
      const lastNight = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 2, 0, 0);
      if (lastNight > now) lastNight.setDate(lastNight.getDate() - 1);
      expect(lastGood?.value).toBe(lastNight.getTime() / 1000);
      const failed = samplesOf(parsed, 'pg_backup_problems').find(
        (s) => s.labels.database === 'app_prod' && s.labels.type === 'full' && s.labels.problem === 'failed',
      );
      expect(failed?.value).toBe(1);
      expect(samplesOf(parsed, 'pg_wal_archive_files')[0]?.value).toBe(4);
      expect(
        samplesOf(parsed, 'pg_scrape_collector_success').find((s) => s.labels.collector === 'backups')?.value,
      ).toBe(1);
    } finally {
      await agent.stop();
      backups.remove();
    }
  });
});

describe('pgwarden doctor (the built CLI)', () => {
  it('reports every default collector usable for a superuser and prints the setup SQL', async () => {
    const result = await runCli(['doctor'], { DATABASE_URL: testDatabaseUrl() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GRANT pg_monitor TO');
    expect(result.stdout).not.toContain(new URL(testDatabaseUrl()).password);
  });
});
