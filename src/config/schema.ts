/** @module The config file's one schema: every key, its type and its default (ARCHITECTURE.md "Contracts"). */
import * as z from 'zod';
import { LIMITS } from '../limits.js';
import { LANGUAGE_TAG } from '../policy/render.js';

const positiveInt = z.number().int().positive();
const port = z.number().int().min(1).max(65535);

const imapSchema = z.strictObject({
  host: z.string().min(1),
  port: port.default(993),
  /** Implicit TLS (993). With false, the connection upgrades with STARTTLS (see require_tls). */
  secure: z.boolean().default(true),
  /**
   * With secure: false, STARTTLS must succeed before the password is sent, or the connection fails: the capability
   * list that offers STARTTLS arrives in cleartext, so an attacker on the path can strip it. false only for a loopback server.
   */
  require_tls: z.boolean().default(true),
  user: z.string().min(1),
  password_file: z.string().min(1),
  mailbox: z.string().min(1).default('INBOX'),
  idle: z.boolean().default(true),
  /** Safety poll: IDLE notifications can be lost, a poll cannot. */
  poll_seconds: positiveInt.default(60),
  /** Optional folder processed messages are moved to; absent means they stay where they are. */
  processed_mailbox: z.string().min(1).optional(),
  /** Verify the server's TLS certificate; false only for a test server with a self-signed certificate. */
  tls_verify: z.boolean().default(true),
});

const maildirSchema = z.strictObject({ path: z.string().min(1) });

const smtpSchema = z.strictObject({
  host: z.string().min(1),
  port: port.default(587),
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  password_file: z.string().min(1).optional(),
  tls_verify: z.boolean().default(true),
  /** Refuse to send unless the connection is TLS (implicit or STARTTLS); false only for a loopback relay. */
  require_tls: z.boolean().default(true),
});

const exactlyOne = (keys: string[]) => (v: Record<string, unknown>) => keys.filter((k) => v[k] !== undefined).length === 1;

export type ImapSourceConfig = z.infer<typeof imapSchema>;
export type MaildirSourceConfig = z.infer<typeof maildirSchema>;
/** One mailbox to read; exactly one key is set. */
export type SourceConfig = { imap: ImapSourceConfig; maildir?: undefined } | { maildir: MaildirSourceConfig; imap?: undefined };

const sourceEntrySchema = z
  .strictObject({ imap: imapSchema.optional(), maildir: maildirSchema.optional() })
  .refine(exactlyOne(['imap', 'maildir']), { message: 'set exactly one of source.imap or source.maildir' })
  // The refine above guarantees exactly one key, so the other branch always holds the maildir.
  .transform((e): SourceConfig => (e.imap ? { imap: e.imap } : { maildir: e.maildir as MaildirSourceConfig }));

/** `source: { imap: … }` as always, or a list of such entries to read several mailboxes; loaded as a list either way. */
const sourceSchema = z
  .union([sourceEntrySchema, z.array(sourceEntrySchema).min(1)], { error: 'a source ({ imap: … } or { maildir: … }) or a list of them' })
  .transform((v) => (Array.isArray(v) ? v : [v]));

const transportSchema = z
  .strictObject({ smtp: smtpSchema.optional(), outbox_dir: z.string().min(1).optional() })
  .refine(exactlyOne(['smtp', 'outbox_dir']), { message: 'set exactly one of transport.smtp or transport.outbox_dir' });

const policySchema = z.strictObject({
  // The codes are checked against date-holidays beside the schema pass (config/load.ts), with every other problem.
  holidays: z.array(z.string()).default(['US']),
  triage_business_days: positiveInt.default(3),
  resolve_business_days: positiveInt.default(60),
  disclosure_days: positiveInt.default(90),
  exploited_days: positiveInt.default(7),
  grace_days: z.number().int().min(0).default(14),
  update_interval_days: positiveInt.default(14),
  key_expiry_warn_days: positiveInt.default(30),
  supported_versions: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** EU Cyber Resilience Act Art. 14 reporting clocks for actively exploited vulnerabilities; opt-in, as only EU-market manufacturers owe them. */
  cra: z.boolean().default(false),
  /**
   * The languages the team reads and answers in (RFC 5646 tags), first the team's own: a report written in one of them
   * with a template set (en, fr) is answered in it, any other in English; the digest is in the first. Also the default
   * of `policy render`'s security.txt Preferred-Languages.
   */
  languages: z.array(z.string().regex(LANGUAGE_TAG, 'a language tag (RFC 5646), e.g. en, fr, pt-BR')).min(1, 'at least one language, e.g. [en]').default(['en']),
});

export const configSchema = z.strictObject({
  database: z.string().min(1).default('secintake.db'),
  timezone: z
    .string()
    .refine((tz) => isTimeZone(tz), { message: 'not an IANA time zone (e.g. America/New_York, Europe/Paris)' })
    .default('America/New_York'),
  team: z.strictObject({
    name: z.string().min(1).default('Security Team'),
    address: z.email(),
  }),
  source: sourceSchema,
  transport: transportSchema,
  keys: z.strictObject({
    dir: z.string().min(1).default('keys'),
    passphrase_file: z.string().min(1),
  }),
  policy: policySchema.default(policySchema.parse({})),
  digest: z
    .strictObject({
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour').default('08:00'),
      recipients: z.array(z.email()).default([]),
    })
    .default({ time: '08:00', recipients: [] }),
  limits: z
    .strictObject({
      max_message_bytes: positiveInt.default(LIMITS.maxMessageBytes),
      max_decompressed_bytes: positiveInt.default(LIMITS.maxDecompressedBytes),
      max_mime_depth: positiveInt.max(100).default(LIMITS.maxMimeDepth),
      max_mime_parts: positiveInt.max(100_000).default(LIMITS.maxMimeParts),
    })
    .default({
      max_message_bytes: LIMITS.maxMessageBytes,
      max_decompressed_bytes: LIMITS.maxDecompressedBytes,
      max_mime_depth: LIMITS.maxMimeDepth,
      max_mime_parts: LIMITS.maxMimeParts,
    }),
  /** The team's own words: `DIR/<language>/<file>` overrides a built-in template (README "Templates"); absent, the built-ins. */
  templates: z.strictObject({ dir: z.string().min(1).nullable().default(null) }).default({ dir: null }),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .default({ level: 'info' }),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The config as validated, paths still as written. */
export type RawConfig = z.infer<typeof configSchema>;
