import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Express } from 'express';
import type { AgentConfig, ResolvedTarget } from './config/load.js';
import { loadDefinitions, selectDefinitions, withRelationFilters } from './collect/definition.js';
import { renderFamilies, withLabels } from './collect/exposition.js';
import type { MetricFamily, Snapshot } from './collect/model.js';
import { Sampler, type ExtraSource } from './collect/sampler.js';
import { createSelfRegistry } from './collect/self-metrics.js';
import { SqlCollector } from './collect/sql-source.js';
import { Target } from './collect/target.js';
import { createApp, type MetricsProvider } from './http/app.js';
import type { Logger } from './log.js';
import { shippedCollectorsDir } from './paths.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface AgentOptions {
  readonly config: AgentConfig;
  readonly logger: Logger;
  readonly listen: ListenAddress;
  readonly telemetryPath: string;
  readonly version: string;
  /** Non-SQL sources collected with a target's snapshot (backup files, ...). */
  readonly extraSourcesFor?: (targetName: string) => readonly ExtraSource[];
  /** Extra families served on /metrics (rule engine self-metrics, ALERTS). */
  readonly extraFamilies?: ReadonlyArray<() => readonly MetricFamily[]>;
  /** prom-client registries of other parts (the notifier's), appended to /metrics. */
  readonly extraRegistries?: ReadonlyArray<() => Registry | undefined>;
  /** Called with every snapshot of every target (the rule engine's store is fed here). */
  readonly onSnapshot?: (snapshot: Snapshot, target: ResolvedTarget) => void;
  readonly extendApp?: ReadonlyArray<(app: Express) => void>;
}

/** The running agent: one Target and Sampler per configured database, and the HTTP endpoints over them. */
export class Agent implements MetricsProvider {
  readonly samplers: Sampler[];
  private server: Server | undefined;
  private readonly selfRegistry: Registry;

  private constructor(private readonly options: AgentOptions) {
    const { config, logger } = options;
    const loaded = loadDefinitions([shippedCollectorsDir(), ...config.collectors.directories]);
    for (const problem of loaded.problems) logger.error({ problem }, 'collector definition skipped');
    const definitions = selectDefinitions(loaded.definitions, config.collectors.enable, config.collectors.disable);
    const databases = {
      include: config.collectors.databases.include.map((r) => new RegExp(r)),
      exclude: config.collectors.databases.exclude.map((r) => new RegExp(r)),
    };
    this.samplers = config.targets.map((t) => {
      const target = new Target(t, logger);
      const collectors = definitions.map((d) => new SqlCollector(withRelationFilters(d, config.collectors.relations)));
      const sampler = new Sampler(target, collectors, {
        intervalMs: config.collectionIntervalMs,
        logger,
        databases,
        extraSources: options.extraSourcesFor?.(t.name) ?? [],
      });
      const onSnapshot = options.onSnapshot;
      if (onSnapshot) sampler.onSnapshot((snapshot) => onSnapshot(snapshot, t));
      return sampler;
    });
    this.selfRegistry = createSelfRegistry(options.version);
  }

  static async start(options: AgentOptions): Promise<Agent> {
    const agent = new Agent(options);
    for (const sampler of agent.samplers) sampler.start();
    await agent.listen();
    return agent;
  }

  private async listen(): Promise<void> {
    const app = createApp({
      provider: this,
      telemetryPath: this.options.telemetryPath,
      logger: this.options.logger,
      version: this.options.version,
      extend: this.options.extendApp ?? [],
    });
    const { host, port } = this.options.listen;
    const server = createServer(app);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, ...(host ? { host } : {}) }, () => resolve());
    });
  }

  get address(): ListenAddress {
    const info = this.server?.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  isReady(): boolean {
    return this.samplers.every((s) => s.latest !== undefined);
  }

  private async selfText(): Promise<string> {
    const extra = (this.options.extraFamilies ?? []).flatMap((f) => f());
    const registries = (this.options.extraRegistries ?? []).map((r) => r()).filter((r) => r !== undefined);
    const texts = await Promise.all([this.selfRegistry, ...registries].map((r) => r.metrics()));
    return renderFamilies(extra) + texts.join('');
  }

  async metricsText(): Promise<string> {
    if (this.samplers.length === 1) {
      const rendered = await (this.samplers[0] as Sampler).current();
      return rendered.text + (await this.selfText());
    }
    // Several targets in one response: each series says which target it is from.
    const parts = await Promise.all(
      this.samplers.map(async (s) => withLabels((await s.current()).snapshot.families, { target: s.target.name })),
    );
    return renderFamilies(parts.flat()) + (await this.selfText());
  }

  async probeText(name: string): Promise<string | undefined> {
    const sampler = this.samplers.find((s) => s.target.name === name);
    return sampler ? (await sampler.current()).text : undefined;
  }

  async stop(): Promise<void> {
    for (const sampler of this.samplers) sampler.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections?.();
    await Promise.all(this.samplers.map((s) => s.target.close()));
  }
}
