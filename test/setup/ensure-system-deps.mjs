#!/usr/bin/env node
// npm `pretest`: makes sure the Debian packages the end-to-end tests need are installed.
//
// - All present: prints one line and exits 0 (a few dpkg-query calls, well under a second).
// - Missing and root: apt-get update + a non-interactive install, with services kept from starting
//   (a temporary policy-rc.d), then stops any dovecot/postfix that got started anyway.
// - Missing and not root: prints the exact command to run and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package -> a binary it must provide (absolute path, or a name looked up in PATH). */
const REQUIRED = [
  { pkg: 'dovecot-imapd', bin: '/usr/sbin/dovecot' },
  { pkg: 'dovecot-lmtpd', bin: '/usr/lib/dovecot/lmtp' },
  { pkg: 'gnupg', bin: 'gpg' },
  { pkg: 'postfix', bin: '/usr/sbin/postfix' },
];

const PREFIX = 'ensure-system-deps:';

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return false; // no dpkg-query at all (not Debian): reported below
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

function findBinary(bin) {
  const candidates = bin.includes('/')
    ? [bin]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/local/bin', '/usr/bin', '/bin'].filter(Boolean).map((d) => join(d, bin));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return null;
}

function missingPackages() {
  return REQUIRED.filter(({ pkg, bin }) => !isInstalled(pkg) || findBinary(bin) === null).map(({ pkg }) => pkg);
}

function run(cmd, args, env) {
  process.stderr.write(`${PREFIX} $ ${cmd} ${args.join(' ')}\n`);
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

/** Best effort: stop a system dovecot/postfix that an install may have started (ports 143/25 etc.). */
function stopSystemDaemons() {
  const tries = [
    { pidFile: '/run/dovecot/master.pid', cmd: '/usr/sbin/dovecot', args: ['stop'] },
    { pidFile: '/var/spool/postfix/pid/master.pid', cmd: '/usr/sbin/postfix', args: ['stop'] },
  ];
  for (const { pidFile, cmd, args } of tries) {
    if (!existsSync(pidFile) || !existsSync(cmd)) continue;
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (!isAlive(pid)) continue;
    process.stderr.write(`${PREFIX} stopping the system daemon started by the install: ${cmd} ${args.join(' ')}\n`);
    spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
    // If the stop command failed (e.g. it could not parse the system config), signal the master directly.
    for (let i = 0; i < 30 && isAlive(pid); i++) {
      if (i === 10) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
      sleepSync(100);
    }
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function install(missing) {
  const env = { DEBIAN_FRONTEND: 'noninteractive', DEBCONF_NONINTERACTIVE_SEEN: 'true' };
  // Keep maintainer scripts from starting daemons (no systemd here; invoke-rc.d honours policy-rc.d).
  // Only ever create our own policy file, and only remove the one we created.
  const policy = '/usr/sbin/policy-rc.d';
  let ownPolicy = false;
  if (!existsSync(policy)) {
    writeFileSync(policy, '#!/bin/sh\n# temporary, written by secintake test/setup/ensure-system-deps.mjs\nexit 101\n', { mode: 0o755 });
    ownPolicy = true;
  }
  try {
    if (missing.includes('postfix')) {
      // No main.cf, no prompt: the tests run postfix from their own config directory.
      execFileSync('debconf-set-selections', [], {
        input: 'postfix postfix/main_mailer_type select No configuration\n',
        stdio: ['pipe', 'inherit', 'inherit'],
      });
    }
    run('apt-get', ['update'], env);
    run(
      'apt-get',
      ['install', '-y', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', ...missing],
      env,
    );
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
    stopSystemDaemons();
  }
}

function main() {
  if (spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).error) {
    process.stderr.write(
      `${PREFIX} dpkg-query not found: the end-to-end tests need a Debian/Ubuntu system with ${REQUIRED.map((r) => r.pkg).join(' ')}\n`,
    );
    process.exit(1);
  }
  const missing = missingPackages();
  if (missing.length === 0) {
    console.log(`${PREFIX} ok (${REQUIRED.map((r) => r.pkg).join(', ')})`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    process.stderr.write(
      `${PREFIX} missing Debian packages: ${missing.join(' ')}\n` +
        `Run as root, then run the tests again:\n` +
        `  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}\n`,
    );
    process.exit(1);
  }
  process.stderr.write(`${PREFIX} installing missing Debian packages: ${missing.join(' ')}\n`);
  try {
    install(missing);
  } catch (err) {
    process.stderr.write(`${PREFIX} install failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const still = missingPackages();
  if (still.length > 0) {
    process.stderr.write(`${PREFIX} still missing after install: ${still.join(' ')}\n`);
    process.exit(1);
  }
  console.log(`${PREFIX} installed ${missing.join(', ')}; ok (${REQUIRED.map((r) => r.pkg).join(', ')})`);
}

main();
