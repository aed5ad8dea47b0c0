/**
 * @module A throwaway Postfix (3.7, Debian's `postfix` package) for end-to-end tests: an SMTP relay on a
 * loopback port that hands every message it accepts to an LMTP server (the Dovecot harness).
 *
 * Each instance is a separate Postfix "instance" in its own temp dir: `conf/` (main.cf, master.cf),
 * `queue/` (queue_directory), `data/` (data_directory), `maillog` (maillog_file, written by its own
 * postlogd, so no syslog is needed). Its syslog_name, queue, lock files and port are its own, so it never
 * touches a system Postfix. The master daemon runs as a child process (`master -c conf/ -s`, i.e. what
 * `postfix start-fg` does, minus the per-start integrity checks) in its own process group, so `stop()`
 * can reap every process it started.
 *
 * Postfix needs root: `master` and `postfix` refuse to run otherwise ("reserved for the superuser"), and
 * the daemons drop privileges to `mail_owner = postfix` (group `postdrop` for `setgid_group`), both
 * created by the Debian package. `startPostfix()` throws when not root; use `postfixUnavailable()` to skip.
 *
 * Routing: no local delivery (`mydestination` empty). Every accepted recipient, and every bounce, goes to
 * `lmtp:inet:HOST:PORT`. Clients on 127.0.0.0/8 may send to any domain unless `domains` is given, in which
 * case recipients outside those domains are refused at RCPT time (554 Relay access denied).
 */
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { freePorts, lookupId, sleep } from './process-group.js';
import { logTails, masterGroup, spawnMaster, startOnFreePorts, stopAndRemove, stopGroup, waitUntilListening, type TestServer } from './server-process.js';

/**
 * `dir` holds conf/ (main.cf, master.cf), queue/, data/, maillog and master.stderr. `stop()` is SIGTERM to the group,
 * like `postfix abort`, with SIGKILL for stragglers 100 ms after the master exited (or after 3 s); queued mail stays.
 */
export interface PostfixServer extends TestServer {
  /** SMTP port (no TLS, no AUTH; loopback clients may relay). Stays the same across stop/start. */
  smtpPort: number;
  /** Start again on the same port with the same queue, then `flush()`, so queued mail goes out right away (no-op when running). */
  start(): Promise<void>;
  /** `postqueue -f` for this instance: resolves once Postfix accepted the request, not when the mail is delivered. Throws when stopped. */
  flush(): Promise<void>;
  /** Queue IDs of the messages still in the queue (maildrop, incoming, active, deferred, hold); works while stopped. */
  queue(): string[];
}

export interface StartPostfixOptions {
  /** Where all mail goes: an LMTP server such as Dovecot's (`{ host: dovecot.host, port: dovecot.lmtpPort }`). */
  relayLmtp: { host: string; port: number };
  /** If given, only recipients in these domains are accepted; otherwise any recipient is. */
  domains?: string[];
}

const HOST = '127.0.0.1' as const;
const POSTCONF = '/usr/sbin/postconf';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const QUEUES = ['maildrop', 'incoming', 'active', 'deferred', 'hold'] as const;

const execFileAsync = promisify(execFile);

/**
 * Who answers on port: 'refused' (nothing, or no greeting within timeoutMs), 'ours' (an SMTP greeting that
 * carries `banner`, i.e. this instance's smtpd) or 'foreign' (something else holds the port).
 */
function probe(port: number, banner: string, timeoutMs = 1_000): Promise<'refused' | 'ours' | 'foreign'> {
  return new Promise((resolve) => {
    const sock = connect({ host: HOST, port });
    let greeting = '';
    const done = (result: 'refused' | 'ours' | 'foreign') => {
      sock.removeAllListeners();
      sock.on('error', () => {});
      if (result === 'ours') sock.end('QUIT\r\n');
      sock.destroy();
      resolve(result);
    };
    sock.setTimeout(timeoutMs, () => done(greeting ? 'foreign' : 'refused'));
    sock.on('data', (chunk: Buffer) => {
      greeting += chunk.toString('latin1');
      if (greeting.includes('\n')) done(greeting.startsWith('220 ') && greeting.includes(banner) ? 'ours' : 'foreign');
    });
    sock.once('end', () => done(greeting ? 'foreign' : 'refused'));
    sock.once('error', () => done('refused'));
  });
}

