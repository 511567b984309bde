// Restore drills with real dumps (pg_dump 15 of a real PostgreSQL 13 database) into real scratch servers: the test
// run's PostgreSQL (18) and a PostgreSQL 13. Every case ends with no pgwarden_restore_* database left behind.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { BackupSource, backupDirSchema } from '../../../src/collect/backups/index.js';
import { RestoreDrills } from '../../../src/collect/backups/restore/drills.js';
import type { DrillResult } from '../../../src/collect/backups/restore/model.js';
import { silentLogger } from '../../../src/log.js';
import { tempDir } from '../../e2e/backups/fixture.js';
import { check } from '../check/harness.js';
import { eventually } from '../../support/eventually.js';
import { packageForMajor, startPostgresMajor, type MajorServer } from '../../support/postgres-major.js';
import {
  createSourceDatabase,
  customDump,
  plainDump,
  SOURCE_META,
  SOURCE_ROWS,
  SOURCE_TABLES,
  writeCustom,
  writePlainGz,
} from './restore-fixture.js';

// pg_dump 15 cannot dump a newer server, so the source database lives on PostgreSQL 13, from the version matrix's
// opt-in install (`npm run matrix:install`). Without it these tests say so in their name; .ci/run installs it and runs
// them in its matrix step.
const HAVE_13 = (() => {
  try {
    packageForMajor(13);
    return true;
  } catch {
    return false;
  }
})();
const CLI = ['src/cli/main.ts', 'backups'];

