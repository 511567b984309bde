import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * The agent's own process metrics (process_*, nodejs_*) and build info, through prom-client: these are long-lived
 * metrics updated in place, which is what prom-client is built for.
 */
export function createSelfRegistry(version: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const info = new Gauge({
    name: 'pgwarden_build_info',
    help: 'A metric with a constant 1 value labelled by the pgwarden version and Node.js version.',
    labelNames: ['version', 'nodejs_version'],
    registers: [registry],
  });
  info.set({ version, nodejs_version: process.version }, 1);
  return registry;
}
