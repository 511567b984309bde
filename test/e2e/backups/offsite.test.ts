// Off-site copies through the built agent: two backup directories, one with its S3 keys from the config (the secret in
// a file), one with the AWS credential chain from the environment, against a real S3-compatible server (s3rver) on
// loopback. /metrics, the /backups page and the alert API show the missing copy; no credential shows anywhere.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../../support/agent-process.js';
import { eventually } from '../../support/eventually.js';
import { testDatabaseUrl } from '../../support/postgres.js';
import { S3RVER_KEY, startS3Server, type S3Server } from '../../support/s3-server.js';
import { tempDir, writeBackup } from './fixture.js';

// s3rver accepts any secret for its key id S3RVER, so these distinct values are only ever sent as signatures.
const SECRETS = {
  fileSecret: 'Offsite-Secret-File-7788',
  envSecret: 'Offsite-Secret-Env-5566',
  envSession: 'Offsite-Session-Token-4321',
};

describe('off-site copies in the running agent', () => {
  let s3: S3Server;
  let agent: AgentProcess;
  let dir: { path: string; remove(): Promise<void> };
  const seen: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Server(['backups']);
    dir = await tempDir('offsite-e2e');
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: 'any' },
    });
    const hoursAgo = (h: number) => {
      const d = new Date(Date.now() - h * 3_600_000);
      return `${d.toISOString().slice(0, 10).replace(/-/g, '')}_${d.toISOString().slice(11, 19).replace(/:/g, '')}`;
    };
    for (const [sub, database] of [
      ['shop', 'shop'],
      ['crm', 'crm'],
    ] as const) {
      await mkdir(join(dir.path, sub));
      const copied = `${database}_full_${hoursAgo(5)}.sql.gz`;
      await writeBackup(join(dir.path, sub), copied, { mtime: Date.now() / 1000 - 5 * 3600 });
      await writeBackup(join(dir.path, sub), `${database}_full_${hoursAgo(4)}.sql.gz`, {
        mtime: Date.now() / 1000 - 4 * 3600,
      });
      const bytes = readFileSync(join(dir.path, sub, copied));
      await client.send(new PutObjectCommand({ Bucket: 'backups', Key: `${sub}/${copied}`, Body: bytes }));
      await client.send(
        new PutObjectCommand({
          Bucket: 'backups',
          Key: `${sub}/${copied}.sha256`,
          Body: readFileSync(join(dir.path, sub, `${copied}.sha256`)),
        }),
      );
    }
    client.destroy();
    writeFileSync(join(dir.path, 's3-secret'), `${SECRETS.fileSecret}\n`);
    writeFileSync(
      join(dir.path, 'pgwarden.yml'),
      `collection_interval: 1s
evaluation_interval: 1s
state_dir: state
backups:
  - path: shop
    timezone: UTC
    offsite:
      s3: { bucket: backups, prefix: shop, endpoint: "${s3.endpoint}", access_key_id: ${S3RVER_KEY}, secret_access_key_file: s3-secret }
  - path: crm
    timezone: UTC
    offsite:
      s3: { bucket: backups, prefix: crm, endpoint: "${s3.endpoint}" }
`,
    );
    agent = await startAgent(
      ['--config', join(dir.path, 'pgwarden.yml'), '--web.listen-address=127.0.0.1:0', '--log.level=debug'],
      {
        DATABASE_URL: testDatabaseUrl(),
        AWS_ACCESS_KEY_ID: S3RVER_KEY,
        AWS_SECRET_ACCESS_KEY: SECRETS.envSecret,
        AWS_SESSION_TOKEN: SECRETS.envSession,
      },
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await s3?.stop();
    await dir?.remove();
  });

  async function visit(path: string): Promise<string> {
    const text = await (await fetch(`${agent.url}${path}`)).text();
    seen.push(text);
    return text;
  }

  it('exports the missing copy of each directory, with keys from the config and from the AWS chain', async () => {
    let metrics = '';
    await eventually(async () => {
      metrics = await visit('/metrics');
      return metrics.includes('pg_backup_offsite_up{location="s3://backups/crm/"} 1');
    }, 30_000);
    expect(metrics).toContain('pg_backup_offsite_up{location="s3://backups/shop/"} 1');
    for (const database of ['shop', 'crm']) {
      expect(metrics).toContain(`pg_backup_offsite_problems{database="${database}",type="full",problem="missing"} 1`);
      expect(metrics).toContain(
        `pg_backup_offsite_problems{database="${database}",type="full",problem="checksum_mismatch"} 0`,
      );
      expect(metrics).toContain(`pg_backup_offsite_files{database="${database}",type="full"} 1`);
    }
  });

  it('shows the copies on the /backups page and the pending alert in the API', async () => {
    const page = await visit('/backups');
    expect(page).toContain('Off-site');
    expect(page).toContain('s3://backups/shop/');
    expect(page).toMatch(/missing<\/span> 1/);
    await eventually(async () => (await visit('/api/v1/alerts')).includes('PostgresBackupOffsiteMissing'), 30_000);
  });

  it('shows no credential in any response or log line', () => {
    const everything = [...seen, agent.output()].join('\n');
    for (const value of Object.values(SECRETS)) expect(everything).not.toContain(value);
    expect(agent.output()).not.toMatch(/NodeVersionSupportWarning/);
  });
});
