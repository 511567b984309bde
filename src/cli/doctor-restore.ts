// `pgwarden doctor`'s line for restore drills: which psql / pg_restore the drills of each backup directory would use,
// or that none is installed and how to get them. Returns the exit code contribution (1 when missing).
import { backupsConfigSchema, isPgBackRestEntry } from '../collect/backups/index.js';
import { CLIENT_HINT, findClientBinaries } from '../collect/backups/restore/binaries.js';

export async function doctorRestoreDrills(backups: unknown, stdout: (text: string) => void): Promise<number> {
  const parsed = backupsConfigSchema.safeParse(backups ?? []);
  if (!parsed.success) return 0; // serve and check report config problems with file:line
  let code = 0;
  const seen = new Set<string>();
  for (const entry of parsed.data) {
    if (isPgBackRestEntry(entry) || !entry.restore_test) continue;
    const where = entry.restore_test.pg_bin_dir ?? 'PATH';
    if (seen.has(where)) continue;
    seen.add(where);
    const binaries = await findClientBinaries(entry.restore_test.pg_bin_dir);
    if (binaries) stdout(`OK       restore drills: psql and pg_restore ${binaries.major} (${binaries.psql})\n`);
    else {
      stdout(`MISSING  restore drills: psql and pg_restore not found (${where}): ${CLIENT_HINT}\n`);
      code = 1;
    }
  }
  return code;
}
