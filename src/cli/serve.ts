import { Agent } from '../agent.js';
import { backupEntriesByTarget, loadAgentConfig, type FullConfig } from '../agent-config.js';
import { BackupSource } from '../collect/backups/index.js';
import { ConfigError, targetFromDsn } from '../config/load.js';
import { startDemo, type DemoDatabase } from '../demo/demo.js';
import { createLogger, type Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import { parseListenAddress, type GlobalOptions } from './args.js';

async function withDemoTarget(
  config: FullConfig,
  logger: Logger,
): Promise<{ config: FullConfig; demo?: DemoDatabase }> {
  if (config.targets.length > 0) return { config };
  logger.info(
    'no database configured: monitoring an embedded PostgreSQL demo database. ' +
      'To monitor a real one set DATABASE_URL=postgresql://monitor@db.example.com:5432/postgres or pass --config pgwarden.yml',
  );
  const demo = await startDemo(logger);
  logger.info(
    { postgres_version: demo.server.version, port: demo.server.port, backup_dir: demo.backupDir },
    'demo database started',
  );
  const backupEntries = config.backupEntries.length
    ? config.backupEntries
    : [{ path: demo.backupDir, retention: 30 * 86_400_000, verify: true }];
  return { config: { ...config, targets: [targetFromDsn(demo.server.url, 'demo')], backupEntries }, demo };
}

/** `pgwarden serve`: collect, export, (later) evaluate rules and notify, until SIGINT/SIGTERM. */
export async function serve(options: GlobalOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat });
  let loaded: FullConfig;
  try {
    loaded = loadAgentConfig(options.configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pgwarden: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const listen = parseListenAddress(options.listenAddress);
  const { config, demo } = await withDemoTarget(loaded, logger);
  const byTarget = backupEntriesByTarget(
    config.backupEntries,
    config.targets.map((t) => t.name),
  );
  const backupSources = [...byTarget].map(([name, entries]) => ({ name, source: new BackupSource(entries, logger) }));
  const agent = await Agent.start({
    config,
    logger,
    listen,
    telemetryPath: options.telemetryPath,
    version: packageVersion(),
    extraSourcesFor: (name) => backupSources.filter((b) => b.name === name).map((b) => b.source),
  });
  const { host, port } = agent.address;
  logger.info(
    { address: `${host.includes(':') ? `[${host}]` : host}:${port}`, targets: config.targets.map((t) => t.display) },
    'pgwarden is serving metrics',
  );
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  const deadline = setTimeout(() => process.exit(1), 10_000).unref();
  await agent.stop();
  for (const { source } of backupSources) source.close();
  await demo?.stop();
  clearTimeout(deadline);
  return 0;
}
