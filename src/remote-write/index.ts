// Every remote_write destination of the configuration: started with the agent, fed every snapshot, changed by a
// reload (an unchanged destination keeps its queue and connection; a removed one stops, its queue stays on disk).
import type { Snapshot } from '../collect/model.js';
import type { Logger } from '../log.js';
import type { RemoteWriteEntry } from './config.js';
import { resolveCredentials } from './credentials.js';
import { remoteWriteFamilies } from './metrics.js';
import { compileRelabelConfigs } from './relabel.js';
import { displayUrl, RemoteWriter } from './writer.js';

export { remoteWriteConfigSchema, type RemoteWriteEntry } from './config.js';

export interface RemoteWriteSettings {
  readonly entries: readonly RemoteWriteEntry[];
  readonly stateDir: string;
  readonly baseDir: string;
  readonly externalLabels: Readonly<Record<string, string>>;
}

export class RemoteWriters {
  private writers: Array<{ key: string; writer: RemoteWriter }> = [];

  constructor(private readonly logger: Logger) {}

  /** Reads every credentials file and compiles every relabelling, throwing on the first problem; changes nothing. */
  check(settings: RemoteWriteSettings): void {
    settings.entries.forEach((entry, i) => {
      resolveCredentials(entry, settings.baseDir, `remote_write[${i}]`);
      compileRelabelConfigs(entry.write_relabel_configs);
    });
  }

  /** Starts, keeps or stops writers to match the settings; a credentials file that cannot be read throws first. */
  async apply(settings: RemoteWriteSettings): Promise<void> {
    const wanted = settings.entries.map((entry, i) => {
      const credentials = resolveCredentials(entry, settings.baseDir, `remote_write[${i}]`);
      // The files' contents count: a rotated certificate or credentials file restarts the writer (its queue stays).
      return {
        entry,
        credentials,
        key: JSON.stringify([entry, settings.externalLabels, settings.stateDir, credentials]),
      };
    });
    const keep = new Set(wanted.map((w) => w.key));
    const stopped = this.writers.filter((w) => !keep.has(w.key));
    await Promise.all(stopped.map((w) => w.writer.stop()));
    const next: Array<{ key: string; writer: RemoteWriter }> = [];
    for (const w of wanted) {
      const running = this.writers.find((x) => x.key === w.key);
      if (running) {
        next.push(running);
        continue;
      }
      const writer = await RemoteWriter.start(
        w.entry,
        settings.stateDir,
        w.credentials,
        settings.externalLabels,
        this.logger,
      );
      this.logger.info({ remote_name: writer.name, endpoint: displayUrl(w.entry.url) }, 'remote write started');
      next.push({ key: w.key, writer });
    }
    this.writers = next;
  }

  ingest(snapshot: Snapshot): void {
    for (const { writer } of this.writers) void writer.ingest(snapshot);
  }

  families() {
    return remoteWriteFamilies(this.writers.map((w) => w.writer));
  }

  async stop(): Promise<void> {
    await Promise.all(this.writers.map((w) => w.writer.stop()));
    this.writers = [];
  }
}
