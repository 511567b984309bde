import { Agent } from '../agent.js';
import { ConfigError, loadConfig, targetFromDsn, type AgentConfig } from '../config/load.js';
import { startDemo, type DemoDatabase } from '../demo/demo.js';
import { createLogger, type Logger } from '../log.js';
import { packageVersion } from '../paths.js';
import { parseListenAddress, type GlobalOptions } from './args.js';

async function withDemoTarget(
  config: AgentConfig,
  logger: Logger,
): Promise<{ config: AgentConfig; demo?: DemoDatabase }> {
  if (config.targets.length > 0) return { config };
  logger.info(
    'no database configured: monitoring an embedded PostgreSQL demo database. ' +
      'To monitor a real one set DATABASE_URL=postgresql://monitor@db.example.com:5432/postgres or pass --config pgwarden.yml',
  );
  const demo = await startDemo(logger);
  logger.info({ postgres_version: demo.server.version, port: demo.server.port }, 'demo database started');
  return { config: { ...config, targets: [targetFromDsn(demo.server.url, 'demo')] }, demo };
}

/** `pgwarden serve`: collect, export, (later) evaluate rules and notify, until SIGINT/SIGTERM. */
export async function serve(options: GlobalOptions): Promise<number> {
  const logger = createLogger({ level: options.logLevel, format: options.logFormat });
  let loaded: AgentConfig;
  try {
    loaded = loadConfig({ file: options.configFile });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pgwarden: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const listen = parseListenAddress(options.listenAddress);
  const { config, demo } = await withDemoTarget(loaded, logger);
  const agent = await Agent.start({
    config,
    logger,
    listen,
    telemetryPath: options.telemetryPath,
    version: packageVersion(),
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
  await demo?.stop();
  clearTimeout(deadline);
  return 0;
}
