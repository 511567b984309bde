import type { ConsoleContext } from './context.js';
import { html, trusted, type Html, type Interpolated } from './html.js';

// Around <main>'s content, so a self-refresh can be answered with the content alone (see mainContent).
const MAIN_START = '<!--main-->';
const MAIN_END = '<!--/main-->';

/** The content of <main>, for the browser script's refresh (it swaps it in without a full reload). */
export function mainContent(page: Html): string {
  const start = page.text.indexOf(MAIN_START);
  const end = page.text.lastIndexOf(MAIN_END);
  return start < 0 || end < 0 ? page.text : page.text.slice(start + MAIN_START.length, end);
}

export const PAGES: ReadonlyArray<readonly [path: string, title: string]> = [
  ['/', 'Overview'],
  ['/alerts', 'Alerts'],
  ['/silences', 'Silences'],
  ['/rules', 'Rules'],
  ['/notifications', 'Notifications'],
  ['/backups', 'Backups'],
  ['/query', 'Query'],
];

export interface PageSpec {
  readonly title: string;
  /** The nav entry to mark as current. */
  readonly active: string;
  readonly body: Html;
  /** Seconds between self-refreshes of <main>; 0 for pages with forms the user types into (the Query page). */
  readonly refreshSeconds?: number;
  /** Extra tags in <head> (the Query page's chart library). */
  readonly head?: Html;
}

/** A link inside the console: the external URL's path in front, so it works behind a reverse proxy. */
export const href = (ctx: Pick<ConsoleContext, 'base'>, path: string): string => `${ctx.base}${path}`;

/** A whole page: the nav, the stylesheet and the refresh script, all served by the agent itself. */
export function page(ctx: ConsoleContext, spec: PageSpec): Html {
  const nav = PAGES.map(
    ([path, title]) =>
      html`<li>
        <a href="${href(ctx, path)}" ${spec.active === path ? html` aria-current="page"` : ''}>${title}</a>
      </li>`,
  );
  const refresh = spec.refreshSeconds ?? 10;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${spec.title} · pgwarden</title>
        <link rel="stylesheet" href="${href(ctx, '/console/assets/console.css')}" />
        ${spec.head}
        <script src="${href(ctx, '/console/assets/console.js')}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <a class="brand" href="${href(ctx, '/')}">pgwarden</a>
          <nav aria-label="Console">
            <ul>
              ${nav}
            </ul>
          </nav>
          <span class="meta">${ctx.version}${ctx.readOnly ? html` · <span class="badge">read-only</span>` : ''}</span>
        </header>
        <main id="main" tabindex="-1" data-refresh="${refresh}">
          ${trusted(MAIN_START)} ${spec.body} ${trusted(MAIN_END)}
        </main>
        <footer>
          <a href="${href(ctx, ctx.telemetryPath)}">Metrics</a> ·
          <a href="${href(ctx, '/api/v1/alerts')}">Alerts JSON</a> ·
          <a href="${href(ctx, '/api/v1/rules')}">Rules JSON</a> ·
          <a href="${href(ctx, '/api/v2/silences')}">Silences JSON</a> · <a href="${href(ctx, '/-/healthy')}">Health</a>
        </footer>
      </body>
    </html> `;
}

/** A table with a caption, or a sentence when there are no rows. */
export function table(caption: string, head: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="scroll">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

export function labelChips(labels: Readonly<Record<string, string>>): Html {
  return html`<span class="labels"
    >${Object.entries(labels).map(([k, v]) => html`<code class="label">${k}="${v}"</code> `)}</span
  >`;
}

/** A status word with a colour class and the word itself (never colour alone). */
export function status(kind: 'ok' | 'warn' | 'bad' | 'info', text: Interpolated): Html {
  return html`<span class="status ${kind}">${text}</span>`;
}

export interface Notice {
  readonly text: string;
  readonly error: boolean;
}

/** What the last action did, or why it was refused (announced to screen readers). */
export function notice(message: Notice | undefined): Html {
  if (!message) return html``;
  return html`<p class="message${message.error ? ' error' : ''}" role="${message.error ? 'alert' : 'status'}">
    ${message.text}
  </p>`;
}

/** The page of a part that needs the notifier when no `alerting:` is configured. */
export function withoutNotifier(ctx: ConsoleContext, title: string, active: string): Html {
  return page(ctx, {
    title,
    active,
    body: html`<h1>${title}</h1>
      <p class="empty">${title} need the notifier: configure <code>alerting:</code> with a route and receivers.</p>`,
  });
}
