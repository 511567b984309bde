import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Registry } from 'prom-client';
import express, { type Express } from 'express';
import type { AgentConfig, ResolvedTarget } from '../config/load.js';
import { renderFamilies, renderFamiliesToBuffer, withLabels } from '../collect/exposition.js';
import type { MetricFamily, Snapshot } from '../collect/model.js';
import type { ExtraSource, Sampler } from '../collect/sampler.js';
import { createSelfRegistry } from '../collect/self-metrics.js';
import { TargetSet } from '../collect/target-set.js';
import { createApp, type MetricsProvider } from '../http/app.js';
import type { ExpositionParts } from '../http/exposition-response.js';
import { createGuard } from '../http/web/guard.js';
import { BasicAuthVerifier } from '../http/web/basic-auth.js';
import { canUpdateWebServerTls, createWebServer, updateWebServerTls } from '../http/web/server.js';
import { loadWebConfig } from '../http/web/load-web-config.js';
import type { WebConfig } from '../http/web/web-config.js';
import { Lifecycle } from './lifecycle.js';
import type { Logger } from '../log.js';
import { Reloader, restartOnlyChanges } from './reloader.js';

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
  /** --web.config.file; when absent, the configuration's web.config_file (relative to the configuration file). */
  readonly webConfigFile?: string | undefined;
  /** Reads the configuration again, for SIGHUP and POST /-/reload. Without it, reload keeps the first config. */
  readonly loadConfig?: () => AgentConfig | Promise<AgentConfig>;
  /** Log every HTTP request at debug level (--web.log-requests). */
  readonly logRequests?: boolean;
  /**
   * Non-SQL sources collected with a target's snapshot (backup files, ...). Asked again on every reload, with the new
   * configuration, for every target; return the same objects to keep their state.
   */
  readonly extraSourcesFor?: (targetName: string, config: AgentConfig) => readonly ExtraSource[];
  /** Extra families served on /metrics (rule engine, notifier self-metrics). */
  readonly extraFamilies?: ReadonlyArray<() => readonly MetricFamily[]>;
  /** prom-client registries of other parts (the notifier's), appended to /metrics; read at every scrape. */
  readonly extraRegistries?: ReadonlyArray<() => Registry | undefined>;
  /** Called with every snapshot of every target, targets added by a reload included (feeds the rule engine). */
  readonly onSnapshot?: (snapshot: Snapshot, target: ResolvedTarget) => void;
  readonly extendApp?: ReadonlyArray<(app: Express) => void>;
  /** --web.route-prefix: every route is served under this path ('' or e.g. '/pgwarden'). */
  readonly routePrefix?: string;
  /** The web console, mounted ahead of the other routes. */
  readonly pages?: ReadonlyArray<(app: Express) => void>;
}

function webConfigPath(options: AgentOptions, config: AgentConfig): string | undefined {
  if (options.webConfigFile) return options.webConfigFile;
  return config.web.config_file ? path.resolve(config.baseDir, config.web.config_file) : undefined;
}

/**
 * The running agent: one Target and Sampler per configured database, the HTTP endpoints over them, reload and an
 * ordered shutdown. Other parts hook in through `lifecycle` (shutdown steps), `reloader` (reload hooks) and
 * `onSnapshot` (every target's snapshots).
 */
export class Agent implements MetricsProvider {
  readonly lifecycle = new Lifecycle();
  readonly reloader: Reloader;
  readonly targets: TargetSet;
  private server: Server | undefined;
  private readonly selfRegistry: Registry;
  private webConfig: WebConfig;
  private readonly authVerifier = new BasicAuthVerifier();
  /** web.enable_lifecycle: whether POST /-/reload is served (SIGHUP always works). */
  private lifecycleEnabled: boolean;
  private appliedConfig: AgentConfig;

