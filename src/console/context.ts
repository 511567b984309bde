import type { AlertEngine } from '../agent/alert-engine.js';
import type { Sampler } from '../collect/sampler.js';
import type { UpTracker } from './up-tracker.js';

/** What the console's pages read: the agent's live parts, asked on every request (reloads are seen at once). */
export interface ConsoleContext {
  readonly version: string;
  readonly telemetryPath: string;
  /** Every target's sampler, in configuration order. */
  samplers(): readonly Sampler[];
  readonly engine: AlertEngine;
  /** The path every link starts with: the external URL's path ('' at the root, '/pgwarden' behind a proxy). */
  readonly base: string;
  /** --web.read-only: no page offers or accepts a state change. */
  readonly readOnly: boolean;
  readonly upSince: UpTracker;
  /** POST /-/reload's action (the agent's reloader). */
  reload(): Promise<{ ok: boolean; error?: string }>;
  now(): number;
}
