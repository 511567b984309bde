// `alerting.flap_detection:` (pgwarden's addition, not Alertmanager syntax). Absent: no flap detection. `overrides`
// give alerts chosen by Alertmanager label matchers their own thresholds (or none: `disabled: true`); the first
// override whose matchers all match an alert applies, its absent fields taken from the global ones.
import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import { parseMatchers } from '../notify/matcher.js';
import { MAX_CHANGES } from './decision.js';
import type { FlapPolicy } from './policy.js';

const window = z.string().refine((t) => (parseDuration(t.trim()) ?? 0) > 0, 'invalid duration (expected e.g. 1h)');
const highChanges = z.number().int().min(2).max(MAX_CHANGES);
const lowChanges = z.number().int().min(0);

const matchers = z
  .array(
    z.string().superRefine((text, ctx) => {
      try {
        parseMatchers([text]);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  )
  .min(1, 'an override needs at least one matcher (the global thresholds apply to every alert)');

const overrideSchema = z
  .object({
    matchers,
    window: window.optional(),
    high_changes: highChanges.optional(),
    low_changes: lowChanges.optional(),
    /** The alerts it matches are never treated as flapping. */
    disabled: z.boolean().optional(),
  })
  .strict();

export const flapDetectionSchema = z
  .object({
    window,
    high_changes: highChanges,
    low_changes: lowChanges,
    overrides: z.array(overrideSchema).default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.low_changes >= c.high_changes)
      ctx.addIssue({ code: 'custom', path: ['low_changes'], message: 'low_changes must be less than high_changes' });
    c.overrides.forEach((o, i) => {
      if (o.disabled) return;
      const high = o.high_changes ?? c.high_changes;
      const low = o.low_changes ?? c.low_changes;
      if (low >= high)
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', i, o.low_changes === undefined ? 'high_changes' : 'low_changes'],
          message: `low_changes (${low}) must be less than high_changes (${high})`,
        });
    });
  });

export type FlapDetectionConfig = z.output<typeof flapDetectionSchema>;

const durationMs = (text: string) => parseDuration(text.trim()) as number;

/** The checked config as a policy (src/flap/policy.ts); undefined config: no alert is ever flapping. */
export function flapPolicy(config: FlapDetectionConfig | undefined): FlapPolicy {
  if (!config) return { overrides: [] };
  const base = {
    windowMs: durationMs(config.window),
    highChanges: config.high_changes,
    lowChanges: config.low_changes,
  };
  return {
    base,
    overrides: config.overrides.map((o) => ({
      matchers: parseMatchers(o.matchers),
      settings: o.disabled
        ? undefined
        : {
            windowMs: o.window === undefined ? base.windowMs : durationMs(o.window),
            highChanges: o.high_changes ?? base.highChanges,
            lowChanges: o.low_changes ?? base.lowChanges,
          },
    })),
  };
}
