// Real receivers on 127.0.0.1 for the notify tests: an SMTP server and an HTTP server whose answers are scripted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import {
  alertingConfigSchema,
  Notifier,
  type AlertingConfig,
  type AlertingConfigInput,
} from '../../../src/notify/index.js';
import { createLogger, silentLogger, type Logger } from '../../../src/log.js';
import type { NotifiableAlert } from '../../../src/notify/index.js';

/**
 * An answer the HTTP receiver gives: a status (with optional Retry-After, after `delayMs` of "processing"), or
 * `hang` (never answers).
 */
export type HttpAnswer = { status: number; retryAfter?: string; delayMs?: number } | 'hang';

export interface ReceivedRequest {
  path: string;
  body: unknown;
  status: number | 'hang';
  headers: Record<string, string | string[] | undefined>;
}

export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly hung: IncomingMessage[] = [];
  private constructor(
    private readonly server: Server,
    readonly answers: HttpAnswer[],
  ) {}

  static async start(answers: HttpAnswer[] = [], port = 0): Promise<HttpReceiver> {
    const self: { receiver?: HttpReceiver } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answer = self.receiver!.answers.shift() ?? { status: 200 };
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        const status = answer === 'hang' ? 'hang' : answer.status;
        self.receiver!.requests.push({ path: req.url ?? '', body, status, headers: req.headers });
        if (answer === 'hang') {
          self.receiver!.hung.push(req);
          return;
        }
        if (answer.retryAfter) res.setHeader('retry-after', answer.retryAfter);
        res.statusCode = answer.status;
        // A slow receiver processes the message even when the sender stopped waiting.
        setTimeout(() => res.end('{}'), answer.delayMs ?? 0);
      });
    });
    const receiver = new HttpReceiver(server, answers);
    self.receiver = receiver;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  /** Requests the receiver accepted (answered 2xx). */
  accepted(): ReceivedRequest[] {
    return this.requests.filter((r) => typeof r.status === 'number' && r.status < 300);
  }
  async stop(): Promise<void> {
    for (const req of this.hung) req.socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server answering each DATA with the next scripted reply code (250 when the script is empty). */
export class SmtpReceiver {
  readonly accepted: ReceivedMail[] = [];
  readonly attempts: number[] = [];
  private constructor(
    private readonly server: SMTPServer,
    readonly replies: number[],
  ) {}

  /** With `credentials`, the server demands AUTH and answers 535 to anything else. */
  static async start(replies: number[] = [], credentials?: { user: string; pass: string }): Promise<SmtpReceiver> {
    const self: { receiver?: SmtpReceiver } = {};
    const server = new SMTPServer({
      authOptional: !credentials,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (credentials && auth.username === credentials.user && auth.password === credentials.pass) {
          callback(null, { user: auth.username });
          return;
        }
        const error = new Error('authentication failed') as Error & { responseCode: number };
        error.responseCode = 535;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const code = self.receiver!.replies.shift() ?? 250;
          self.receiver!.attempts.push(code);
          if (code >= 400) {
            const error = new Error(code >= 500 ? 'mailbox unavailable' : 'try again later') as Error & {
              responseCode: number;
            };
            error.responseCode = code;
            callback(error);
            return;
          }
          self.receiver!.accepted.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    const receiver = new SmtpReceiver(server, replies);
    self.receiver = receiver;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Fast timings so tests finish in seconds; the semantics are the same as with production values. */
export function testConfig(
  input: Omit<AlertingConfigInput, 'delivery'> & { delivery?: AlertingConfigInput['delivery'] },
): AlertingConfig {
  return alertingConfigSchema.parse({
    delivery: {
      initial_backoff: '20ms',
      max_backoff: '100ms',
      send_timeout: '300ms',
      slack_min_interval: '10ms',
      alertmanager_resend: '200ms',
    },
    ...input,
  });
}

export function fastRoute(receiver: string, extra: Record<string, unknown> = {}): AlertingConfigInput['route'] {
  return {
    receiver,
    group_by: ['alertname'],
    group_wait: '20ms',
    group_interval: '100ms',
    repeat_interval: '1h',
    ...extra,
  };
}

export function firing(name: string, labels: Record<string, string> = {}, at = Date.now()): NotifiableAlert {
  const all = { alertname: name, instance: 'db1', severity: 'warning', ...labels };
  return {
    labels: all,
    annotations: { summary: `${name} on ${all.instance}` },
    startsAt: at,
    endsAt: 0,
    generatorURL: 'http://127.0.0.1/rules',
    status: 'firing',
    fingerprint: `${name}-${all.instance}-${all.severity}`,
  };
}

export function resolved(alert: NotifiableAlert, at = Date.now()): NotifiableAlert {
  return { ...alert, status: 'resolved', endsAt: at };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Lets the notifier run for a while, so a test can assert that nothing more happens. */
export function settle(ms = 400): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A logger whose output the test can search (to prove secrets never reach it). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** What a notify test sets up: a fresh state directory, receivers and notifiers that are cleaned up after it. */
export interface TestEnvironment {
  readonly stateDir: string;
  cleanups: (() => Promise<void>)[];
  /** Opens a notifier on this test's state directory (closed after the test). */
  open(config: AlertingConfig, logger?: Logger): Promise<Notifier>;
  /** Starts an HTTP receiver with scripted answers (stopped after the test). */
  http(answers?: HttpAnswer[]): Promise<HttpReceiver>;
}

/** A fresh state directory per test, and cleanups (receivers, notifiers) run in reverse order after it. */
export function testEnvironment(): TestEnvironment {
  const env: TestEnvironment = {
    stateDir: '',
    cleanups: [],
    async open(config, logger = silentLogger()) {
      const notifier = await Notifier.open({
        config,
        stateDir: env.stateDir,
        logger,
        externalUrl: 'http://127.0.0.1:9187',
      });
      env.cleanups.push(() => notifier.close());
      return notifier;
    },
    async http(answers = []) {
      const receiver = await HttpReceiver.start(answers);
      env.cleanups.push(() => receiver.stop());
      return receiver;
    },
  };
  beforeEach(async () => {
    (env as { stateDir: string }).stateDir = await mkdtemp(join(tmpdir(), 'pgwarden-notify-'));
  });
  afterEach(async () => {
    for (const cleanup of env.cleanups.splice(0).reverse()) await cleanup();
    await rm(env.stateDir, { recursive: true, force: true });
  });
  return env;
}