async function scratchDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'pgwarden\\_restore\\_%' ORDER BY 1",
    );
    return r.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe.skipIf(!HAVE_13)(
  'restore drills (needs PostgreSQL 13 from `npm run matrix:install` for the pg_dump 15 source)',
  () => {
    let pg13: MajorServer;
    let work: { path: string; remove(): Promise<void> };
    let plainSql: string;
    let customFile: string;
    const scratch18 = () => inject('databaseUrl');
    const servers = (): Array<[string, string]> => [
      ['18', scratch18()],
      ['13', pg13.url()],
    ];

    beforeAll(async () => {
      pg13 = await startPostgresMajor(13);
      work = await tempDir('restore-drill');
      const source = await createSourceDatabase(pg13.url(), 'shop');
      plainSql = await plainDump(source);
      customFile = join(work.path, 'shop.custom');
      await customDump(source, customFile);
    });

    afterAll(async () => {
      await pg13?.stop();
      await work?.remove();
    });

    let dirs = 0;
    async function newDir(): Promise<string> {
      const dir = join(work.path, `d${++dirs}`);
      await mkdir(dir);
      return dir;
    }

    async function drill(
      dir: string,
      server: string,
      restore: Record<string, unknown> = {},
      monitored: Array<{ host: string; port: number }> = [],
    ): Promise<DrillResult[]> {
      const entry = backupDirSchema.parse({ path: dir, restore_test: { server, ...restore } });
      const source = new BackupSource([entry], silentLogger(), {
        restore: { stateDir: join(dir, '.state'), monitored, scheduled: false },
      });
      try {
        return await source.restoreTest();
      } finally {
        await source.close();
      }
    }

    it.each(['18', '13'])(
      'restores plain SQL (gzip) and custom format into PostgreSQL %s with exact counts',
      async (major) => {
        const server = servers().find(([m]) => m === major)![1];
        const plainDir = await newDir();
        await writePlainGz(plainDir, 'shop', plainSql, SOURCE_META);
        const customDir = await newDir();
        await writeCustom(customDir, 'shop', customFile, SOURCE_META);
        for (const dir of [plainDir, customDir]) {
          const [result] = await drill(dir, server, {
            checks: [
              { table: 'public.events', min: 1000 },
              { sql: 'SELECT count(*) FROM big_orders', min: 3 },
            ],
          });
          expect(result).toMatchObject({ database: 'shop', type: 'full', success: true, problems: [], messages: [] });
          expect([result!.tables, result!.rows]).toEqual([SOURCE_TABLES, SOURCE_ROWS]);
          expect(result!.scratchDatabase).toMatch(/^pgwarden_restore_shop_\d{8}_\d{6}_[0-9a-f]{6}$/);
        }
        expect(await scratchDatabases(server)).toEqual([]);
      },
    );

    it('a gzip-valid dump whose SQL fails halfway is a restore_error, and nothing is left', async () => {
      const dir = await newDir();
      const cut = plainSql.indexOf('\nCREATE VIEW');
      expect(cut).toBeGreaterThan(0);
      const broken = `${plainSql.slice(0, cut)}\nINSERT INTO no_such_table VALUES (1);\n${plainSql.slice(cut)}`;
      await writePlainGz(dir, 'shop', broken, SOURCE_META);
      const [result] = await drill(dir, scratch18());
      expect(result).toMatchObject({ success: false, problems: ['restore_error'] });
      expect(result!.messages.join('\n')).toMatch(/relation "no_such_table" does not exist/);
      expect(await scratchDatabases(scratch18())).toEqual([]);
    });

    it('a dump that restores but lacks a listed table fails its checks', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', plainSql, `${SOURCE_META}rows.public.invoices=3\n`);
      const [result] = await drill(dir, pg13.url(), { checks: [{ table: 'public.invoices', min: 1 }] });
      expect(result).toMatchObject({ success: false, problems: ['check_failed'], tables: SOURCE_TABLES });
      expect(result!.messages).toEqual([
        'table public.invoices is missing',
        expect.stringMatching(/^check table public.invoices failed: relation "public.invoices" does not exist/),
      ]);
      expect(await scratchDatabases(pg13.url())).toEqual([]);
    });

    it('a drill past its time limit is cancelled: tool and session ended, database dropped', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', `${plainSql}\nSELECT pg_sleep(120);\n`);
      const [result] = await drill(dir, scratch18(), { time_limit: '3s' });
      expect(result).toMatchObject({ success: false, problems: ['timeout'] });
      expect(await scratchDatabases(scratch18())).toEqual([]);
      const client = new pg.Client({ connectionString: scratch18() });
      await client.connect();
      const sessions = await client.query(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgwarden-restore-drill'",
      );
      await client.end();
      expect(sessions.rows).toEqual([]);
    });

    it('refuses a scratch server that is a monitored target, unless allowed', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', plainSql);
      const url = new URL(pg13.url());
      const monitored = [{ host: 'localhost', port: Number(url.port) }];
      const [refused] = await drill(dir, pg13.url(), {}, monitored);
      expect(refused).toMatchObject({ success: false, problems: ['monitored_target'] });
      expect(refused!.scratchDatabase).toBeUndefined();
      const [allowed] = await drill(dir, pg13.url(), { allow_monitored_target: true }, monitored);
      expect(allowed).toMatchObject({ success: true, tables: SOURCE_TABLES });
    });

    it('missing client binaries are a client_missing problem, not a crash', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', plainSql);
      const [result] = await drill(dir, scratch18(), { pg_bin_dir: await newDir() });
      expect(result).toMatchObject({ success: false, problems: ['client_missing'] });
      expect(result!.messages[0]).toMatch(/psql and pg_restore not found: install the PostgreSQL client/);
    });

    it('a drill killed with SIGKILL mid-restore leaves no scratch database after the next start', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', `${plainSql}\nSELECT pg_sleep(120);\n`);
      const stateDir = join(dir, '.state');
      const config = join(dir, 'pgwarden.yml');
      const server = scratch18();
      await writeFile(
        config,
        `state_dir: ${JSON.stringify(stateDir)}\nbackups:\n  - path: ${JSON.stringify(dir)}\n` +
          `    restore_test: { server: ${JSON.stringify(server)}, time_limit: 5m }\n`,
      );
      // node itself (not the tsx wrapper, whose child would survive the SIGKILL) runs the CLI.
      const cli = spawn(process.execPath, ['--import', 'tsx', ...CLI, 'restore-test', '--config', config], {
        stdio: 'ignore',
      });
      try {
        await eventually(async () => (await scratchDatabases(server)).length === 1, 30_000);
      } finally {
        cli.kill('SIGKILL');
      }
      await new Promise((resolve) => cli.once('exit', resolve));
      expect(await scratchDatabases(server)).toHaveLength(1); // the crash left it
      const entry = backupDirSchema.parse({ path: dir, restore_test: { server } });
      const next = new RestoreDrills([{ directory: dir, config: entry.restore_test! }], {
        stateDir,
        monitored: [],
        scheduled: true,
        logger: silentLogger(),
      });
      try {
        await eventually(async () => (await scratchDatabases(server)).length === 0, 30_000);
      } finally {
        await next.close();
      }
    });

    async function runCli(dir: string, args: string[] = []): Promise<{ code: number | null; stdout: string }> {
      const config = join(dir, 'pgwarden.yml');
      await writeFile(
        config,
        `state_dir: ${JSON.stringify(join(dir, '.state'))}\nbackups:\n  - path: ${JSON.stringify(dir)}\n` +
          `    restore_test: { server: ${JSON.stringify(scratch18())} }\n`,
      );
      const cli = spawn(process.execPath, ['--import', 'tsx', ...CLI, 'restore-test', '--config', config, ...args]);
      let stdout = '';
      cli.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
      const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
      return { code, stdout };
    }

    it('pgwarden backups restore-test answers like a Nagios plugin', async () => {
      const good = await newDir();
      await writePlainGz(good, 'shop', plainSql, SOURCE_META);
      const ok = await runCli(good);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        /^RESTORE-TEST OK - 1 restore drill succeeded: shop full: restored 3 tables, 1008 rows in [\d.]+s \| shop_full_duration=[\d.]+s;;;0 shop_full_tables=3;;;0 shop_full_rows=1008;;;0\nOK: /,
      );
      const bad = await newDir();
      await writePlainGz(bad, 'shop', `${plainSql}\nSELECT 1/0;\n`);
      const failed = await runCli(bad, ['--json']);
      expect(failed.code).toBe(2);
      const doc = JSON.parse(failed.stdout) as { status: string; msg: string; drills: DrillResult[] };
      expect(doc.status).toBe('CRITICAL');
      expect(doc.msg).toMatch(/^1 of 1 restore drills failed: shop full: restore_error: restore tool exited with 3/);
      const password = decodeURIComponent(new URL(scratch18()).password);
      if (password) expect(ok.stdout + failed.stdout).not.toContain(password);
      const none = await runCli(bad, ['--database', 'nope']);
      expect([none.code, none.stdout]).toEqual([1, 'RESTORE-TEST WARNING - no good dump of database nope to drill\n']);
      expect(await scratchDatabases(scratch18())).toEqual([]);
    });

    it('pgwarden check --backups includes the recorded drill verdict', async () => {
      const dir = await newDir();
      await writePlainGz(dir, 'shop', `${plainSql}\nSELECT 1/0;\n`);
      const [result] = await drill(dir, scratch18());
      expect(result!.problems).toEqual(['restore_error']);
      const config = join(dir, 'check.yml');
      await writeFile(
        config,
        `state_dir: ${JSON.stringify(join(dir, '.state'))}\ntargets:\n  - name: main\n    url: ${JSON.stringify(scratch18())}\n` +
          `backups:\n  - path: ${JSON.stringify(dir)}\n    restore_test: { server: ${JSON.stringify(scratch18())} }\n`,
      );
      const run = await check(['--backups', '--interval', '1s'], config);
      expect(run.stdout).toMatch(
        /^POSTGRES CRITICAL - Restore drill of the full backup of shop on main failed: restore_error/,
      );
      expect(run.code).toBe(2);
    });

    it('never drops a pgwarden_restore_* database it did not create', async () => {
      const server = scratch18();
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      const foreign = 'pgwarden_restore_other_20240101_000000_abcdef';
      await admin.query(`CREATE DATABASE ${foreign}`);
      try {
        const dir = await newDir();
        await writePlainGz(dir, 'shop', plainSql);
        const [result] = await drill(dir, server);
        expect(result!.success).toBe(true);
        expect(await scratchDatabases(server)).toEqual([foreign]);
      } finally {
        await admin.query(`DROP DATABASE ${foreign}`);
        await admin.end();
      }
    });
  },
);
