/** @module The CLI as a real process (`bin/secintake.js --config FILE …`, the compiled dist/), run to its end. */
import { spawnSync } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(configFile: string, args: string[], input?: string): CliRun {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', configFile, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A plain-text report from Ada through `ingest - --json`, as a person pipes one in; returns its reference. */
export function ingestPlainReport(configFile: string, subject: string, body: string, messageId: string): string {
  const raw = `From: Ada Lovelace <ada@research.example>\r\nTo: security@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${messageId}>\r\n\r\n${body}\r\n`;
  const [o] = JSON.parse(runCli(configFile, ['ingest', '-', '--json'], raw).stdout) as { reportRef: string }[];
  return o?.reportRef as string;
}
