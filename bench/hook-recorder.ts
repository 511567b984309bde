// A loopback webhook receiver (Alertmanager's webhook payload) that records when each alert's firing and resolved
// messages arrive, and lets a benchmark wait for the next one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Arrival {
  readonly at: number;
  readonly alertname: string;
  readonly status: string;
}

export class HookRecorder {
  private readonly arrivals: Arrival[] = [];
  private taken = 0;
  private waiter: (() => void) | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<HookRecorder> {
    const self: { recorder?: HookRecorder } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          alerts: { status: string; labels: Record<string, string> }[];
        };
        for (const alert of body.alerts)
          self.recorder?.arrivals.push({ at, alertname: alert.labels.alertname ?? '', status: alert.status });
        self.recorder?.waiter?.();
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.recorder = new HookRecorder(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    return self.recorder;
  }

  /** When the next not yet taken message with this alert and status arrived (waits for it, at most `timeoutMs`). */
  async next(alertname: string, status: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.arrivals.findIndex(
        (a, i) => i >= this.taken && a.alertname === alertname && a.status === status,
      );
      if (index >= 0) {
        this.taken = index + 1;
        return this.arrivals[index]!.at;
      }
      if (Date.now() > deadline) throw new Error(`no ${status} ${alertname} at ${this.url} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
