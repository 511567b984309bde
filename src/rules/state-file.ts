// Alert states on disk (<state_dir>/alerts.json), so a restart neither forgets a pending `for` nor re-pages firing
// alerts as new ones. Written atomically: temp file, fsync, rename, fsync of the directory.
import { readFile } from 'node:fs/promises';
import { writeFileDurably } from '../durable-file.js';
import type { AlertState, AlertStateName } from './alert-state.js';

export const ALERT_STATE_FILE = 'alerts.json';

interface StateFileContent {
  version: 1;
  savedAt: number;
  /** Alert states per rule identity (see ruleIdentity). */
  rules: Record<string, AlertState[]>;
}

const STATES: readonly AlertStateName[] = ['inactive', 'pending', 'firing'];
const OPTIONAL_TIMES = ['firedAt', 'resolvedAt', 'lastSentAt', 'keepFiringSince', 'validUntil'] as const;

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}

/** Accepts one persisted alert if it has the shape we write; a hand-edited or truncated entry is skipped. */
function validAlert(v: unknown): AlertState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Record<string, unknown>;
  if (typeof a.fingerprint !== 'string' || !isStringRecord(a.labels) || !isStringRecord(a.annotations))
    return undefined;
  if (!STATES.includes(a.state as AlertStateName) || typeof a.activeAt !== 'number') return undefined;
  if (OPTIONAL_TIMES.some((k) => a[k] !== undefined && typeof a[k] !== 'number')) return undefined;
  const value = typeof a.value === 'number' ? a.value : a.value === 'NaN' ? NaN : 0;
  return { ...(a as unknown as AlertState), value };
}

export function serializeAlertStates(rules: ReadonlyMap<string, readonly AlertState[]>, savedAt: number): string {
  const content: StateFileContent = {
    version: 1,
    savedAt,
    rules: Object.fromEntries(rules) as Record<string, AlertState[]>,
  };
  // NaN and ±Inf are not JSON: keep them readable as strings (value is informational only).
  return JSON.stringify(content, (key, value: unknown) =>
    key === 'value' && typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}

export interface SavedAlertStates {
  /** When the file was written (ms); the agent was down from about then until the restore. */
  readonly savedAt: number;
  readonly rules: Map<string, AlertState[]>;
}

export function parseAlertStates(text: string): SavedAlertStates {
  const parsed = JSON.parse(text) as Partial<StateFileContent>;
  const rules = new Map<string, AlertState[]>();
  const savedAt = typeof parsed.savedAt === 'number' ? parsed.savedAt : 0;
  if (parsed.version !== 1 || typeof parsed.rules !== 'object' || parsed.rules === null) return { savedAt, rules };
  for (const [key, alerts] of Object.entries(parsed.rules)) {
    if (!Array.isArray(alerts)) continue;
    const valid = alerts.map(validAlert).filter((a): a is AlertState => a !== undefined);
    if (valid.length > 0) rules.set(key, valid);
  }
  return { savedAt, rules };
}

/**
 * The states to resume with after a restart at `nowMs`. A pending alert keeps the pending time it had observed, but
 * the downtime does not count towards its `for` (nothing was observed then): its activeAt moves by the downtime, as
 * Prometheus's restore does. Firing and resolved alerts keep their times, so they are not announced as new.
 */
export function resumeAfterDowntime(saved: SavedAlertStates, nowMs: number): Map<string, AlertState[]> {
  const downtime = Math.max(nowMs - saved.savedAt, 0);
  const out = new Map<string, AlertState[]>();
  for (const [key, alerts] of saved.rules)
    out.set(
      key,
      alerts.map((a) => (a.state === 'pending' ? { ...a, activeAt: a.activeAt + downtime } : a)),
    );
  return out;
}

export async function saveAlertStates(
  file: string,
  rules: ReadonlyMap<string, readonly AlertState[]>,
  savedAt: number,
): Promise<void> {
  await writeFileDurably(file, serializeAlertStates(rules, savedAt));
}

/** The saved states, or none when there is no file yet. Throws on a corrupt file (the caller logs it). */
export async function loadAlertStates(file: string): Promise<SavedAlertStates> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { savedAt: 0, rules: new Map() };
    throw error;
  }
  return parseAlertStates(text);
}

/**
 * Serialises saves: at most one write in flight; a save requested meanwhile runs once after it, with the state of
 * that moment (taken from `snapshot`), so the file always ends with the newest state.
 */
export class AlertStateSaver {
  private saving: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => Map<string, AlertState[]>,
    private readonly now: () => number,
    private readonly onError: (error: Error) => void,
  ) {}

  schedule(): void {
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = saveAlertStates(this.file, this.snapshot(), this.now())
      .catch((error: Error) => this.onError(error))
      .finally(() => {
        this.saving = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }
}
