// The drill's own database: `pgwarden_restore_<db>_<stamp>`, so it can never be a database somebody else made, and
// within PostgreSQL's 63-byte identifier limit (a long database name is cut, the stamp always kept).
export const SCRATCH_PREFIX = 'pgwarden_restore_';

export function scratchDatabaseName(database: string, nowMs: number, nonce: string): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const suffix = `_${stamp}_${nonce}`;
  const safe = database.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const room = 63 - SCRATCH_PREFIX.length - suffix.length;
  return `${SCRATCH_PREFIX}${safe.slice(0, Math.max(0, room))}${suffix}`;
}

/** Whether a name is one the drill makes (leftovers are dropped only when the ledger says we made them, too). */
export function isScratchName(name: string): boolean {
  return /^pgwarden_restore_[a-z0-9_]*_\d{8}_\d{6}_[a-z0-9]+$/.test(name);
}
