import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../../../src/paths.js';

const root = packageRoot();
const readYaml = (file: string) => parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('Grafana provisioning examples', () => {
  it('provision exactly one default Prometheus data source', () => {
    const dir = 'grafana/provisioning/datasources';
    const sources = readdirSync(path.join(root, dir)).flatMap(
      (file) => (readYaml(`${dir}/${file}`).datasources as Array<Record<string, unknown>>) ?? [],
    );
    expect(sources).toEqual([expect.objectContaining({ type: 'prometheus', isDefault: true })]);
  });

  it('load the dashboards from the directory docker-compose mounts grafana/dashboards at', () => {
    const providers = readYaml('grafana/provisioning/dashboards/pgwarden.yml').providers as Array<{
      type: string;
      options: { path: string };
    }>;
    expect(providers).toHaveLength(1);
    expect(providers[0]?.type).toBe('file');
    const compose = readYaml('deploy/docker-compose.yml') as { services: { grafana: { volumes: string[] } } };
    expect(compose.services.grafana.volumes).toContain(`../grafana/dashboards:${providers[0]?.options.path}:ro`);
  });
});