/** Why this process cannot run a Postfix instance (not root, not installed, no postfix user), or null if it can. */
export function postfixUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'Postfix needs root (master: "reserved for the superuser")';
  if (!existsSync(POSTCONF)) return `${POSTCONF} not found: install the postfix package (npm test does it via test/setup/ensure-system-deps.mjs)`;
  if (!lookupId('/etc/passwd', 'postfix')) return 'no `postfix` user (the Debian postfix package creates it)';
  if (!lookupId('/etc/group', 'postdrop')) return 'no `postdrop` group (the Debian postfix package creates it)';
  return null;
}

interface Layout {
  dir: string;
  conf: string;
  queue: string;
  data: string;
  maillog: string;
  stderrFile: string;
}

function validDomain(d: string): string {
  const domain = d.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain)) throw new Error(`unsupported domain: ${d}`);
  return domain;
}

/** Postfix waits (up to ~2 s, in 300 ms steps) for config files modified within the current second: backdate them. */
function writeConfigFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o644 });
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

function writeConfig(layout: Layout, smtpPort: number, opts: StartPostfixOptions, tag: string): void {
  const { host, port } = opts.relayLmtp;
  if (!/^[a-z0-9.-]+$/i.test(host) || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`unsupported LMTP address: ${host}:${port}`);
  }
  const nexthop = `lmtp:inet:${host}:${port}`;
  const domains = opts.domains?.map(validDomain);
  const main = [
    '# generated by test/e2e/harness/postfix.ts',
    'compatibility_level = 3.6',
    `queue_directory = ${layout.queue}`,
    `data_directory = ${layout.data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `syslog_name = postfix-secintake-${tag}`,
    `maillog_file = ${layout.maillog}`,
    `maillog_file_prefixes = ${layout.dir}`,
    'myhostname = secintake-smtp.localhost',
    'mydomain = localhost',
    'myorigin = $myhostname',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks_style = host',
    'mynetworks = 127.0.0.0/8',
    'smtputf8_enable = no',
    'biff = no',
    'append_dot_mydomain = no',
    // No local delivery at all: nothing is "local", so every recipient is relayed or rejected.
    'mydestination =',
    'local_recipient_maps =',
    'local_transport = error:5.1.1 local delivery is disabled',
    'alias_maps =',
    'alias_database =',
    // Routing: everything (including bounces) to the LMTP server.
    ...(domains
      ? [`relay_domains = ${domains.join(', ')}`, 'smtpd_relay_restrictions = reject_unauth_destination']
      : ['relay_domains =', 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination']),
    'relay_recipient_maps =',
    `relay_transport = ${nexthop}`,
    `default_transport = ${nexthop}`,
    'transport_maps =',
    'lmtp_connection_cache_on_demand = no',
    'lmtp_host_lookup = native', // a host name resolves through /etc/hosts, not DNS
    'lmtp_tls_security_level = none',
    'smtpd_tls_security_level = none',
    'smtp_tls_security_level = none',
    // Retry fast: a message deferred while the LMTP server is down goes out ~1 s after it is back.
    'queue_run_delay = 1s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    'transport_retry_time = 1s',
    'lmtp_connect_timeout = 5s',
    // Fast, quiet test SMTP.
    'smtpd_peername_lookup = no',
    'smtpd_error_sleep_time = 0s',
    'in_flow_delay = 0s',
    'message_size_limit = 52428800',
    `smtpd_banner = $myhostname ESMTP ${bannerOf(tag)}`,
    '',
  ].join('\n');
  // chroot is off everywhere (column 5 "n"): the daemons need no copy of /etc in the queue dir. The smtpd
  // listener comes last, so once the port accepts, every other service socket (flush, qmgr, ...) exists.
  const master = [
    '# generated by test/e2e/harness/postfix.ts',
    '# service   type  private unpriv  chroot  wakeup  maxproc command',
    'pickup      unix  n       -       n       60      1       pickup',
    'cleanup     unix  n       -       n       -       0       cleanup',
    'qmgr        unix  n       -       n       300     1       qmgr',
    'rewrite     unix  -       -       n       -       -       trivial-rewrite',
    'bounce      unix  -       -       n       -       0       bounce',
    'defer       unix  -       -       n       -       0       bounce',
    'trace       unix  -       -       n       -       0       bounce',
    'verify      unix  -       -       n       -       1       verify',
    'flush       unix  n       -       n       1000?   0       flush',
    'proxymap    unix  -       -       n       -       -       proxymap',
    'showq       unix  n       -       n       -       -       showq',
    'error       unix  -       -       n       -       -       error',
    'retry       unix  -       -       n       -       -       error',
    'discard     unix  -       -       n       -       -       discard',
    'lmtp        unix  -       -       n       -       -       lmtp',
    'anvil       unix  -       -       n       -       1       anvil',
    'scache      unix  -       -       n       -       1       scache',
    'postlog     unix-dgram n  -       n       -       1       postlogd',
    `${HOST}:${smtpPort} inet n - n - - smtpd`,
    '',
  ].join('\n');
  writeConfigFile(join(layout.conf, 'main.cf'), main);
  writeConfigFile(join(layout.conf, 'master.cf'), master);
}

const bannerOf = (tag: string) => `secintake-test-${tag}`;

function postconf(conf: string, ...params: string[]): string[] {
  const r = spawnSync(POSTCONF, ['-c', conf, '-h', ...params], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`postconf -c ${conf} -h ${params.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim().split('\n');
}

export async function startPostfix(opts: StartPostfixOptions): Promise<PostfixServer> {
  const unavailable = postfixUnavailable();
  if (unavailable) throw new Error(`cannot start a test Postfix: ${unavailable}`);
  const owner = lookupId('/etc/passwd', 'postfix')!;

  const dir = mkdtempSync(join(tmpdir(), 'secintake-postfix-'));
  const tag = randomBytes(4).toString('hex');
  const layout: Layout = {
    dir,
    conf: join(dir, 'conf'),
    queue: join(dir, 'queue'),
    data: join(dir, 'data'),
    maillog: join(dir, 'maillog'),
    stderrFile: join(dir, 'master.stderr'),
  };
  let smtpPort = 0;
  let child: ChildProcess | null = null;
  let commandDir = '/usr/sbin';
  let daemonDir = '/usr/lib/postfix/sbin';

  const logTail = (lines = 40): string => logTails('postfix master', { stderr: layout.stderrFile, log: layout.maillog }, lines);

  const halt = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.pid === undefined) return;
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    // The master passes SIGTERM on to its process group and exits ("postfix abort"); signalling the whole
    // group ourselves as well also catches a child forked just then. Queue files stay; mail that qmgr had
    // moved to `active` goes back to `incoming` when qmgr starts again.
    // A child the master forked just before the signal, and which has not exec'd its daemon yet, still
    // runs the master's SIGTERM handler: that ignores further SIGTERMs, fails to kill "its" group and
    // dies through msg_fatal(), which sleeps 1 s first. Don't wait for it once the master is gone.
    await stopGroup(proc, { deadline, killStragglersAfterMs: 100, survived: (pgid) => new Error(`postfix processes of group ${pgid} survived SIGKILL\n${logTail()}`) });
    if (child === proc) child = null;
    // With every process gone the listening socket is closed; make sure (a "foreign" answer means another
    // program took the port, e.g. after a failed start).
    while ((await probe(smtpPort, bannerOf(tag), 500)) === 'ours') {
      if (Date.now() > deadline + STOP_TIMEOUT_MS) throw new Error(`port ${smtpPort} still accepts connections after postfix stopped`);
      await sleep(10);
    }
  };

  const launch = async (): Promise<void> => {
    if (child) return;
    // -s: stay in the foreground (no -w daemon fork), like `postfix start-fg`; its process group is the one the
    // master signals on SIGTERM.
    const master = spawnMaster(join(daemonDir, 'master'), ['-c', layout.conf, '-s'], {
      cwd: dir,
      stderrFile: layout.stderrFile,
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', TZ: process.env.TZ ?? 'UTC' },
      onExit: (proc) => {
        if (child === proc) child = null;
      },
    });
    child = master.proc;
    let foreign = false;
    await waitUntilListening(master, join(daemonDir, 'master'), {
      timeoutMs: START_TIMEOUT_MS,
      // Ready once our smtpd greets (the master opens every other service socket before this one). A
      // foreign greeting means the port is taken: the master will exit with "Address already in use".
      ready: async () => {
        const answer = await probe(smtpPort, bannerOf(tag), 1_000);
        if (answer === 'foreign') foreign = true;
        return answer === 'ours';
      },
      exitedDuringStart: (e) => {
        const busy = foreign ? ` (Address already in use: another program answers on ${HOST}:${smtpPort})` : '';
        return new Error(`postfix master exited during start (code ${e.code}, signal ${e.signal})${busy}\n${logTail()}`);
      },
      timedOut: async () => {
        await halt();
        return new Error(
          `postfix did not answer on ${HOST}:${smtpPort} within ${START_TIMEOUT_MS} ms${foreign ? ' (Address already in use: another program answers there)' : ''}\n${logTail()}`,
        );
      },
    });
  };

  const flush = async (): Promise<void> => {
    if (!child) throw new Error('postfix is stopped: cannot flush');
    try {
      await execFileAsync(join(commandDir, 'postqueue'), ['-c', layout.conf, '-f'], { encoding: 'utf8', timeout: 10_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`postqueue -f failed: ${e.stderr?.trim() || e.message}\n${logTail(15)}`);
    }
  };

  try {
    chmodSync(dir, 0o755); // the daemons run as `postfix` and must traverse it
    mkdirSync(layout.conf, { mode: 0o755 });
    mkdirSync(layout.queue, { mode: 0o755 }); // root-owned; `postfix check` creates the subdirectories
    mkdirSync(layout.data, { mode: 0o700 });
    chownSync(layout.data, owner.id, owner.gid); // master.lock etc. are created as mail_owner

    await startOnFreePorts(async (attempt) => {
      [smtpPort] = (await freePorts(1, HOST)) as [number];
      writeConfig(layout, smtpPort, opts, tag);
      if (attempt === 0) {
        [commandDir = commandDir, daemonDir = daemonDir] = postconf(layout.conf, 'command_directory', 'daemon_directory');
        // Validates the config and creates the queue subdirectories with Postfix's ownerships
        // (post-install create-missing). Done once: starts then run the master directly.
        const check = spawnSync(join(commandDir, 'postfix'), ['-c', layout.conf, 'check'], { encoding: 'utf8', timeout: 30_000 });
        if (check.status !== 0) throw new Error(`postfix -c ${layout.conf} check failed: ${check.stderr || check.error?.message}\n${logTail()}`);
      }
      await launch();
    }, halt);
  } catch (err) {
    await halt().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const server: PostfixServer = {
    dir,
    host: HOST,
    get smtpPort() {
      return smtpPort;
    },
    get running() {
      return child !== null;
    },
    async stop() {
      await halt();
    },
    async start() {
      if (child) return;
      await launch();
      // qmgr scans the queue at startup anyway; a flush also retries deferred mail whose backoff has not
      // expired yet and clears any "dead destination" state.
      await flush();
    },
    flush,
    cleanup: () => stopAndRemove(halt, dir),
    logTail,
    pids: () => masterGroup(child),
    queue() {
      const ids: string[] = [];
      const walk = (path: string) => {
        let entries: string[];
        try {
          entries = readdirSync(path);
        } catch {
          return;
        }
        for (const name of entries) {
          const p = join(path, name);
          try {
            if (statSync(p).isDirectory()) walk(p);
            else ids.push(name);
          } catch {
            /* moved meanwhile */
          }
        }
      };
      for (const q of QUEUES) walk(join(layout.queue, q));
      return [...new Set(ids)].sort();
    },
  };
  return server;
}
