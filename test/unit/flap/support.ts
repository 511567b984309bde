// The one alert the flap tests toggle, as the rules hand it to flap control (firing or resolved at a time).
import type { NotifiableAlert } from '../../../src/notify/types.js';

export const MIN = 60_000;
export const labels = { alertname: 'Lag', instance: 'db1' };

export const alert = (status: 'firing' | 'resolved', at: number): NotifiableAlert => ({
  labels,
  annotations: { summary: 'lag' },
  startsAt: at,
  endsAt: status === 'resolved' ? at : at + 4 * MIN,
  generatorURL: '',
  status,
  fingerprint: 'x',
  value: Number.NaN,
});
