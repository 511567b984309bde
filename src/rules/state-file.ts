// Alert states on disk (<state_dir>/alerts.json), so a restart neither forgets a pending `for` nor re-pages firing
// alerts as new ones. Written atomically: temp file, fsync, rename, fsync of the directory.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
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

export function parseAlertStates(text: string): Map<string, AlertState[]> {
  const parsed = JSON.parse(text) as Partial<StateFileContent>;
  const out = new Map<string, AlertState[]>();
  if (parsed.version !== 1 || typeof parsed.rules !== 'object' || parsed.rules === null) return out;
  for (const [key, alerts] of Object.entries(parsed.rules)) {
    if (!Array.isArray(alerts)) continue;
    const valid = alerts.map(validAlert).filter((a): a is AlertState => a !== undefined);
    if (valid.length > 0) out.set(key, valid);
  }
  return out;
}

export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function saveAlertStates(
  file: string,
  rules: ReadonlyMap<string, readonly AlertState[]>,
  savedAt: number,
): Promise<void> {
  await writeFileAtomically(file, serializeAlertStates(rules, savedAt));
}

/** The saved states, or an empty map when there is no file yet. Throws on a corrupt file (the caller logs it). */
export async function loadAlertStates(file: string): Promise<Map<string, AlertState[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return parseAlertStates(text);
}
