import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { notifiesDirectly } from '../../../src/notify/delivery-mode.js';

function parsed(yaml: string) {
  const result = alertingConfigSchema.safeParse(parse(yaml));
  return result.success
    ? {
        mode: result.data.delivery.mode,
        resend: result.data.delivery.alertmanager_resend,
        direct: notifiesDirectly(result.data),
      }
    : { issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe('delivery: alertmanager_only (HA through an Alertmanager cluster)', () => {
  it.each([
    ['nothing set: pgwarden notifies itself', 'alertmanagers: []', { mode: 'direct', resend: '1m', direct: true }],
    [
      'the one-line switch',
      'delivery: alertmanager_only\nalertmanagers: [http://am1:9093, http://am2:9093]',
      { mode: 'alertmanager_only', resend: '1m', direct: false },
    ],
    [
      'the map form, with tuning',
      'delivery: { mode: alertmanager_only, alertmanager_resend: 20s }\nalertmanagers: [http://am1:9093]',
      { mode: 'alertmanager_only', resend: '20s', direct: false },
    ],
    [
      'receivers may be absent, or present and unused',
      'delivery: alertmanager_only\nalertmanagers: [http://am1:9093]\nroute: { receiver: x }\nreceivers: [{ name: x }]',
      { mode: 'alertmanager_only', resend: '1m', direct: false },
    ],
    ['direct spelled out', 'delivery: direct', { mode: 'direct', resend: '1m', direct: true }],
  ])('%s', (_what, yaml, expected) => {
    expect(parsed(yaml)).toEqual(expected);
  });

  it('without an Alertmanager to forward to, is an error naming alertmanagers', () => {
    const result = parsed('delivery: alertmanager_only');
    expect(result.issues).toHaveLength(1);
    expect(result.issues![0]).toMatch(/^alertmanagers: delivery is alertmanager_only.*alertmanagers is empty/);
  });

  it('an unknown mode is an error naming delivery', () => {
    expect(parsed('delivery: alertmanager_first\nalertmanagers: [http://am1:9093]')).toEqual({
      issues: ['delivery: expected alertmanager_only or a map of delivery settings'],
    });
    expect(parsed('delivery: { mode: nobody }\nalertmanagers: [http://am1:9093]').issues?.[0]).toMatch(
      /^delivery\.mode: /,
    );
  });
});
