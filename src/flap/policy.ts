// Which flap thresholds apply to an alert: the first override whose matchers all match its labels (its thresholds, or
// none when disabled), else the global ones. Pure.
import { matchesAll, type Matcher } from '../notify/matcher.js';
import type { FlapSettings } from './decision.js';

export interface FlapOverride {
  readonly matchers: readonly Matcher[];
  /** Undefined: flap detection is off for the alerts it matches. */
  readonly settings: FlapSettings | undefined;
}

export interface FlapPolicy {
  /** Undefined: no `flap_detection:` configured. */
  readonly base?: FlapSettings;
  readonly overrides: readonly FlapOverride[];
}

/** The thresholds for an alert with these labels, or undefined when it is never treated as flapping. */
export function flapSettingsFor(
  policy: FlapPolicy,
  labels: Readonly<Record<string, string>>,
): FlapSettings | undefined {
  if (!policy.base) return undefined;
  const override = policy.overrides.find((o) => matchesAll(o.matchers, labels));
  return override ? override.settings : policy.base;
}
