/**
 * @module A throwaway Dovecot (2.3, Debian's `dovecot-imapd` + `dovecot-lmtpd`) for end-to-end tests.
 *
 * Each instance lives in its own temp dir (config, passwd-file, Maildirs, base_dir, state_dir, log),
 * listens only on 127.0.0.1 on ports the OS picked, and runs `dovecot -F -c <config>` as a child
 * process in its own process group, so `stop()` can reap every process it started. Works as root
 * (mail owned by the `dovecot` system user, since Dovecot refuses UID 0 for mail access) and
 * unprivileged (everything runs as the current user, no chroots).
 *
 * Users are full addresses (`security@example.test`): that is both the IMAP login and the LMTP
 * recipient, and mail delivered with `deliver()` lands in that user's INBOX.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { freePorts, groupMembers, killGroup, sleep } from './process-group.js';

export interface DovecotUser {
  /** IMAP login name, also the LMTP recipient address. */
  user: string;
  password: string;
  /** A file holding only the password (no newline), for secintake's `imap.password_file`. */
  passwordFile: string;
}

export interface DovecotServer {
  /** Temp dir with config, users, mail, logs. */
  dir: string;
  host: '127.0.0.1';
  imapPort: number;
  lmtpPort: number;
  users: Record<string, DovecotUser>;
  /** Deliver a raw RFC 5322 message to `to` via LMTP; resolves once Dovecot accepted it (in INBOX). */
  deliver(to: string, raw: Buffer | string, from?: string): Promise<void>;
  /** Stop the server (SIGTERM, then SIGKILL if needed); resolves when no process is left and the ports refuse connections. */
  stop(): Promise<void>;
  /** Start again on the same ports with the same mail store (no-op when running). */
  start(): Promise<void>;
  /** `stop()` and remove the temp dir. */
  cleanup(): Promise<void>;
  /** Last lines of the Dovecot log (and of its stderr), for failing-test diagnostics. */
  logTail(lines?: number): string;
  /** Whether the server process is running. */
  readonly running: boolean;
  /**
   * PIDs of every process of the running server (master first, then log, auth, imap, lmtp, ...), e.g. to
   * freeze it with SIGSTOP/SIGCONT. Empty when stopped. Processes forked later are not included.
   */
  pids(): number[];
  /**
   * Give `user`'s mailbox (default INBOX) a new UIDVALIDITY (`doveadm mailbox update --uid-validity`),
   * keeping its messages; IMAP sessions that have it selected are disconnected by Dovecot. Needs the
   * server running (doveadm looks the user up through it). Resolves to the new UIDVALIDITY.
   */
  resetUidValidity(user: string, mailbox?: string): Promise<number>;
}

export interface StartDovecotOptions {
  /** User addresses to create; default `['security@example.test']`. */
  users?: string[];
}

const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';
const HOST = '127.0.0.1' as const;
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Instances whose process may still run, killed synchronously if the test process exits without cleanup. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child.pid, 'SIGKILL');
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const execFileAsync = promisify(execFile);


/** Resolves true if a TCP connection to port succeeds (closed right away), false on refusal/timeout. */
function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: HOST, port });
    const done = (ok: boolean) => {
      sock.removeAllListeners();
      sock.on('error', () => {});
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text.split('\n').filter((l) => l !== '').slice(-lines).join('\n');
}

function lookupUser(name: string): { uid: number; gid: number } | null {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && f[3] !== undefined) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

interface Layout {
  dir: string;
  configFile: string;
  logFile: string;
  stderrFile: string;
}

function writeConfig(layout: Layout, ports: { imap: number; lmtp: number }, asRoot: boolean, mailOwner: { uid: number; gid: number }): void {
  const { dir } = layout;
  const me = userInfo();
  const lines = [
    '# generated by test/e2e/harness/dovecot.ts',
    `instance_name = secintake-test-${randomBytes(4).toString('hex')}`,
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${layout.logFile}`,
    `info_log_path = ${layout.logFile}`,
    `debug_log_path = ${layout.logFile}`,
    'auth_verbose = yes',
    'protocols = imap lmtp',
    `listen = ${HOST}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'hostname = secintake-test.localhost',
    'shutdown_clients = yes',
    // No stats service: processes would otherwise block on the stats-writer handshake during shutdown.
    'stats_writer_socket_path =',
    // Mail store: one Maildir per user, under the temp dir, owned by mailOwner.
    `mail_home = ${join(dir, 'mail')}/%Lu`,
    'mail_location = maildir:~/Maildir',
    `mail_uid = ${mailOwner.uid}`,
    `mail_gid = ${mailOwner.gid}`,
    `first_valid_uid = ${mailOwner.uid}`,
    'last_valid_uid = 0',
    `first_valid_gid = ${mailOwner.gid}`,
    'last_valid_gid = 0',
    'mail_fsync = never',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    '}',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%Lu ${join(dir, 'users')}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%Lu ${join(dir, 'users')}`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    `    address = ${HOST}`,
    `    port = ${ports.imap}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    ...(asRoot ? [] : ['  chroot =']),
    '}',
    'service lmtp {',
    '  inet_listener lmtp {',
    `    address = ${HOST}`,
    `    port = ${ports.lmtp}`,
    '  }',
    '}',
  ];
  if (!asRoot) {
    // Rootless Dovecot: every service runs as the current user, and nothing can chroot.
    lines.push(
      `default_internal_user = ${me.username}`,
      `default_internal_group = ${groupName(me.gid) ?? me.username}`,
      `default_login_user = ${me.username}`,
      ...['anvil', 'imap-urlauth-login', 'ipc', 'old-stats', 'aggregator', 'director'].map((s) => `service ${s} {\n  chroot =\n}`),
    );
  }
  writeFileSync(layout.configFile, lines.join('\n') + '\n');
}

