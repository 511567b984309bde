// The notifications page's "Time intervals" section: which named intervals are active now and which routes they mute
// or activate (the notifier's timeIntervalStatus, as GET /api/v1/notifications/time-intervals). Pure.
import type { TimeIntervalStatus } from '../notify/time-interval-status.js';
import { html, type Html } from './html.js';
import { status, table } from './layout.js';

/** What an interval does to a route right now. */
function effect(active: boolean, as: 'mute' | 'active'): Html {
  if (as === 'mute') return active ? status('warn', 'muted now') : status('ok', 'mutes while active');
  return active ? status('ok', 'sends now') : status('warn', 'sends only while active: quiet now');
}

export function timeIntervalsSection(intervals: readonly TimeIntervalStatus[]): Html {
  const rows = intervals.map(
    (t) =>
      html`<tr>
        <td><b>${t.name}</b></td>
        <td>${t.active ? status('info', 'active now') : 'inactive'}</td>
        <td>
          ${
            t.usedBy.length
              ? t.usedBy.map(
                  (u) =>
                    html`<p>
                      route <code>${u.route}</code> (receiver ${u.receiver}): <code>${u.as}_time_intervals</code>
                      ${effect(t.active, u.as)}
                    </p>`,
                )
              : 'no route names it'
          }
        </td>
      </tr>`,
  );
  return html`<h2 id="time-intervals">Time intervals (${rows.length})</h2>
    ${table(
      'Named time intervals, whether the clock is inside them now, and the routes they mute or activate',
      ['Interval', 'Now', 'Routes'],
      rows,
      'No time interval is configured.',
    )}`;
}
