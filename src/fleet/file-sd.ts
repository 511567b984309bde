// Watches the file_sd files: reads them at start, on a change event and every refresh_interval, and calls `onChange`
// when the discovered targets differ. A file that cannot be read or parsed keeps its last good targets and is logged
// once per distinct problem, as Prometheus's file SD does.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { familyOf, type MetricFamily } from '../collect/model.js';
import type { Logger } from '../log.js';
import type { FileSdConfig } from './file-sd-config.js';
import { discoveredTargets, parseFileSd, type DiscoveredTarget, type TargetGroup } from './file-sd-parse.js';

export interface DiscoveredWithAuth extends DiscoveredTarget {
  readonly sd: FileSdConfig;
}

export class FileSd {
  private configs: readonly FileSdConfig[] = [];
  private baseDir = '.';
  private lastGood = new Map<string, TargetGroup[]>();
  private current: DiscoveredWithAuth[] = [];
  private key = '[]';
  private timers: NodeJS.Timeout[] = [];
  private watchers: FSWatcher[] = [];
  private logged = new Set<string>();
  private failedReads = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly onChange: () => void,
  ) {}

  /** The targets discovered by the last refresh. */
  get targets(): readonly DiscoveredWithAuth[] {
    return this.current;
  }

  /** Takes the configuration's file_sd_configs; reads the files now when they changed. */
  async configure(configs: readonly FileSdConfig[], baseDir: string): Promise<void> {
    const same = JSON.stringify([configs, baseDir]) === JSON.stringify([this.configs, this.baseDir]);
    if (same && this.timers.length) return;
    this.stopWatching();
    this.configs = configs;
    this.baseDir = baseDir;
    await this.refresh(false);
    for (const config of configs) {
      this.timers.push(setInterval(() => void this.refresh(true), config.refresh_interval).unref());
      for (const dir of new Set(config.files.map((f) => path.dirname(path.resolve(baseDir, f))))) {
        try {
          this.watchers.push(watch(dir, () => void this.refresh(true)).unref());
        } catch {
          // A directory that does not exist yet is read again at the next refresh_interval.
        }
      }
    }
  }

  private async readGroups(config: FileSdConfig): Promise<Array<{ file: string; group: TargetGroup }>> {
    const files = await glob(
      config.files.map((f) => path.resolve(this.baseDir, f)),
      { absolute: true },
    );
    const out: Array<{ file: string; group: TargetGroup }> = [];
    for (const file of files.sort()) {
      let groups = this.lastGood.get(file) ?? [];
      try {
        groups = parseFileSd(file, await readFile(file, 'utf8'));
        this.lastGood.set(file, groups);
      } catch (error) {
        this.failedReads += 1;
        this.logOnce((error as Error).message);
      }
      out.push(...groups.map((group) => ({ file, group })));
    }
    return out;
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.logger.warn({ component: 'file_sd' }, message);
  }

  /** Reads every file again; with `notify`, calls onChange when the targets changed. Refreshes never overlap. */
  refresh(notify: boolean): Promise<void> {
    this.refreshing ??= (async () => {
      const next: DiscoveredWithAuth[] = [];
      const names = new Set<string>();
      for (const sd of this.configs) {
        const { targets, problems } = discoveredTargets(await this.readGroups(sd), sd.url_template);
        problems.forEach((p) => this.logOnce(p));
        for (const t of targets) {
          if (names.has(t.name)) continue;
          names.add(t.name);
          next.push({ ...t, sd });
        }
      }
      const key = JSON.stringify(next.map((t) => [t.name, t.url, t.labels]));
      const changed = key !== this.key;
      this.current = next;
      this.key = key;
      if (changed) this.logger.info({ component: 'file_sd', targets: next.length }, 'discovered targets changed');
      if (changed && notify) this.onChange();
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  families(): MetricFamily[] {
    if (!this.configs.length) return [];
    return [
      familyOf('pgwarden_sd_file_targets', 'gauge', 'Targets discovered from file_sd files.', [
        { labels: {}, value: this.current.length },
      ]),
      familyOf('pgwarden_sd_file_read_errors_total', 'counter', 'file_sd files that could not be read or parsed.', [
        { labels: {}, value: this.failedReads },
      ]),
    ];
  }

  private stopWatching(): void {
    this.timers.forEach(clearInterval);
    this.watchers.forEach((w) => w.close());
    this.timers = [];
    this.watchers = [];
  }

  stop(): void {
    this.stopWatching();
  }
}