function groupName(gid: number): string | null {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[2] !== undefined && Number(f[2]) === gid && f[0]) return f[0];
    }
  } catch {
    /* none */
  }
  return null;
}

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<DovecotServer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`${DOVECOT} not found: install dovecot-imapd and dovecot-lmtpd (npm test does it via test/setup/ensure-system-deps.mjs)`);
  }
  installExitHook();
  const asRoot = process.getuid?.() === 0;
  const mailOwner = asRoot
    ? (lookupUser('dovecot') ?? lookupUser('nobody') ?? { uid: 65534, gid: 65534 })
    : { uid: process.getuid!(), gid: process.getgid!() };

  const dir = mkdtempSync(join(tmpdir(), 'secintake-dovecot-'));
  // As root, Dovecot's unprivileged processes (auth as `dovecot`, logins as `dovenull`) must traverse it.
  chmodSync(dir, 0o755);
  const layout: Layout = {
    dir,
    configFile: join(dir, 'dovecot.conf'),
    logFile: join(dir, 'dovecot.log'),
    stderrFile: join(dir, 'dovecot.stderr'),
  };

  const names = opts.users ?? ['security@example.test'];
  const users: Record<string, DovecotUser> = {};
  const secrets = join(dir, 'secrets');
  const mail = join(dir, 'mail');
  mkdirSync(secrets, { mode: 0o700 });
  mkdirSync(mail, { mode: 0o700 });
  const passwdLines: string[] = [];
  for (const raw of names) {
    const user = raw.toLowerCase();
    if (!/^[a-z0-9._+-]+(@[a-z0-9.-]+)?$/.test(user)) throw new Error(`unsupported test user name: ${raw}`);
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const passwordFile = join(secrets, `${user}.password`);
    writeFileSync(passwordFile, password, { mode: 0o600 });
    users[raw] = { user, password, passwordFile };
    // user:password:uid:gid:gecos:home:shell:extra — uid/gid/home come from mail_uid/mail_gid/mail_home.
    passwdLines.push(`${user}:{PLAIN}${password}::::::`);
    const home = join(mail, user);
    mkdirSync(home, { mode: 0o700 });
    if (asRoot) chownSync(home, mailOwner.uid, mailOwner.gid);
  }
  const usersFile = join(dir, 'users');
  writeFileSync(usersFile, passwdLines.join('\n') + '\n', { mode: 0o644 });
  chmodSync(usersFile, 0o644);
  if (asRoot) chownSync(mail, mailOwner.uid, mailOwner.gid);

  let ports = { imap: 0, lmtp: 0 };
  let child: ChildProcess | null = null;

  const logTail = (lines = 40): string => {
    const err = tail(layout.stderrFile, lines);
    const log = tail(layout.logFile, lines);
    return [err && `--- dovecot stderr ---\n${err}`, log && `--- ${layout.logFile} ---\n${log}`].filter(Boolean).join('\n') || '(dovecot log empty)';
  };

  const launch = async (): Promise<void> => {
    if (child) return;
    const errFd = openSync(layout.stderrFile, 'a');
    let proc: ChildProcess;
    try {
      proc = spawn(DOVECOT, ['-F', '-c', layout.configFile], {
        cwd: dir,
        detached: true, // own process group: stop() signals the whole group
        stdio: ['ignore', errFd, errFd],
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
      });
    } finally {
      closeSync(errFd);
    }
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(proc);
      if (child === proc) child = null;
    });
    const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
    live.add(proc);
    child = proc;

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const failed = await Promise.race([spawnError, sleep(0).then(() => null)]);
      if (failed) throw new Error(`cannot run ${DOVECOT}: ${failed.message}`);
      if (exited) {
        const e = exited as { code: number | null; signal: NodeJS.Signals | null };
        throw new Error(`dovecot exited during start (code ${e.code}, signal ${e.signal})\n${logTail()}`);
      }
      if ((await canConnect(ports.imap, 200)) && (await canConnect(ports.lmtp, 200))) return;
      if (Date.now() > deadline) {
        await halt();
        throw new Error(`dovecot did not listen on ${HOST}:${ports.imap}/${ports.lmtp} within ${START_TIMEOUT_MS} ms\n${logTail()}`);
      }
      await sleep(15);
    }
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.pid === undefined) return;
    const pgid = proc.pid;
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    // SIGTERM the whole group at once. Signalling only the master works too, but then the master waits
    // for its children, SIGQUITs the rest and sleeps a fixed second: ~2-7 s per stop instead of ~0.1 s.
    killGroup(proc.pid, 'SIGTERM');
    killGroup(proc.pid, 'SIGCONT'); // in case a test froze it with SIGSTOP
    // Children (log, auth, imap, lmtp, ...) share the master's process group; wait until none is left.
    // A process forked just as the signal went out misses it: repeat it every 100 ms, SIGKILL after 3 s.
    const started = Date.now();
    let lastSignal = started;
    let killed = false;
    while (groupAlive(pgid) || (proc.exitCode === null && proc.signalCode === null)) {
      const now = Date.now();
      if (!killed && now - started > 3_000) {
        killGroup(proc.pid, 'SIGKILL');
        killed = true;
      } else if (!killed && now - lastSignal >= 100) {
        killGroup(proc.pid, 'SIGTERM');
        lastSignal = now;
      }
      if (now > deadline) throw new Error(`dovecot processes of group ${pgid} survived SIGKILL\n${logTail()}`);
      await sleep(10);
    }
    live.delete(proc);
    if (child === proc) child = null;
    // Nothing may answer on our ports any more.
    while ((await canConnect(ports.imap, 200)) || (await canConnect(ports.lmtp, 200))) {
      if (Date.now() > deadline + STOP_TIMEOUT_MS) throw new Error(`ports ${ports.imap}/${ports.lmtp} still accept connections after dovecot stopped`);
      await sleep(10);
    }
  };

  // First start: pick ports, retrying with new ones if someone else grabbed them in between.
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const [imap, lmtp] = await freePorts(2);
    ports = { imap: imap!, lmtp: lmtp! };
    writeConfig(layout, ports, asRoot, mailOwner);
    try {
      await launch();
      lastError = null;
      break;
    } catch (err) {
      lastError = err;
      await halt().catch(() => {});
      const text = String(err instanceof Error ? err.message : err);
      if (!/Address already in use/i.test(text)) break;
    }
  }
  if (lastError) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }

  const transport = () =>
    nodemailer.createTransport({
      host: HOST,
      port: ports.lmtp,
      lmtp: true,
      secure: false,
      ignoreTLS: true,
      name: 'secintake-test.localhost',
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });

  const server: DovecotServer = {
    dir,
    host: HOST,
    get imapPort() {
      return ports.imap;
    },
    get lmtpPort() {
      return ports.lmtp;
    },
    users,
    get running() {
      return child !== null;
    },
    async deliver(to, raw, from = 'sender@example.org') {
      if (!child) throw new Error('dovecot is stopped: cannot deliver');
      const t = transport();
      try {
        const info = await t.sendMail({ envelope: { from, to: [to] }, raw });
        if (info.rejected.length > 0) throw new Error(`LMTP rejected ${JSON.stringify(info.rejected)}: ${info.response}`);
      } catch (err) {
        throw new Error(`LMTP delivery to ${to} failed: ${err instanceof Error ? err.message : String(err)}\n${logTail(15)}`);
      } finally {
        t.close();
      }
    },
    pids() {
      const pgid = child?.pid;
      return pgid === undefined ? [] : groupMembers(pgid);
    },
    async resetUidValidity(user, mailbox = 'INBOX') {
      if (!child) throw new Error('dovecot is stopped: resetUidValidity needs it running');
      const doveadm = async (...args: string[]) => {
        try {
          const { stdout } = await execFileAsync(DOVEADM, ['-c', layout.configFile, ...args], { encoding: 'utf8', timeout: 10_000 });
          return stdout;
        } catch (err) {
          const e = err as { stderr?: string; message: string };
          throw new Error(`doveadm ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}\n${logTail(15)}`);
        }
      };
      const status = await doveadm('-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', mailbox);
      const current = Number(/uidvalidity=(\d+)/.exec(status)?.[1]);
      if (!Number.isInteger(current)) throw new Error(`cannot read the UIDVALIDITY of ${user}/${mailbox}: ${status}`);
      const next = current >= 0xfffffff0 ? 1 : current + 1;
      await doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(next), mailbox);
      return next;
    },
    stop: () => halt(),
    start: () => launch(),
    async cleanup() {
      try {
        await halt();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    logTail,
  };
  return server;
}

/** Debugging aid: `dovecot --version` of the installed binary, or null. */
export function dovecotVersion(): string | null {
  const r = spawnSync(DOVECOT, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
