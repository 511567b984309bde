import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { packageRoot } from '../../src/paths.js';
import { adminQuery, dropRole, testDatabaseUrl } from '../support/postgres.js';

// What of deploy/ can be checked without a Docker engine or a booted systemd: the files parse, what they reference
// exists, and the tools that own each format accept them.
const root = packageRoot();
const deploy = path.join(root, 'deploy');

interface ComposeService {
  build?: { context: string; dockerfile?: string };
  volumes?: string[];
}

describe('deploy/', () => {
  it('prometheus.yml passes promtool check config', () => {
    const result = spawnSync('promtool', ['check', 'config', path.join(deploy, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('prometheus.yml scrapes the agent once (at /metrics or through /probe, not both)', () => {
    const config = parse(readFileSync(path.join(deploy, 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{
        job_name: string;
        static_configs?: Array<{ targets: string[] }>;
        relabel_configs?: unknown[];
      }>;
    };
    const agentJobs = config.scrape_configs.filter((job) =>
      JSON.stringify([job.static_configs, job.relabel_configs]).includes('pgwarden:9187'),
    );
    expect(agentJobs.map((job) => job.job_name)).toEqual(['pgwarden']);
  });

  it("docker-compose.yml's Prometheus is the version whose promtool tests the rules and its configuration", () => {
    const version = /version (\d+\.\d+\.\d+)/.exec(
      spawnSync('promtool', ['--version'], { encoding: 'utf8' }).stdout,
    )?.[1];
    const compose = readFileSync(path.join(deploy, 'docker-compose.yml'), 'utf8');
    expect(/image: prom\/prometheus:v(\S+)/.exec(compose)?.[1]).toBe(version);
  });

  it('docker-compose.yml parses, and every local file it mounts or builds from exists', () => {
    const compose = parse(readFileSync(path.join(deploy, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    expect(Object.keys(compose.services).sort()).toEqual([
      'alertmanager',
      'grafana',
      'pgwarden',
      'postgres',
      'prometheus',
    ]);
    const local = Object.values(compose.services).flatMap((s) =>
      (s.volumes ?? []).map((v) => v.split(':')[0] as string).filter((source) => source.startsWith('.')),
    );
    expect(local).toEqual(
      expect.arrayContaining(['../alert-rules', '../grafana/provisioning', './prometheus.yml', './pgwarden.yml']),
    );
    for (const source of local) expect([source, existsSync(path.join(deploy, source))]).toEqual([source, true]);
    const build = compose.services.pgwarden?.build;
    expect(existsSync(path.join(deploy, build?.context ?? '?', build?.dockerfile ?? 'Dockerfile'))).toBe(true);
  });

  it("the Dockerfile copies only files that exist, runs as non-root and starts the agent's bin", () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] as string).split(' '));
    expect(copies.length).toBeGreaterThan(3);
    for (const source of copies) expect([source, existsSync(path.join(root, source))]).toEqual([source, true]);
    expect(dockerfile).toMatch(/^USER pgwarden$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["pgwarden"\]$/m);
    expect(dockerfile).toContain('--omit=dev --omit=optional');
    const bin = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: { pgwarden: string } }).bin
      .pgwarden;
    expect(dockerfile).toContain(`/opt/pgwarden/${bin} /usr/local/bin/pgwarden`);
  });

  it('pgwarden.yml of the compose example is a valid configuration', () => {
    const config = loadConfig({ file: path.join(deploy, 'pgwarden.yml'), env: { PGWARDEN_DB_PASSWORD: 'x' } });
    expect(config.targets.map((t) => t.display)).toEqual(['postgresql://pgwarden@postgres:5432/postgres']);
  });

  it('pgwarden.service passes systemd-analyze verify', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-unit-'));
    const unit = path.join(dir, 'pgwarden.service');
    // The unit names the installed binary; point it at one that exists here so verify checks everything else.
    const text = readFileSync(path.join(deploy, 'pgwarden.service'), 'utf8');
    writeFileSync(unit, text.replaceAll('/usr/bin/pgwarden', process.execPath));
    const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it("the example's PostgreSQL init script creates the documented monitoring role", async () => {
    const url = new URL(testDatabaseUrl());
    await dropRole('pgwarden');
    try {
      const result = spawnSync('sh', [path.join(deploy, 'postgres-init', '01-pgwarden-role.sh')], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          POSTGRES_USER: decodeURIComponent(url.username),
          PGPASSWORD: decodeURIComponent(url.password),
          PGHOST: url.hostname,
          PGPORT: url.port,
          PGWARDEN_DB_PASSWORD: 'init-script-test',
          // Other suites may have created the extension already: its "already exists" NOTICE is not a problem.
          PGOPTIONS: '-c client_min_messages=warning',
        },
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const roles = await adminQuery<{ member: boolean }>(
        "SELECT pg_has_role('pgwarden', 'pg_monitor', 'MEMBER') AS member",
      );
      expect(roles).toEqual([{ member: true }]);
    } finally {
      await dropRole('pgwarden');
    }
  });
});
