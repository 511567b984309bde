// Real dumps for restore drills: a database with tables, data, a view and a sequence on a real PostgreSQL 13, dumped
// with the machine's pg_dump 15 (plain SQL gzipped, and custom format), written as backup-database.sh names them.
import { execFile } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { sha256 } from '../../e2e/backups/fixture.js';

const run = promisify(execFile);

export const SOURCE_SQL = `
  CREATE SEQUENCE invoice_no START 1000;
  CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers, total numeric(10,2));
  CREATE TABLE events (id bigint PRIMARY KEY, payload text);
  INSERT INTO customers (name) VALUES ('Ada'), ('Grace'), ('Edsger');
  INSERT INTO orders (customer_id, total) VALUES (1, 10), (1, 20), (2, 30), (3, 40), (3, 50);
  INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 1000) g;
  CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 25;
  SELECT nextval('invoice_no');
`;
/** Tables and exact rows of the source database (what a successful drill must find). */
export const SOURCE_TABLES = 3;
export const SOURCE_ROWS = 3 + 5 + 1000;

export async function createSourceDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(SOURCE_SQL);
  } finally {
    await client.end();
  }
  return url.toString();
}

const pad = (n: number) => String(n).padStart(2, '0');
export function fileStamp(d: Date): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Plain SQL from pg_dump 15 (the machine's client), uncompressed. */
export async function plainDump(sourceUrl: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--no-owner', '-d', sourceUrl], { maxBuffer: 64 << 20 });
  return stdout;
}

/** Custom format (`pg_dump -Fc`) into `file`. */
export async function customDump(sourceUrl: string, file: string): Promise<void> {
  await run('pg_dump', ['-Fc', '--no-owner', '-d', sourceUrl, '-f', file]);
}

export interface WrittenDump {
  readonly name: string;
  readonly path: string;
}

/** Writes dump bytes with their .sha256 and .meta, an hour old (settled), as backup-database.sh does. */
export async function writeDump(
  dir: string,
  database: string,
  extension: 'sql.gz' | 'sql' | 'dump',
  bytes: Buffer,
  meta: string,
  ageSeconds = 3600,
): Promise<WrittenDump> {
  const when = new Date(Date.now() - ageSeconds * 1000);
  const name = `${database}_full_${fileStamp(when)}.${extension}`;
  const path = join(dir, name);
  await writeFile(path, bytes);
  await writeFile(`${path}.sha256`, `${sha256(bytes)}  ${name}\n`);
  await writeFile(`${path}.meta`, `database=${database}\ntype=full\nstatus=success\n${meta}`);
  for (const file of [path, `${path}.sha256`, `${path}.meta`]) await utimes(file, when, when);
  return { name, path };
}

export async function writePlainGz(dir: string, database: string, sql: string, meta = ''): Promise<WrittenDump> {
  return writeDump(dir, database, 'sql.gz', gzipSync(Buffer.from(sql)), meta);
}

export async function writeCustom(dir: string, database: string, dumpFile: string, meta = ''): Promise<WrittenDump> {
  return writeDump(dir, database, 'dump', await readFile(dumpFile), meta);
}

/** The .meta lines a backup job could write about the source database. */
export const SOURCE_META = `tables=${SOURCE_TABLES}\nrows.public.orders=5\nrows.public.customers=3\n`;