  private constructor(private readonly options: AgentOptions) {
    const { config, logger } = options;
    this.webConfig = loadWebConfig(webConfigPath(options, config));
    this.lifecycleEnabled = config.web.enable_lifecycle;
    this.appliedConfig = config;
    for (const warning of this.webConfig.warnings) logger.warn({ file: this.webConfig.file }, warning);
    this.targets = new TargetSet(logger, options.extraSourcesFor ?? (() => []));
    this.selfRegistry = createSelfRegistry(options.version);
    this.reloader = new Reloader(options.loadConfig ?? (() => config), logger);
    this.reloader.addHook('web and targets', (next) => this.prepareConfig(next));
    const onSnapshot = options.onSnapshot;
    if (onSnapshot) {
      this.targets.onSnapshot((snapshot) => {
        const target = this.targets.get(snapshot.target)?.target.config;
        if (target) onSnapshot(snapshot, target);
      });
    }
    // A collection stuck in a connect must not use up the whole deadline: what follows (outbox flush) matters more.
    this.lifecycle.register('collection', 'producers', () => this.targets.drain(), { timeoutMs: 5_000 });
    this.lifecycle.register('database pools', 'resources', () => this.targets.close());
  }

  /** Loads the web config (throws ConfigError), starts collecting every target and listens. */
  static async start(options: AgentOptions): Promise<Agent> {
    const agent = new Agent(options);
    await agent.targets.apply(options.config);
    await agent.listen();
    return agent;
  }

  /** Every sampler, one per target (in configuration order). */
  get samplers(): Sampler[] {
    return this.targets.all;
  }

  onSnapshot(listener: (snapshot: Snapshot) => void): () => void {
    return this.targets.onSnapshot(listener);
  }

  /** The reload of the web config (checked now) and the targets (applied with every other part, or not at all). */
  private prepareConfig(config: AgentConfig): () => Promise<void> {
    const restartOnly = restartOnlyChanges(this.appliedConfig, config);
    if (restartOnly.length) {
      throw new Error(`${restartOnly.join(', ')} changed: only a restart applies that; nothing was reloaded`);
    }
    const web = loadWebConfig(webConfigPath(this.options, config));
    if (this.server && !canUpdateWebServerTls(this.server, web.tls)) {
      throw new Error('switching TLS or client certificates on or off needs a restart');
    }
    return async () => {
      if (this.server) updateWebServerTls(this.server, web.tls);
      this.webConfig = web;
      this.lifecycleEnabled = config.web.enable_lifecycle;
      this.appliedConfig = config;
      for (const warning of web.warnings) this.options.logger.warn({ file: web.file }, warning);
      const changes = await this.targets.apply(config);
      const { added, removed, changed } = changes;
      if (added.length || removed.length || changed.length) {
        this.options.logger.info(
          { added: added.map((t) => t.name), removed, changed: changed.map((t) => t.name) },
          'targets changed',
        );
      }
    };
  }

