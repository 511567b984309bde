// Public surface of notify: what the config loader, the rule engine and the HTTP layer use.
export { alertingConfigSchema, type AlertingConfig, type AlertingConfigInput } from './config.js';
export { resolveAlertingSecrets } from './secrets.js';
export { Notifier, type NotifierOptions } from './notifier.js';
export type { NotifiableAlert, Notification, DeadLetter } from './types.js';
export type { GettableSilence, PostableSilence } from './silence.js';
export { silencesRouter } from './silences-api.js';
export { deadLettersRouter } from './dead-letters-api.js';
export { alertmanagerApiRouter } from './alertmanager-api.js';
export { maintenanceRouter } from './maintenance-api.js';
