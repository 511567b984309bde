// Public surface of notify: what the config loader and the rule engine use (its HTTP routes live in src/http/).
export { alertingConfigSchema, type AlertingConfig, type AlertingConfigInput } from './config.js';
export { resolveAlertingSecrets } from './secrets.js';
export { Notifier, type NotifierOptions } from './notifier.js';
export type { NotifiableAlert, Notification, DeadLetter } from './types.js';
export type { GettableSilence, PostableSilence } from './silence.js';
