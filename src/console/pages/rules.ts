// Rules (`/rules`): every group and rule with its health, last evaluation, duration, last error, expression and
// current result (an alerting rule's alerts; a recording rule evaluated now, first few series).
import { AlertingRule } from '../../rules/alerting-rule.js';
import type { Rule } from '../../rules/group.js';
import { evaluateInstant, formatPromValue } from '../../promql/index.js';
import type { ConsoleContext } from '../context.js';
import { formatAge, formatSeconds } from '../format.js';
import { html, type Html } from '../html.js';
import { notice, href, labelChips, page, status, table } from '../layout.js';

const RESULT_SERIES_SHOWN = 3;

function currentResult(ctx: ConsoleContext, rule: Rule, now: number): Html {
  if (rule instanceof AlertingRule) {
    const alerts = rule.activeAlerts();
    if (alerts.length === 0) return status('ok', 'inactive');
    const firing = alerts.filter((a) => a.state === 'firing').length;
    return html`<a href="${href(ctx, `/alerts?filter=${encodeURIComponent(`alertname="${rule.def.name}"`)}`)}"
      >${
        firing ? status('bad', `${firing} firing`) : ''
      }${alerts.length - firing ? status('warn', ` ${alerts.length - firing} pending`) : ''}</a
    >`;
  }
  try {
    const value = evaluateInstant(rule.def.expr, ctx.engine.store, now);
    if (value.resultType !== 'vector') return html`<code>${value.resultType}</code>`;
    const shown = value.result.slice(0, RESULT_SERIES_SHOWN);
    return html`${value.result.length}
    series${shown.map((s) => html`<br />${labelChips(s.metric)} <code>${formatPromValue(s.value)}</code>`)}`;
  } catch (error) {
    return status('bad', (error as Error).message);
  }
}

function ruleRow(ctx: ConsoleContext, rule: Rule, now: number): Html {
  const health = rule.health;
  const healthText =
    health.health === 'ok'
      ? status('ok', 'ok')
      : health.health === 'err'
        ? status('bad', 'error')
        : status('warn', health.health);
  return html`<tr class="${health.health === 'err' ? 'problem' : ''}">
    <td><b>${rule.def.name}</b><br /><small>${rule instanceof AlertingRule ? 'alert' : 'record'}</small></td>
    <td>${healthText}</td>
    <td>${health.lastEvaluation ? formatAge(health.lastEvaluation, now) : 'never'}</td>
    <td class="num">${formatSeconds(health.evaluationTimeMs / 1000)}</td>
    <td>
      <pre>${rule.def.exprText.trim()}</pre>
      ${health.lastError ? html`<p>${status('bad', health.lastError)}</p>` : ''}
    </td>
    <td>${currentResult(ctx, rule, now)}</td>
  </tr>`;
}

export function rulesPage(ctx: ConsoleContext, message?: { text: string; error: boolean }): Html {
  const now = ctx.now();
  const groups = ctx.engine.rules.groups;
  const reload = ctx.readOnly
    ? ''
    : html`<form class="inline" method="post" action="${href(ctx, '/rules/reload')}">
        <button type="submit">Reload configuration and rules</button>
      </form>`;
  return page(ctx, {
    title: 'Rules',
    active: '/rules',
    body: html`<h1>Rules</h1>
      ${notice(message)}
      <p>${groups.length} groups, ${groups.reduce((n, g) => n + g.rules.length, 0)} rules. ${reload}</p>
      ${groups.map(
        (g) =>
          html`<h2>${g.def.name}</h2>
            <p class="summary">
              <span>File <code>${g.def.file}</code></span
              ><span>Every ${formatSeconds(g.intervalMs / 1000)}</span>
              <span
                >Last evaluation ${g.lastEvaluation ? formatAge(g.lastEvaluation, now) : 'never'}, took
                ${formatSeconds(g.evaluationTimeMs / 1000)}</span
              >
            </p>
            ${table(
              `Rules of ${g.def.name}`,
              ['Rule', 'Health', 'Last evaluation', 'Duration', 'Expression and last error', 'Current result'],
              g.rules.map((r) => ruleRow(ctx, r, now)),
              'No rule.',
            )}`,
      )}`,
  });
}
