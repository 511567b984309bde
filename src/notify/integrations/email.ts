// Email through an SMTP smarthost with nodemailer. `require_tls` (default true, as in Alertmanager) demands STARTTLS;
// false sends without it. Port 465 means implicit TLS.
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { classifySmtpFailure, type SmtpErrorLike } from '../classify.js';
import type { EmailConfig, GlobalConfig } from '../config.js';
import { buildEmail } from '../message/email.js';
import type { Integration } from './integration.js';
import type { TemplateRenderer } from '../templates/render.js';

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

export interface ResolvedEmailConfig {
  to: string;
  from: string;
  host: string;
  port: number;
  hello?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  requireTls: boolean;
  tls?: EmailConfig['tls_config'];
  headers: Record<string, string>;
  html?: string | undefined;
  text?: string | undefined;
  sendResolved: boolean;
}

export function resolveEmailConfig(config: EmailConfig, global: GlobalConfig): ResolvedEmailConfig {
  const smarthost = config.smarthost ?? global.smtp_smarthost ?? '';
  const split = smarthost.lastIndexOf(':');
  const port = Number(smarthost.slice(split + 1));
  if (split <= 0 || !Number.isInteger(port)) throw new Error(`smarthost "${smarthost}" must be host:port`);
  return {
    to: config.to,
    from: config.from ?? global.smtp_from ?? '',
    host: smarthost.slice(0, split).replace(/^\[(.*)\]$/, '$1'),
    port,
    hello: config.hello ?? global.smtp_hello,
    username: config.auth_username ?? global.smtp_auth_username,
    password: config.auth_password ?? global.smtp_auth_password,
    requireTls: config.require_tls ?? global.smtp_require_tls ?? true,
    tls: config.tls_config,
    headers: config.headers ?? {},
    html: config.html,
    text: config.text,
    sendResolved: config.send_resolved,
  };
}

export function emailIntegration(
  config: ResolvedEmailConfig,
  index: number,
  opts: { timeoutMs: number; templates: TemplateRenderer; receiver: string },
): Integration {
  const tls = config.tls;
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.port === 465,
    requireTLS: config.port !== 465 && config.requireTls,
    ignoreTLS: config.port !== 465 && !config.requireTls,
    ...(config.hello ? { name: config.hello } : {}),
    ...(config.username ? { auth: { user: config.username, pass: config.password ?? '' } } : {}),
    tls: {
      rejectUnauthorized: !(tls?.insecure_skip_verify ?? false),
      ...(tls?.server_name ? { servername: tls.server_name } : {}),
      ...(tls?.ca_file ? { ca: readFileSync(tls.ca_file) } : {}),
      ...(tls?.cert_file ? { cert: readFileSync(tls.cert_file) } : {}),
      ...(tls?.key_file ? { key: readFileSync(tls.key_file) } : {}),
      ...(tls?.min_version ? { minVersion: TLS_VERSIONS[tls.min_version] } : {}),
    },
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    logger: false,
  });
  return {
    name: 'email',
    index,
    sendResolved: config.sendResolved,
    async send(data, notification) {
      const render = opts.templates.forData(data, `${opts.receiver}/email_configs[${index}]`);
      const from = render.text('from', config.from, '');
      const content = buildEmail(data, config, { from, notificationId: notification.id }, render);
      const { 'Message-ID': messageId, 'In-Reply-To': inReplyTo, References: references, ...headers } = content.headers;
      try {
        await transport.sendMail({
          from,
          to: render.text('to', config.to, ''),
          subject: content.subject,
          ...(content.text !== undefined ? { text: content.text } : {}),
          ...(content.html !== undefined ? { html: content.html } : {}),
          messageId,
          inReplyTo,
          references,
          headers,
        });
        return undefined;
      } catch (error) {
        return classifySmtpFailure(error as SmtpErrorLike);
      }
    },
    close: () => transport.close(),
  };
}
