// POST /api/v1/backups/restore-test on a real express server (loopback) drilling a real dump into the test server.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BackupSource, backupDirSchema } from '../../../src/collect/backups/index.js';
import { restoreTestRouter } from '../../../src/http/restore-test-api.js';
import { silentLogger } from '../../../src/log.js';
import { tempDir } from '../../e2e/backups/fixture.js';
import { writePlainGz } from './restore-fixture.js';

describe('POST /api/v1/backups/restore-test', () => {
  let dir: { path: string; remove(): Promise<void> };
  let source: BackupSource;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await tempDir('restore-api');
    await writePlainGz(
      dir.path,
      'app',
      'CREATE TABLE items (id int PRIMARY KEY);\nINSERT INTO items SELECT generate_series(1, 42);\n',
      'tables=1\nrows.items=42\n',
    );
    const entry = backupDirSchema.parse({ path: dir.path, restore_test: { server: inject('databaseUrl') } });
    source = new BackupSource([entry], silentLogger(), {
      restore: { stateDir: join(dir.path, '.state'), monitored: [], scheduled: false },
    });
    const app = express();
    app.use(restoreTestRouter((request) => source.restoreTest(request)));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.close();
    await source?.close();
    await dir?.remove();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/api/v1/backups/restore-test`, { method: 'POST', body, headers });

  it('drills on a same-origin JSON request and answers with the plugin document', async () => {
    const response = await post('{"database":"app"}', { 'content-type': 'application/json', origin: base });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { status: string; msg: string; drills: Array<{ tables: number }> };
    expect(doc.status).toBe('OK');
    expect(doc.msg).toMatch(/^1 restore drill succeeded: app full: restored 1 tables, 42 rows in/);
  });

  it.each([
    ['a form post', 'database=app', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a cross-site origin', '{}', { 'content-type': 'application/json', origin: 'https://evil.example' }, 403],
    ['an unknown field', '{"databse":"app"}', { 'content-type': 'application/json' }, 400],
  ])('refuses %s', async (_name, body, headers, status) => {
    expect((await post(body, headers)).status).toBe(status);
  });
});
