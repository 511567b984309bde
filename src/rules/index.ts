// Public surface of the rule engine: rule files, alert templates, alert states, the manager and its API responses.
export type { RuleDefinition, RuleGroupDefinition, RuleProblem } from './definitions.js';
export { formatProblem } from './definitions.js';
export { parseRuleFile } from './load.js';
export { loadRuleFiles, resolveRuleFiles, type LoadedRules } from './load-files.js';
export {
  advance,
  RESOLVED_RETENTION_MS,
  type ActiveSample,
  type AdvanceResult,
  type AlertState,
  type AlertStateName,
  type AlertTiming,
  type Transition,
} from './alert-state.js';
export { collectNotifications, needsSending, type NotifiableAlert, type SendTiming } from './notifiable.js';
export { fingerprint } from './fingerprint.js';
export { RuleGroup, ruleIdentity, generatorURL, type Rule } from './group.js';
export { AlertingRule } from './alerting-rule.js';
export { RecordingRule } from './recording-rule.js';
export { RuleManager, type ReloadResult, type RuleManagerOptions } from './manager.js';
export { alertsApiResponse, rulesApiResponse, rfc3339, type ApiAlert, type RulesQuery } from './api.js';
export { ALERT_STATE_FILE, loadAlertStates, saveAlertStates, resumeAfterDowntime } from './state-file.js';
export {
  compileAlertTemplate,
  expandAlertTemplate,
  parseAlertTemplate,
  TemplateParseError,
  TemplateExecError,
  type AlertTemplate,
  type AlertTemplateData,
} from '../template/index.js';
