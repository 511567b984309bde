// Query (`/query`): a PromQL console over the agent's store: the instant result as a table and a graph over the
// history the store keeps (the metrics the rules read, plus pg_up and collector success). A parse error points at
// its column.
import { evaluateInstant, formatPromValue, parsePromql, PromqlError, type QueryValue } from '../../promql/index.js';
import type { ConsoleContext } from '../context.js';
import { html, trusted, type Html } from '../html.js';
import { href, labelChips, page, table } from '../layout.js';

export const MAX_TABLE_ROWS = 200;
export const RANGES: Readonly<Record<string, number>> = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

export interface QueryInput {
  readonly expr: string;
  readonly range: string;
}

function resultTable(value: QueryValue): Html {
  switch (value.resultType) {
    case 'scalar':
      return html`<p>scalar <code>${formatPromValue(value.result)}</code></p>`;
    case 'string':
      return html`<p>string <code>${value.result}</code></p>`;
    case 'matrix':
      return html`<p>
        ${value.result.length} range vectors (show them with an instant expression, e.g.
        <code>last_over_time(…)</code>).
      </p>`;
    case 'vector': {
      const rows = value.result.slice(0, MAX_TABLE_ROWS).map(
        (s) =>
          html`<tr>
            <td>${labelChips(s.metric)}</td>
            <td class="num"><code>${formatPromValue(s.value)}</code></td>
          </tr>`,
      );
      return html`<p>
          ${value.result.length}
          series${value.result.length > MAX_TABLE_ROWS ? `, the first ${MAX_TABLE_ROWS} shown` : ''}.
        </p>
        ${table('Instant result', ['Series', 'Value'], rows, 'Empty result.')}`;
    }
  }
}

/** The expression with a caret under the column the parser stopped at. */
function errorPointer(expr: string, error: PromqlError): Html {
  const line = expr.split('\n')[error.line - 1] ?? '';
  return html`<div class="message error" role="alert">
    <p>${error.message}</p>
    <pre aria-label="Where the error is">${line}
<span class="error-pointer">${' '.repeat(Math.max(0, error.col - 1))}^ column ${error.col}</span></pre>
  </div>`;
}

export function queryPage(ctx: ConsoleContext, input: QueryInput): Html {
  const now = ctx.now();
  const { expr } = input;
  let result: Html = trusted('');
  let graph = false;
  if (expr.trim()) {
    try {
      result = resultTable(evaluateInstant(parsePromql(expr), ctx.engine.store, now));
      graph = true;
    } catch (error) {
      result =
        error instanceof PromqlError
          ? errorPointer(expr, error)
          : html`<p class="message error" role="alert">${(error as Error).message}</p>`;
    }
  }
  const graphSrc = href(
    ctx,
    `/console/api/graph?expr=${encodeURIComponent(expr)}&range=${encodeURIComponent(input.range)}`,
  );
  const rangeOptions = Object.keys(RANGES).map(
    (r) => html`<option value="${r}" ${r === input.range ? html` selected` : ''}>${r}</option>`,
  );
  return page(ctx, {
    title: 'Query',
    active: '/query',
    refreshSeconds: 0,
    head: html`<link rel="stylesheet" href="${href(ctx, '/console/assets/uPlot.min.css')}" />
      <script src="${href(ctx, '/console/assets/uPlot.iife.min.js')}" defer></script>`,
    body: html`<h1>Query</h1>
      <form class="panel" method="get" action="${href(ctx, '/query')}" role="search">
        <div class="row">
          <label
            >PromQL expression<textarea class="wide" name="expr" rows="2" cols="80" spellcheck="false">
${expr}</textarea>
          </label>
          <label
            >Graph range<select name="range">
              ${rangeOptions}
            </select></label
          >
          <button type="submit">Execute</button>
        </div>
        <p class="empty">
          The store keeps the metrics the rules read (and pg_up, pg_scrape_collector_success), each as far back as the
          rules read it: about 5 minutes for most, the range for those read over a longer one. Set min_history in the
          configuration to keep every such metric longer.
        </p>
      </form>
      ${result}
      ${
        graph
          ? html`<h2>Graph</h2>
              <div
                id="chart"
                role="img"
                aria-label="Graph of the expression over the last ${input.range}"
                data-src="${graphSrc}"
              ></div>`
          : ''
      }`,
  });
}
