import { describe, expect, it } from 'vitest';
import { html, trusted } from '../../../src/console/html.js';
import { crossSiteRefusal } from '../../../src/console/same-origin.js';
import { webPaths } from '../../../src/console/web-paths.js';
import { silenceBody } from '../../../src/console/silence-form.js';
import { formatDuration, formatBytes } from '../../../src/console/format.js';
import { alertViews, filterAlerts } from '../../../src/console/alert-view.js';
import { parseMatchers } from '../../../src/notify/matcher.js';
import { formatServerVersion } from '../../../src/console/snapshot-read.js';
import { offsiteCell } from '../../../src/console/pages/backups.js';

describe('html', () => {
  it('escapes every interpolated value unless it is a fragment', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<td title="${name}">${name}</td>`.text).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>',
    );
    expect(html`<p>${[html`<b>${"'"}</b>`, trusted('<i>x</i>'), undefined, false, 0]}</p>`.text).toBe(
      '<p><b>&#39;</b><i>x</i>0</p>',
    );
  });
});

describe('crossSiteRefusal', () => {
  const base = { method: 'POST', host: '127.0.0.1:9187', allowedHosts: ['pg.example.com'] };
  it.each([
    [{ ...base }, undefined],
    [{ ...base, method: 'GET', origin: 'http://evil.example' }, undefined],
    [{ ...base, origin: 'http://127.0.0.1:9187', secFetchSite: 'same-origin' }, undefined],
    [{ ...base, origin: 'https://pg.example.com' }, undefined],
    [{ ...base, origin: 'http://evil.example' }, 'cross-site request refused (Origin: http://evil.example)'],
    [{ ...base, origin: 'null' }, 'cross-site request refused (Origin: null)'],
    [{ ...base, secFetchSite: 'cross-site' }, 'cross-site request refused (Sec-Fetch-Site: cross-site)'],
    [{ ...base, origin: 'http://127.0.0.1:9999' }, 'cross-site request refused (Origin: http://127.0.0.1:9999)'],
    [{ ...base, path: '/api/v1/query', origin: 'http://grafana.example' }, undefined],
    [
      { ...base, path: '/api/v2/silences', origin: 'http://grafana.example' },
      'cross-site request refused (Origin: http://grafana.example)',
    ],
  ])('%o → %s', (facts, expected) => {
    expect(crossSiteRefusal(facts)).toBe(expected);
  });
});

describe('webPaths', () => {
  it.each([
    [undefined, undefined, { base: '', routePrefix: '' }],
    [
      'https://pg.example.com/pgwarden/',
      undefined,
      { base: '/pgwarden', routePrefix: '/pgwarden', externalHost: 'pg.example.com' },
    ],
    ['https://pg.example.com/pgwarden', '/', { base: '/pgwarden', routePrefix: '', externalHost: 'pg.example.com' }],
    [undefined, '/pgw/', { base: '/pgw', routePrefix: '/pgw' }],
  ])('%s %s', (url, prefix, expected) => {
    expect(webPaths(url, prefix)).toEqual(expected);
  });
  it('names the flag of a bad value', () => {
    expect(() => webPaths('pg.example.com', undefined)).toThrow(/--web.external-url "pg.example.com" is not a URL/);
    expect(() => webPaths(undefined, 'pgw')).toThrow(/--web.route-prefix "pgw" must start with \//);
  });
});

describe('silenceBody', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');
  const form = {
    matchers: '{alertname="A", instance=~"db.*"}',
    startsAt: '',
    endsAt: '',
    duration: '',
    createdBy: 'ann',
    comment: 'x',
  };
  it('turns the form into the API body: default start now, default duration 2h', () => {
    expect(silenceBody(form, now)).toEqual({
      matchers: [
        { name: 'alertname', value: 'A', isRegex: false, isEqual: true },
        { name: 'instance', value: 'db.*', isRegex: true, isEqual: true },
      ],
      startsAt: '2026-12-04T10:00:00.000Z',
      endsAt: '2026-12-04T12:00:00.000Z',
      createdBy: 'ann',
      comment: 'x',
    });
    expect(silenceBody({ ...form, matchers: 'a!~"b"', endsAt: '2026-12-05T00:00:00Z' }, now).matchers).toEqual([
      { name: 'a', value: 'b', isRegex: true, isEqual: false },
    ]);
  });
  it('names the field it cannot read', () => {
    expect(() => silenceBody({ ...form, matchers: '' }, now)).toThrow(/^matchers: at least one matcher/);
    expect(() => silenceBody({ ...form, matchers: 'a=~"("' }, now)).toThrow(/^matchers: invalid regex/);
    expect(() => silenceBody({ ...form, startsAt: 'soon' }, now)).toThrow(/^start: "soon" is not a time/);
    expect(() => silenceBody({ ...form, duration: 'long' }, now)).toThrow(/invalid duration "long"/);
  });
});

describe('alert filters', () => {
  const alert = (labels: Record<string, string>, state: 'firing' | 'pending' = 'firing') => ({
    labels,
    annotations: {},
    state,
    activeAt: '2026-12-04T10:00:00Z',
    value: '1e+00',
  });
  const silence = {
    id: 's1',
    status: { state: 'active' as const },
    updatedAt: '',
    matchers: [{ name: 'env', value: 'prod', isRegex: false, isEqual: true }],
    startsAt: '',
    endsAt: '',
    createdBy: 'a',
    comment: 'c',
  };
  const views = alertViews(
    [
      alert({ alertname: 'A', instance: 'db1', severity: 'critical' }),
      alert({ alertname: 'B', instance: 'db2', severity: 'warning' }, 'pending'),
    ],
    { env: 'prod' },
    [silence],
  );
  it('marks alerts an inhibit rule mutes while its source fires', () => {
    const rule = {
      sourceMatchers: parseMatchers(['alertname="A"']),
      targetMatchers: parseMatchers(['alertname="B"']),
      equal: ['env'],
    };
    const [a, b] = alertViews([alert({ alertname: 'A' }), alert({ alertname: 'B' })], { env: 'prod' }, [], [rule]);
    expect([a?.inhibited, b?.inhibited]).toEqual([false, true]);
    const pendingSource = alertViews([alert({ alertname: 'A' }, 'pending'), alert({ alertname: 'B' })], {}, [], [rule]);
    expect(pendingSource.map((v) => v.inhibited)).toEqual([false, false]);
  });
  it('sees external labels, marks silenced alerts, filters by matchers, target and severity', () => {
    expect(views.map((v) => v.silencedBy)).toEqual([['s1'], ['s1']]);
    const names = (f: Parameters<typeof filterAlerts>[1]) => filterAlerts(views, f).map((v) => v.labels.alertname);
    expect(names({ matchers: parseMatchers(['alertname=~"A|B"', 'env="prod"']) })).toEqual(['A', 'B']);
    expect(names({ matchers: parseMatchers(['{severity!="critical"}']) })).toEqual(['B']);
    expect(names({ matchers: [], target: 'db1' })).toEqual(['A']);
    expect(names({ matchers: [], severity: 'warning' })).toEqual(['B']);
    expect(names({ matchers: [], silenced: false })).toEqual([]);
  });
});

describe('format', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [200, '3m 20s'],
    [3600, '1h'],
    [7500, '2h 5m'],
    [90000, '1d 1h'],
  ])('formatDuration(%d) = %s', (s, text) => expect(formatDuration(s)).toBe(text));
  it('formats bytes and versions', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8.2 * 1024 * 1024)).toBe('8.2 MiB');
    expect(formatServerVersion(180004)).toBe('18.4');
    expect(formatServerVersion(90624)).toBe('9.6.24');
  });
});

describe('offsiteCell', () => {
  const now = Date.UTC(2024, 0, 20, 12);
  const key = { database: 'shop', type: 'full' };
  const snapshot = (families: Array<[string, Record<string, string>, number]>) => ({
    target: 'main',
    timestamp: now,
    families: [...new Set(families.map(([name]) => name))].map((name) => ({
      name,
      type: 'gauge' as const,
      help: '',
      samples: families.filter(([n]) => n === name).map(([, labels, value]) => ({ labels, value })),
    })),
  });
  it.each<[string, Array<[string, Record<string, string>, number]>, RegExp]>([
    ['no off-site location', [], /^—$/],
    [
      'the newest copy and the problems that alert (an unknown checksum is not shown)',
      [
        ['pg_backup_offsite_files', key, 3],
        ['pg_backup_offsite_last_timestamp_seconds', key, now / 1000 - 7200],
        ['pg_backup_offsite_problems', { ...key, problem: 'missing' }, 2],
        ['pg_backup_offsite_problems', { ...key, problem: 'checksum_unknown' }, 5],
        ['pg_backup_offsite_problems', { database: 'crm', type: 'full', problem: 'size_mismatch' }, 1],
      ],
      /^2h[^]*missing<\/span> 2$/,
    ],
    [
      'no copy at all',
      [
        ['pg_backup_offsite_files', key, 0],
        ['pg_backup_offsite_last_timestamp_seconds', key, 0],
      ],
      /no copy/,
    ],
  ])('%s', (_name, families, expected) => {
    expect(offsiteCell(snapshot(families), key, now).text.replace(/\s+/g, ' ').trim()).toMatch(expected);
  });
});
