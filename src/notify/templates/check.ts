// The config loader's check of `alerting.templates`: every file parses (a ConfigError naming file:line:col at start,
// in `pgwarden check`, and a failed reload that keeps the running configuration).
import type { ConfigCheck } from '../../config/load.js';
import type { AlertingConfig } from '../config.js';
import { NotificationTemplates, TemplateParseProblem } from './set.js';

export const checkNotificationTemplates: ConfigCheck = (config, at) => {
  const alerting = config.alerting as AlertingConfig | undefined;
  if (!alerting?.templates.length) return [];
  try {
    NotificationTemplates.load(alerting.templates, config.baseDir);
    return [];
  } catch (error) {
    if (error instanceof TemplateParseProblem) return [`${error.message} (a file of alerting.templates)`];
    return [at(['alerting', 'templates'], (error as Error).message)];
  }
};
