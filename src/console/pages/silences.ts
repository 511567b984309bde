// Silences (`/silences`): active, pending and expired silences (the same store as /api/v2/silences, so amtool's show
// up here and the page's in amtool); a form to create one with a preview of the alerts it would mute; expire.
import type { GettableSilence } from '../../notify/index.js';
import { matchesAll, parseMatchers } from '../../notify/matcher.js';
import type { ConsoleContext } from '../context.js';
import { formatTime } from '../format.js';
import { html, type Html } from '../html.js';
import { notice, href, withoutNotifier, labelChips, page, status, table } from '../layout.js';
import { currentAlerts, silences } from '../live.js';
import { DEFAULT_DURATION, type SilenceForm } from '../silence-form.js';

export interface SilencesView {
  readonly form?: SilenceForm | undefined;
  /** Shown above the form: what the last action did or why it was refused. */
  readonly message?: { readonly text: string; readonly error: boolean } | undefined;
  readonly preview?: boolean;
}

const matcherText = (s: GettableSilence) =>
  s.matchers
    .map((m) => `${m.name}${m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!='}${JSON.stringify(m.value)}`)
    .join(', ');

function silenceRow(ctx: ConsoleContext, s: GettableSilence): Html {
  const state = s.status.state;
  const expire =
    ctx.readOnly || state === 'expired'
      ? ''
      : html`<form class="inline" method="post" action="${href(ctx, `/silences/${encodeURIComponent(s.id)}/expire`)}">
          <button class="danger" type="submit" aria-label="Expire silence ${s.id}">Expire</button>
        </form>`;
  return html`<tr id="${s.id}">
    <td><code>${s.id.slice(0, 8)}</code></td>
    <td>
      ${state === 'active' ? status('info', 'active') : state === 'pending' ? status('warn', 'pending') : 'expired'}
    </td>
    <td><code>${matcherText(s)}</code></td>
    <td>${formatTime(Date.parse(s.startsAt))}</td>
    <td>${formatTime(Date.parse(s.endsAt))}</td>
    <td>${s.createdBy}</td>
    <td>${s.comment}</td>
    <td>${expire}</td>
  </tr>`;
}

/** The current alerts the form's matchers would mute, or why the matchers cannot be read. */
function preview(ctx: ConsoleContext, text: string): Html {
  let matchers;
  try {
    matchers = parseMatchers([text]);
  } catch (error) {
    return html`<p class="message error" role="alert">${(error as Error).message}</p>`;
  }
  const muted = currentAlerts(ctx).filter((v) => matchesAll(matchers, v.labels));
  return html`<section aria-live="polite">
    <h3>Preview: ${muted.length} current alerts would be muted</h3>
    ${
      muted.length
        ? html`<ul>
            ${muted.map((v) => html`<li><b>${v.labels.alertname}</b> ${labelChips(v.alert.labels)}</li>`)}
          </ul>`
        : ''
    }
  </section>`;
}

function createForm(ctx: ConsoleContext, view: SilencesView): Html {
  if (ctx.readOnly)
    return html`<p class="empty">The console is read-only (--web.read-only): silences cannot be created here.</p>`;
  const form = view.form;
  const v = (name: keyof SilenceForm, fallback = '') => form?.[name] ?? fallback;
  return html`<form id="new" class="panel" method="post" action="${href(ctx, '/silences')}">
    <h2>New silence</h2>
    <div class="row">
      <label
        >Matchers (Alertmanager syntax)<input
          class="wide"
          name="matchers"
          required
          value="${v('matchers')}"
          placeholder='alertname="PostgresDown", instance="db1"'
      /></label>
    </div>
    <div class="row">
      <label
        >Start (empty: now)<input name="startsAt" value="${v('startsAt')}" placeholder="2026-01-31T14:00:00Z"
      /></label>
      <label>End<input name="endsAt" value="${v('endsAt')}" placeholder="or a duration →" /></label>
      <label>Duration<input name="duration" value="${v('duration', DEFAULT_DURATION)}" size="8" /></label>
    </div>
    <div class="row">
      <label>Author<input name="createdBy" required value="${v('createdBy')}" autocomplete="name" /></label>
      <label>Comment<input class="wide" name="comment" required value="${v('comment')}" /></label>
    </div>
    <div class="row">
      <button type="submit">Create silence</button>
      <button
        class="secondary"
        type="submit"
        formmethod="get"
        formaction="${href(ctx, '/silences')}"
        formnovalidate
        name="preview"
        value="1"
      >
        Preview
      </button>
    </div>
    ${form?.matchers ? preview(ctx, form.matchers) : ''}
  </form>`;
}

export function silencesPage(ctx: ConsoleContext, view: SilencesView): Html {
  const notifier = ctx.engine.notifier;
  if (!notifier) return withoutNotifier(ctx, 'Silences', '/silences');
  const all = silences(ctx);
  const group = (state: string) => all.filter((s) => s.status.state === state).map((s) => silenceRow(ctx, s));
  const head = ['ID', 'State', 'Matchers', 'Starts', 'Ends', 'Author', 'Comment', 'Action'];
  const message = view.message;
  return page(ctx, {
    title: 'Silences',
    active: '/silences',
    // A half-typed silence must not be replaced by a refresh; the script also skips refreshes while a field has focus.
    refreshSeconds: view.form ? 0 : 10,
    body: html`<h1>Silences</h1>
      ${notice(message)} ${createForm(ctx, view)}
      <h2>Active</h2>
      ${table('Active silences', head, group('active'), 'No active silence.')}
      <h2>Pending</h2>
      ${table('Silences that start later', head, group('pending'), 'No pending silence.')}
      <h2>Expired</h2>
      ${table('Expired silences (kept for a while)', head, group('expired'), 'No expired silence.')}`,
  });
}
