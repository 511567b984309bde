// The alerts page's "Flapping" section: every alert flap control holds as flapping, in the state the notifier holds
// it in (firing now or not), with its changes within the window. Pure.
import type { FlappingAlert } from '../flap/filter.js';
import { html, type Html } from './html.js';
import { labelChips, status, table } from './layout.js';

export function flappingSection(flapping: readonly FlappingAlert[], external: Readonly<Record<string, string>>): Html {
  const rows = [...flapping]
    .sort((a, b) => (a.held.labels.alertname ?? '').localeCompare(b.held.labels.alertname ?? ''))
    .map(({ held, changes }) => {
      const own = Object.fromEntries(Object.entries(held.labels).filter(([k, v]) => external[k] !== v));
      return html`<tr>
        <td><b>${held.labels.alertname}</b> ${status('warn', 'flapping')}</td>
        <td>${held.status === 'firing' ? status('bad', 'firing') : status('ok', 'resolved')}</td>
        <td class="num">${changes}</td>
        <td>${held.labels.instance}</td>
        <td>${labelChips(own)}</td>
      </tr>`;
    });
  return html`<h2 id="flapping">Flapping (${rows.length})</h2>
    ${table(
      'Alerts changing state too often: one notification said so; their changes are held until they settle',
      ['Alert', 'Held as', 'Changes in the window', 'Target', 'Labels'],
      rows,
      'No alert is flapping.',
    )}`;
}
