/**
 * @module The config file's one schema: every key, its type and its default (ARCHITECTURE.md "Contracts").
 * Written with zod/mini: the same checks and the same English messages as zod's classic API, but a schema is a plain
 * object instead of one carrying dozens of bound methods, and the bundle keeps only the parts used: building and parsing
 * this schema cost ~10 ms more of every command's start with the classic API.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { LIMITS } from '../limits.js';
import { LANGUAGE_TAG } from '../policy/render.js';

// zod/mini speaks no language until told (classic zod loads English on first use); the messages are the ones users see.
z.config(en());

// Shared, as schemas never change once built: each `.check()` builds a new schema, and building is most of zod's cost here.
const positiveInt = z.number().check(z.int(), z.positive());
const port = z.number().check(z.int(), z.gte(1), z.lte(65535));
const text = z.string().check(z.minLength(1));
const withDefault = z._default;

const imapSchema = z.strictObject({
  host: text,
  port: withDefault(port, 993),
  /** Implicit TLS (993). With false, the connection upgrades with STARTTLS (see require_tls). */
  secure: withDefault(z.boolean(), true),
  /**
   * With secure: false, STARTTLS must succeed before the password is sent, or the connection fails: the capability
   * list that offers STARTTLS arrives in cleartext, so an attacker on the path can strip it. false only for a loopback server.
   */
  require_tls: withDefault(z.boolean(), true),
  user: text,
  password_file: text,
  mailbox: withDefault(text, 'INBOX'),
  idle: withDefault(z.boolean(), true),
  /** Safety poll: IDLE notifications can be lost, a poll cannot. */
  poll_seconds: withDefault(positiveInt, 60),
  /** Optional folder processed messages are moved to; absent means they stay where they are. */
  processed_mailbox: z.optional(text),
  /** Verify the server's TLS certificate; false only for a test server with a self-signed certificate. */
  tls_verify: withDefault(z.boolean(), true),
});

const maildirSchema = z.strictObject({ path: text });

const smtpSchema = z.strictObject({
  host: text,
  port: withDefault(port, 587),
  secure: withDefault(z.boolean(), false),
  user: z.optional(text),
  password_file: z.optional(text),
  tls_verify: withDefault(z.boolean(), true),
  /** Refuse to send unless the connection is TLS (implicit or STARTTLS); false only for a loopback relay. */
  require_tls: withDefault(z.boolean(), true),
});

const exactlyOne = (keys: string[]) => (v: Record<string, unknown>) => keys.filter((k) => v[k] !== undefined).length === 1;

export type ImapSourceConfig = z.infer<typeof imapSchema>;
export type MaildirSourceConfig = z.infer<typeof maildirSchema>;
/** One mailbox to read; exactly one key is set. */
export type SourceConfig = { imap: ImapSourceConfig; maildir?: undefined } | { maildir: MaildirSourceConfig; imap?: undefined };

const sourceEntrySchema = z.pipe(
  z
    .strictObject({ imap: z.optional(imapSchema), maildir: z.optional(maildirSchema) })
    .check(z.refine(exactlyOne(['imap', 'maildir']), { message: 'set exactly one of source.imap or source.maildir' })),
  // The refine above guarantees exactly one key, so the other branch always holds the maildir.
  z.transform((e): SourceConfig => (e.imap ? { imap: e.imap } : { maildir: e.maildir as MaildirSourceConfig })),
);

/** `source: { imap: … }` as always, or a list of such entries to read several mailboxes; loaded as a list either way. */
const sourceSchema = z.pipe(
  z.union([sourceEntrySchema, z.array(sourceEntrySchema).check(z.minLength(1))], { error: 'a source ({ imap: … } or { maildir: … }) or a list of them' }),
  z.transform((v) => (Array.isArray(v) ? v : [v])),
);

const transportSchema = z
  .strictObject({ smtp: z.optional(smtpSchema), outbox_dir: z.optional(text) })
  .check(z.refine(exactlyOne(['smtp', 'outbox_dir']), { message: 'set exactly one of transport.smtp or transport.outbox_dir' }));

const policySchema = z.strictObject({
  // The codes are checked against date-holidays beside the schema pass (config/load.ts), with every other problem.
  holidays: withDefault(z.array(z.string()), ['US']),
  triage_business_days: withDefault(positiveInt, 3),
  resolve_business_days: withDefault(positiveInt, 60),
  disclosure_days: withDefault(positiveInt, 90),
  exploited_days: withDefault(positiveInt, 7),
  grace_days: withDefault(z.number().check(z.int(), z.gte(0)), 14),
  update_interval_days: withDefault(positiveInt, 14),
  key_expiry_warn_days: withDefault(positiveInt, 30),
  supported_versions: withDefault(z.record(z.string(), z.array(text)), {}),
  /** EU Cyber Resilience Act Art. 14 reporting clocks for actively exploited vulnerabilities; opt-in, as only EU-market manufacturers owe them. */
  cra: withDefault(z.boolean(), false),
  /**
   * The languages the team reads and answers in (RFC 5646 tags), first the team's own: a report written in one of them
   * with a template set (en, fr) is answered in it, any other in English; the digest is in the first. Also the default
   * of `policy render`'s security.txt Preferred-Languages.
   */
  languages: withDefault(
    z.array(z.string().check(z.regex(LANGUAGE_TAG, 'a language tag (RFC 5646), e.g. en, fr, pt-BR'))).check(z.minLength(1, 'at least one language, e.g. [en]')),
    ['en'],
  ),
});

export const configSchema = z.strictObject({
  database: withDefault(text, 'secintake.db'),
  timezone: withDefault(z.string().check(z.refine((tz) => isTimeZone(tz), { message: 'not an IANA time zone (e.g. America/New_York, Europe/Paris)' })), 'America/New_York'),
  team: z.strictObject({
    name: withDefault(text, 'Security Team'),
    address: z.email(),
  }),
  source: sourceSchema,
  transport: transportSchema,
  keys: z.strictObject({
    dir: withDefault(text, 'keys'),
    passphrase_file: text,
  }),
  policy: withDefault(policySchema, () => policySchema.parse({})),
  digest: withDefault(
    z.strictObject({
      time: withDefault(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour')), '08:00'),
      recipients: withDefault(z.array(z.email()), []),
    }),
    { time: '08:00', recipients: [] },
  ),
  limits: withDefault(
    z.strictObject({
      max_message_bytes: withDefault(positiveInt, LIMITS.maxMessageBytes),
      max_decompressed_bytes: withDefault(positiveInt, LIMITS.maxDecompressedBytes),
      max_mime_depth: withDefault(z.number().check(z.int(), z.positive(), z.lte(100)), LIMITS.maxMimeDepth),
      max_mime_parts: withDefault(z.number().check(z.int(), z.positive(), z.lte(100_000)), LIMITS.maxMimeParts),
    }),
    {
      max_message_bytes: LIMITS.maxMessageBytes,
      max_decompressed_bytes: LIMITS.maxDecompressedBytes,
      max_mime_depth: LIMITS.maxMimeDepth,
      max_mime_parts: LIMITS.maxMimeParts,
    },
  ),
  /** The team's own words: `DIR/<language>/<file>` overrides a built-in template (README "Templates"); absent, the built-ins. */
  templates: withDefault(z.strictObject({ dir: withDefault(z.nullable(text), null) }), { dir: null }),
  log: withDefault(z.strictObject({ level: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info') }), { level: 'info' }),
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
