/** @module Outgoing transports: SMTP (nodemailer) or a directory of .eml files; each send either succeeds or throws E_SMTP/E_OUTBOX_DIR saying whether to retry. */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config/load.js';
import { readSecretFile } from '../../config/secrets.js';
import { SecintakeError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { makePrivateDir, writePrivateFile } from '../../private-files.js';

export interface OutgoingMail {
  messageId: string;
  envelopeFrom: string;
  recipients: string[];
  raw: Buffer;
}

export interface Transport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createTransport(config: Config): Transport {
  const { smtp, outbox_dir } = config.transport;
  if (outbox_dir) return createDirTransport(outbox_dir);
  if (!smtp) {
    throw new SecintakeError('E_CONFIG_INVALID', 'config has neither transport.smtp nor transport.outbox_dir', {
      hint: 'set transport.smtp (host, port, ...) or transport.outbox_dir in the config, then run `secintake config check`',
    });
  }
  const password = smtp.password_file ? readSecretFile(smtp.password_file, 'transport.smtp.password_file') : undefined;
  return createSmtpTransport({ ...smtp, password });
}

/**
 * Writes `<Message-ID>.eml` atomically; sending the same mail again overwrites the same file, so retries never duplicate.
 * The files are 0600 in a 0700 directory: an acknowledgement can quote the report's subject and attachment names.
 */
export function createDirTransport(dir: string): Transport {
  return {
    async send(mail) {
      try {
        makePrivateDir(dir);
        const name = `${mail.messageId.replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
        const tmp = join(dir, `.${name}.tmp`);
        writePrivateFile(tmp, mail.raw);
        renameSync(tmp, join(dir, name));
      } catch (e) {
        throw new SecintakeError('E_OUTBOX_DIR', `cannot write to transport.outbox_dir ${dir}`, { cause: e, transient: true, hint: 'check the directory and its permissions' });
      }
    },
    close() {},
  };
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  require_tls: boolean;
  tls_verify: boolean;
  user?: string | undefined;
  password?: string | undefined;
}

export function createSmtpTransport(s: SmtpSettings): Transport {
  const options: SMTPTransport.Options = {
    host: s.host,
    port: s.port,
    secure: s.secure,
    requireTLS: s.require_tls && !s.secure,
    ...(s.user && s.password ? { auth: { user: s.user, pass: s.password } } : {}),
    tls: { rejectUnauthorized: s.tls_verify },
    connectionTimeout: LIMITS.smtpTimeoutMs,
    greetingTimeout: LIMITS.smtpTimeoutMs,
    socketTimeout: LIMITS.smtpTimeoutMs,
  };
  const transporter = nodemailer.createTransport(options);
  return {
    async send(mail) {
      try {
        await transporter.sendMail({ envelope: { from: mail.envelopeFrom, to: mail.recipients }, raw: mail.raw });
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        // RFC 5321 §4.2.1: 5yz is a permanent refusal; 4yz and connection failures are worth retrying.
        const permanent = typeof code === 'number' && code >= 500;
        throw new SecintakeError('E_SMTP', `SMTP ${s.host}:${s.port} ${permanent ? 'refused' : 'failed'}: ${(e as Error).message}`, {
          cause: e,
          transient: !permanent,
          hint: permanent ? 'check the recipient and the relay configuration; the mail is retried a few times, then marked dead' : 'the mail stays queued and is retried with backoff',
        });
      }
    },
    close: () => transporter.close(),
  };
}
