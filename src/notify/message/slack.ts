// Slack: one message per group, one attachment whose colour bar shows the worst severity (green when resolved).
import type { SlackConfig } from '../config.js';
import { defaultTitle, firingAlerts, summaryLine, type MessageData } from './data.js';
import { renderTemplate } from './template.js';

const SEVERITY_COLORS: Record<string, string> = { critical: 'danger', warning: 'warning', info: '#439FE0' };
const SEVERITY_RANK = ['critical', 'warning', 'info'];

export function slackColor(data: MessageData): string {
  if (data.Status === 'resolved') return 'good';
  const severities = firingAlerts(data).map((a) => a.Labels['severity'] ?? '');
  const worst = SEVERITY_RANK.find((s) => severities.includes(s));
  return worst ? (SEVERITY_COLORS[worst] ?? 'danger') : 'danger';
}

export function buildSlackPayload(data: MessageData, config: SlackConfig): Record<string, unknown> {
  const title = config.title ? renderTemplate(config.title, data) : defaultTitle(data);
  const text = config.text ? renderTemplate(config.text, data) : data.Alerts.map(summaryLine).join('\n');
  const firstLink = data.Alerts[0]?.AlertURL ?? data.ExternalURL;
  return {
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.icon_emoji ? { icon_emoji: config.icon_emoji } : {}),
    ...(config.icon_url ? { icon_url: config.icon_url } : {}),
    attachments: [
      {
        color: slackColor(data),
        title,
        title_link: config.title_link ? renderTemplate(config.title_link, data) : firstLink,
        text,
        fallback: `${title}\n${text}`,
        mrkdwn_in: ['title', 'text'],
      },
    ],
  };
}