  private async listen(): Promise<void> {
    const { logger } = this.options;
    const app = createApp({
      provider: this,
      telemetryPath: this.options.telemetryPath,
      logger,
      version: this.options.version,
      guard: createGuard(() => this.webConfig, this.options.logRequests ? logger : undefined, this.authVerifier),
      extend: [(a) => this.addReloadRoute(a), ...(this.options.extendApp ?? [])],
      ...(this.options.pages ? { pages: this.options.pages } : {}),
    });
    const { host, port } = this.options.listen;
    const server = createWebServer(underPrefix(app, this.options.routePrefix ?? ''), this.webConfig.tls);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, ...(host ? { host } : {}) }, () => resolve());
    });
    this.lifecycle.register('http server', 'http', () => closeServer(server));
  }

  private addReloadRoute(app: Express): void {
    const handler = (_req: unknown, res: import('express').Response) => {
      if (!this.lifecycleEnabled) {
        res.status(403).type('text/plain').send('Lifecycle API is not enabled (web.enable_lifecycle: false).\n');
        return;
      }
      void this.reloader.reload('api').then((result) => {
        if (result.ok) res.type('text/plain').send('configuration reloaded\n');
        else res.status(500).type('text/plain').send(`failed to reload config: ${result.error}\n`);
      });
    };
    app.post('/-/reload', handler);
    app.put('/-/reload', handler);
  }

  get address(): ListenAddress & { protocol: 'http' | 'https' } {
    const info = this.server?.address() as AddressInfo;
    return { host: info.address, port: info.port, protocol: this.webConfig.tls ? 'https' : 'http' };
  }

  isReady(): boolean {
    return this.samplers.every((s) => s.latest !== undefined);
  }

  /** The agent's own metrics, rendered for every request (process figures, rule evaluation, reloads). */
  private async ownMetrics(): Promise<Buffer> {
    const extra = [
      this.reloader.families(),
      this.authVerifier.families(),
      ...(this.options.extraFamilies ?? []).map((f) => f()),
    ].flat();
    const extraRegistries = (this.options.extraRegistries ?? []).map((r) => r()).filter((r) => r !== undefined);
    const texts = await Promise.all([this.selfRegistry, ...extraRegistries].map((r) => r.metrics()));
    return Buffer.from(
      renderFamilies(extra) + texts.map((t) => (t.endsWith('\n') || t === '' ? t : `${t}\n`)).join(''),
    );
  }

  private combined: { snapshots: readonly Snapshot[]; body: Buffer } | undefined;

  async metrics(): Promise<ExpositionParts> {
    return { shared: await this.targetsBody(), own: await this.ownMetrics() };
  }

  /** Every target's snapshot as one body: the single target's as rendered, or several re-labelled and merged. */
  private async targetsBody(): Promise<Buffer> {
    const samplers = this.samplers;
    if (samplers.length === 1) return (await (samplers[0] as Sampler).current()).body;
    // Several targets in one response: each series says which target it is from. /probe serves one target alone.
    const current = await Promise.all(samplers.map(async (s) => ({ name: s.target.name, ...(await s.current()) })));
    const cached = this.combined;
    const unchanged =
      cached?.snapshots.length === current.length && current.every((c, i) => cached.snapshots[i] === c.snapshot);
    if (cached && unchanged) return cached.body;
    // Rendered once per new set of snapshots, not per scrape: relabelling and merging cost as much as collecting.
    const families = current.map((c) => withLabels(c.snapshot.families, { target: c.name }));
    const body = renderFamiliesToBuffer(mergeByName(families.flat()));
    this.combined = { snapshots: current.map((c) => c.snapshot), body };
    return body;
  }

  async probe(name: string): Promise<ExpositionParts | undefined> {
    const sampler = this.targets.get(name);
    return sampler ? { shared: (await sampler.current()).body, own: Buffer.alloc(0) } : undefined;
  }

  /** The ordered shutdown: HTTP, collection (waiting for the one in flight), registered parts, pools. */
  async stop(deadlineMs = 10_000): Promise<void> {
    const results = await this.lifecycle.shutdown(deadlineMs);
    for (const r of results.filter((x) => x.outcome !== 'done')) {
      this.options.logger.warn({ step: r.name, phase: r.phase, outcome: r.outcome, err: r.error }, 'shutdown step');
    }
  }
}

/** The app served under a route prefix; the bare root redirects there, as Prometheus's does. */
function underPrefix(app: Express, prefix: string): Express {
  if (!prefix) return app;
  const outer = express();
  outer.disable('x-powered-by');
  outer.get('/', (_req, res) => res.redirect(302, `${prefix}/`));
  outer.use(prefix, app);
  outer.use((_req, res) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  return outer;
}

/** Families of the same name from several targets as one family, as the text format requires. */
function mergeByName(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const f of families) {
    const seen = byName.get(f.name);
    byName.set(f.name, seen ? { ...seen, samples: [...seen.samples, ...f.samples] } : f);
  }
  return [...byName.values()];
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections?.();
    // Keep-alive connections with a request in progress get a moment to finish; then they are cut.
    setTimeout(() => server.closeAllConnections?.(), 1000).unref();
  });
}
