import { describe, expect, it } from 'vitest';
import { alertmanagerConfigYaml, gettableAlerts, type HeldAlert } from '../../../src/notify/alerts-v2.js';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { parseMatchers } from '../../../src/notify/matcher.js';
import type { NotifiableAlert } from '../../../src/notify/types.js';

const NOW = 1_700_000_000_000;
const alert = (name: string, over: Partial<NotifiableAlert> = {}): NotifiableAlert => ({
  labels: { alertname: name, instance: 'db1' },
  annotations: {},
  startsAt: NOW - 60_000,
  endsAt: NOW + 240_000,
  generatorURL: '',
  status: 'firing',
  fingerprint: name,
  ...over,
});
const held: HeldAlert[] = [
  { alert: alert('Active'), receivers: ['dba'], silencedBy: [], inhibitedBy: [] },
  { alert: alert('Silenced'), receivers: ['dba'], silencedBy: ['s1'], inhibitedBy: [] },
  { alert: alert('Inhibited'), receivers: ['pager'], silencedBy: [], inhibitedBy: ['Active'] },
  {
    alert: alert('Resolved', { status: 'resolved', endsAt: NOW - 1 }),
    receivers: ['dba'],
    silencedBy: [],
    inhibitedBy: [],
  },
  { alert: alert('Expired', { endsAt: NOW - 1 }), receivers: ['dba'], silencedBy: [], inhibitedBy: [] },
];
const all = { active: true, silenced: true, inhibited: true, matchers: [] };

describe('GET /api/v2/alerts (Alertmanager semantics)', () => {
  it.each<[string, Parameters<typeof gettableAlerts>[1], string[]]>([
    ['everything not resolved', all, ['Active', 'Inhibited', 'Silenced']],
    ["amtool's default: active only", { ...all, silenced: false, inhibited: false }, ['Active']],
    ['silenced only', { ...all, active: false, inhibited: false }, ['Silenced']],
    ['by matcher', { ...all, matchers: parseMatchers(['alertname=~"S.*"']) }, ['Silenced']],
    ['by receiver regex', { ...all, receiver: /^(?:pag.*)$/ }, ['Inhibited']],
  ])('%s', (_name, filter, names) => {
    expect(gettableAlerts(held, filter, NOW).map((a) => a.labels['alertname'])).toEqual(names);
  });

  it('has the gettableAlert shape', () => {
    expect(gettableAlerts(held, all, NOW).find((a) => a.fingerprint === 'Inhibited')).toEqual({
      labels: { alertname: 'Inhibited', instance: 'db1' },
      annotations: {},
      startsAt: new Date(NOW - 60_000).toISOString(),
      endsAt: new Date(NOW + 240_000).toISOString(),
      updatedAt: new Date(NOW).toISOString(),
      generatorURL: '',
      fingerprint: 'Inhibited',
      receivers: [{ name: 'pager' }],
      status: { state: 'suppressed', silencedBy: [], inhibitedBy: ['Active'] },
    });
  });
});

describe("GET /api/v2/status's config.original", () => {
  it("prints only Alertmanager's sections, secrets masked", () => {
    const config = alertingConfigSchema.parse({
      global: { smtp_auth_password: 'MAILSECRET', slack_api_url: 'https://hooks.slack.com/services/T/B/SLACKSECRET' },
      route: { receiver: 'dba' },
      receivers: [{ name: 'dba', webhook_configs: [{ url: 'https://hooks.example.org/HOOKSECRET?x=1' }] }],
    });
    const yaml = alertmanagerConfigYaml(config);
    expect(yaml).not.toMatch(/SECRET/);
    expect(yaml).toContain('url: https://hooks.example.org/<secret>');
    expect(yaml).toContain('smtp_auth_password: <secret>');
    expect(yaml).not.toMatch(/delivery|builtin_inhibit_rules|alertmanagers/);
  });
});
