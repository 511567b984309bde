import os from 'node:os';
import type { Express } from 'express';
import { Agent } from '../agent.js';
import { AlertEngine, shippedRuleFiles } from '../alert-engine.js';
import type { AlertingConfig } from '../notify/index.js';
import { backupEntriesByTarget, loadAgentConfig, type FullConfig } from '../agent-config.js';
import { checkRouter } from '../check/agent-check.js';
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
  const externalUrl =
    config.web.external_url ??
    `http://${listen.host && listen.host !== '0.0.0.0' ? listen.host : os.hostname()}:${listen.port}`;
  const engine = await AlertEngine.start({
    logger,
    ruleFiles: config.ruleFiles ?? shippedRuleFiles(),
    baseDir: config.baseDir,
    stateDir: config.stateDir,
    evaluationIntervalMs: config.evaluationIntervalMs,
    collectionIntervalMs: config.collectionIntervalMs,
    externalLabels: config.externalLabels,
    externalUrl,
    alerting: config.alerting as AlertingConfig | undefined,
    targets: config.targets.map((t) => t.name),
  });
  const reload = async () => {
    const result = await engine.reload();
    return result.ok;
  };
  const reloadRoute = (app: Express) => {
    app.post('/-/reload', (_req, res) => {
      void reload().then((ok) =>
        ok
          ? res.type('text/plain').send('reloaded\n')
          : res.status(500).type('text/plain').send('reload failed; see the log\n'),
      );
    });
  };
  const agent = await Agent.start({
    config,
    logger,
    listen,
    telemetryPath: options.telemetryPath,
    version: packageVersion(),
    extraSourcesFor: (name) => backupSources.filter((b) => b.name === name).map((b) => b.source),
    onSnapshot: (snapshot, target) => engine.ingest(snapshot, target.labels),
    extraFamilies: [() => engine.metricFamilies()],
    extraRegistries: [() => engine.registry],
    extendApp: [
      (app) => engine.routes(app),
      reloadRoute,
      (app) => app.use(checkRouter(engine, () => config.targets.map((t) => t.name))),
    ],
  });
  const onHangup = () => {
    logger.info('SIGHUP: reloading rules');
    void reload();
  };
  process.on('SIGHUP', onHangup);
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
  process.off('SIGHUP', onHangup);
  const deadline = setTimeout(() => process.exit(1), 10_000).unref();
  await agent.stop();
  await engine.stop();
  for (const { source } of backupSources) source.close();
  await demo?.stop();
  clearTimeout(deadline);
  return 0;
}
