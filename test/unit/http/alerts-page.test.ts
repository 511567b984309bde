import { describe, expect, it } from 'vitest';
import { alertsPage } from '../../../src/http/alerts-page.js';
import { fingerprint } from '../../../src/rules/index.js';

const alert = {
  labels: { alertname: 'PostgresDown', instance: 'db1', severity: 'critical' },
  annotations: { summary: 'db1 is <down>', runbook: 'pg_isready -h db1' },
  state: 'firing' as const,
  activeAt: '2026-11-25T10:00:00Z',
  value: '0e+00',
};

describe('alertsPage', () => {
  it('lists alerts with escaped annotations and highlights the linked one (fingerprint includes external labels)', () => {
    const linked = fingerprint({ ...alert.labels, cluster: 'prod' });
    const html = alertsPage([alert], linked, { cluster: 'prod' });
    expect(html).toContain(`<tr id="${linked}" style="background:#fff3bf">`);
    expect(html).toContain('db1 is &lt;down&gt;');
    expect(html).not.toContain('no longer active');
  });
  it('says when the linked alert is gone, and when nothing is active', () => {
    expect(alertsPage([alert], 'ffffffffffffffff')).toContain('The linked alert is no longer active.');
    expect(alertsPage([])).toContain('No alert is pending or firing.');
  });
});
