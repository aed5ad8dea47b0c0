/** The systemd unit agrees with the daemon's stop budget and carries the hardening issue 11 asks for. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../src/limits.js';

const unit = readFileSync('deploy/secintake.service', 'utf8');
/** Every value of a key, in file order (systemd keys may repeat; for SystemCallFilter the lines add up). */
const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => (m[1] ?? '').trim());
const seconds = (v: string | undefined) => Number(/^(\d+)s?$/.exec(v ?? '')?.[1] ?? NaN);
const analyzer = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('deploy/secintake.service', () => {
  test.each([
    ['RemoveIPC', 'yes'],
    ['PrivateMounts', 'yes'],
    ['PrivateUsers', 'yes'],
    ['ProcSubset', 'pid'],
    ['DevicePolicy', 'closed'],
    ['KillSignal', 'SIGTERM'],
  ])('sets %s=%s', (key, value) => {
    expect(values(key)).toContain(value);
  });

  test('the system call filter drops the privileged and resource-control groups from the service set', () => {
    expect(values('SystemCallFilter')).toEqual(['@system-service', '~@privileged @resources']);
  });

  test('systemd waits longer than the daemon’s own stop deadline, so a stop never ends in SIGKILL mid-write', () => {
    const stop = seconds(values('TimeoutStopSec')[0]);
    expect(stop * 1000).toBeGreaterThan(LIMITS.shutdownDeadlineMs);
    expect(stop).toBeLessThanOrEqual(15);
  });

  test('systemctl reload sends SIGHUP, which rereads the config', () => {
    expect(values('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
  });

  test.skipIf(!analyzer)('systemd-analyze rates the exposure at 1.5 or less', () => {
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', 'deploy/secintake.service'], { encoding: 'utf8' });
    const level = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
    expect(level).toBeLessThanOrEqual(1.5);
  });
});
