// `alerting.flap_detection:` (pgwarden's addition, not Alertmanager syntax). Absent: no flap detection.
import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import type { FlapSettings } from './decision.js';

export const flapDetectionSchema = z
  .object({
    window: z.string().refine((t) => (parseDuration(t.trim()) ?? 0) > 0, 'invalid duration (expected e.g. 1h)'),
    high_changes: z.number().int().min(2),
    low_changes: z.number().int().min(0),
  })
  .strict()
  .refine((c) => c.low_changes < c.high_changes, { message: 'low_changes must be less than high_changes' });

export type FlapDetectionConfig = z.output<typeof flapDetectionSchema>;

export function flapSettings(config: FlapDetectionConfig): FlapSettings {
  return {
    windowMs: parseDuration(config.window.trim()) as number,
    highChanges: config.high_changes,
    lowChanges: config.low_changes,
  };
}
