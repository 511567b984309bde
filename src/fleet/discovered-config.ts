// A configuration with the file_sd targets added after the file's own (a name in the file wins over a discovered one).
import { resolveTargetEntry, type ResolvedTarget } from '../config/load.js';
import { maskSecretsInText } from '../config/secrets.js';
import type { Logger } from '../log.js';
import type { DiscoveredWithAuth } from './file-sd.js';

export function withDiscovered<C extends { readonly targets: readonly ResolvedTarget[]; readonly baseDir: string }>(
  config: C,
  discovered: readonly DiscoveredWithAuth[],
  logger: Logger,
): C {
  if (discovered.length === 0) return config;
  const names = new Set(config.targets.map((t) => t.name));
  const added: ResolvedTarget[] = [];
  for (const d of discovered) {
    if (names.has(d.name)) continue;
    try {
      added.push(
        resolveTargetEntry(
          {
            name: d.name,
            url: d.url,
            labels: d.labels,
            ...(d.sd.password_file ? { password_file: d.sd.password_file } : {}),
            ...(d.sd.password_env ? { password_env: d.sd.password_env } : {}),
          },
          config.baseDir,
        ),
      );
    } catch (error) {
      const message =
        error instanceof Error && 'issues' in error
          ? 'not a valid target'
          : maskSecretsInText((error as Error).message);
      logger.warn({ component: 'file_sd', target: d.name, file: d.source }, `discovered target skipped: ${message}`);
    }
  }
  return { ...config, targets: [...config.targets, ...added] };
}
