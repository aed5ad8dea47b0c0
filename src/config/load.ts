/** @module Reads the YAML config, validates it against the schema and reports every problem with its key and line. */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { z } from 'zod/mini';
import { SecintakeError } from '../errors.js';
import { holidayCodeProblems } from '../policy/calendar.js';
import { configSchema, type RawConfig } from './schema.js';

/** The config with every path made absolute (relative paths are relative to the config file). */
export type Config = RawConfig & { file: string };

export interface ConfigProblem {
  key: string;
  line: number | null;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Where the config comes from: `--config`, else `$SECINTAKE_CONFIG`, else `./config.yaml`. */
export function configPath(flag: string | undefined, env = process.env): string {
  return resolve(flag ?? env.SECINTAKE_CONFIG ?? 'config.yaml');
}

export interface ReadOptions {
  /**
   * Check `policy.holidays` against date-holidays (default true). Commands that never count business days skip it: the
   * holiday tables cost more to load than the rest of a listing, and building a calendar checks the codes again.
   */
  calendars?: boolean;
}

export function readConfigFile(file: string, opts: ReadOptions = {}): ConfigResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SecintakeError('E_CONFIG_NOT_FOUND', `cannot read config file ${file}`, {
      cause: e,
      hint: 'pass --config FILE, set SECINTAKE_CONFIG, or copy config.example.yaml to ./config.yaml',
    });
  }
  return parseConfig(text, file, process.env, opts);
}

/** Throws E_CONFIG_INVALID listing every problem; for commands that cannot run on a bad config. */
export function loadConfig(file: string, opts: ReadOptions = {}): Config {
  const result = readConfigFile(file, opts);
  if (result.ok) return result.config;
  throw new SecintakeError('E_CONFIG_INVALID', `${file} has ${result.problems.length} problem(s):\n${formatProblems(result.problems)}`, {
    hint: 'fix the keys named above (see config.example.yaml), then run `secintake config check`',
  });
}

export function formatProblems(problems: ConfigProblem[]): string {
  return problems.map((p) => `  ${p.line === null ? '' : `line ${p.line}: `}${p.key}: ${p.message}`).join('\n');
}

export function parseConfig(text: string, file: string, env = process.env, opts: ReadOptions = {}): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ key: '(yaml)', line: e.linePos?.[0]?.line ?? null, message: e.message.split('\n')[0] ?? e.message })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  // Parsed once per process: zod's JIT (each object's parser generated with new Function) costs more than it saves,
  // ~5 ms of every command's start. The same checks run either way.
  const parsed = configSchema.safeParse(raw, { jitless: true });
  const calendars = opts.calendars === false ? [] : calendarProblems(raw, doc, lineCounter);
  if (!parsed.success) {
    return { ok: false, problems: [...parsed.error.issues.flatMap((issue) => describeIssue(issue, doc, lineCounter)), ...calendars] };
  }
  const problems: ConfigProblem[] = [...calendars];
  const config = resolvePaths(parsed.data, file, env, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** Unknown `policy.holidays` codes, each with its line; read from the YAML as written, so they come even when other keys are wrong. */
function calendarProblems(raw: unknown, doc: Document, lines: LineCounter): ConfigProblem[] {
  const codes = (raw as { policy?: { holidays?: unknown } } | null)?.policy?.holidays;
  if (!Array.isArray(codes)) return [];
  return codes.flatMap((code, i) =>
    typeof code !== 'string' ? [] : holidayCodeProblems([code]).map((message) => ({ key: `policy.holidays.${i}`, line: lineOfKey(doc, lines, ['policy', 'holidays'], String(i)), message })),
  );
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter): ConfigProblem[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({
      key: [...path, k].join('.'),
      line: lineOfKey(doc, lines, path, k),
      message: 'unknown key (a typo? see config.example.yaml for the keys that exist)',
    }));
  }
  if (issue.code === 'invalid_union') {
    // `source` is one entry or a list: describe the shape the YAML was written in, not every alternative.
    const branch = issue.errors.find((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (branch) return branch.flatMap((i) => describeIssue({ ...i, path: [...issue.path, ...i.path] }, doc, lines));
  }
  const missing = issue.code === 'invalid_type' && doc.getIn(path) === undefined;
  return [
    {
      key: path.join('.') || '(root)',
      line: missing ? lineOfKey(doc, lines, path.slice(0, -1), undefined) : lineOfKey(doc, lines, path.slice(0, -1), path.at(-1)),
      message: missing ? 'required key is missing' : issue.message,
    },
  ];
}

/** Line of `key` inside the map at `path` (or of item `key` of a list, or of the node itself when key is undefined), 1-based. */
function lineOfKey(doc: Document, lines: LineCounter, path: string[], key: string | undefined): number | null {
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (key !== undefined && isSeq(node)) {
    const range = (node.items[Number(key)] as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  if (key === undefined || !isMap(node)) {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : null;
  }
  const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? lines.linePos(range[0]).line : null;
}

/** `${VAR}` in a path, so systemd's `${CREDENTIALS_DIRECTORY}/imap-password` works as written. */
function expandEnv(value: string, key: string, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) problems.push({ key, line: null, message: `environment variable ${name} is not set` });
    return v ?? '';
  });
}

function resolvePaths(raw: RawConfig, file: string, env: NodeJS.ProcessEnv, problems: ConfigProblem[]): Config {
  const base = dirname(resolve(file));
  const abs = (value: string, key: string) => {
    const expanded = expandEnv(value, key, env, problems);
    return isAbsolute(expanded) ? expanded : resolve(base, expanded);
  };
  const { smtp, outbox_dir } = raw.transport;
  return {
    ...raw,
    file: resolve(file),
    database: abs(raw.database, 'database'),
    source: raw.source.map((s) =>
      s.imap ? { imap: { ...s.imap, password_file: abs(s.imap.password_file, 'source.imap.password_file') } } : { maildir: { path: abs(s.maildir.path, 'source.maildir.path') } },
    ),
    transport: {
      smtp: smtp && { ...smtp, password_file: smtp.password_file && abs(smtp.password_file, 'transport.smtp.password_file') },
      outbox_dir: outbox_dir && abs(outbox_dir, 'transport.outbox_dir'),
    },
    keys: { dir: abs(raw.keys.dir, 'keys.dir'), passphrase_file: abs(raw.keys.passphrase_file, 'keys.passphrase_file') },
    templates: { dir: raw.templates.dir === null ? null : abs(raw.templates.dir, 'templates.dir') },
  };
}
