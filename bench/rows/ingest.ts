/** @module Rows 1 and 2: ingest throughput of encrypted reports vs the bare openpgp + mailparser floor, and vs a gpg subprocess per message. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { benchWorkspace, reportSet } from '../lib/mail.js';
import { run, round, scaled, timed, type Row } from '../lib/measure.js';

/** The gpg baseline runs on at most this many of the messages. */
const GPG_SAMPLE = 40;

export async function ingestRows(): Promise<Row[]> {
  const count = scaled(2_000, 20);
  const bw = await benchWorkspace();
  try {
    const messages = await reportSet(count, bw.teamKeys);
    const bytes = messages.reduce((n, m) => n + m.raw.length, 0);

    const secretKeys = await Promise.all(
      bw.secretArmored.map(async (armoredKey) => openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey }), passphrase: bw.passphrase })),
    );
    const floor = await timed(async () => {
      for (const m of messages) {
        const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: m.armored }), decryptionKeys: secretKeys });
        await simpleParser(data as string);
      }
    });

    const rt = await bw.ws.open();
    let outcomes: string[] = [];
    const pipeline = await timed(async () => {
      for (const m of messages) {
        const { id } = rt.capture({ source: 'file', sourceRef: null, raw: m.raw });
        const captured = rt.repos.messages.get(id);
        if (!captured) throw new Error(`captured message ${id} vanished`);
        outcomes.push((await rt.pipeline.processSafely(captured))?.outcome ?? 'queued');
      }
    });
    const acks = (rt.repos.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    rt.close();
    const newReports = outcomes.filter((o) => o === 'new-report').length;
    if (newReports !== count) throw new Error(`expected ${count} new reports, got ${JSON.stringify(outcomes.slice(0, 5))}…`);
    outcomes = [];

    // gpg costs a process per message: a spread-out sample of the same inputs keeps the bench short.
    const sample = messages.filter((_, i) => i % Math.ceil(count / GPG_SAMPLE) === 0);
    const gpg = ((await gpgDecryptAll(bw.secretArmored, bw.passphrase, sample.map((m) => m.armored))) / sample.length) * count;

    const rate = (ms: number) => (count * 1000) / ms;
    const vsFloor = round(rate(pipeline.ms) / rate(floor.ms));
    const vsGpg = round(rate(pipeline.ms) / rate(gpg));
    const detail = { messages: count, megabytes: round(bytes / 1e6), acksQueued: acks, pipelineMsgPerS: round(rate(pipeline.ms), 1), floorMsgPerS: round(rate(floor.ms), 1), gpgMsgPerS: round(rate(gpg), 1) };
    return [
      { row: '1 ingest vs floor', measure: `pipeline msg/s ÷ openpgp.decrypt+simpleParser msg/s (${count} reports)`, ratio: vsFloor, goal: '≥ 0.8×', met: vsFloor >= 0.8, detail },
      { row: '2 ingest vs gpg', measure: `pipeline msg/s ÷ gpg --decrypt per message msg/s`, ratio: vsGpg, goal: '≥ 20×', met: vsGpg >= 20, detail },
    ];
  } finally {
    bw.ws.cleanup();
  }
}

/** What a shell-script intake does: one `gpg --decrypt` process per message. Returns the total milliseconds. */
async function gpgDecryptAll(secretKeys: string[], passphrase: string, armored: string[]): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'secintake-bench-gpg-'));
  try {
    const passFile = join(home, 'pass');
    writeFileSync(passFile, passphrase, { mode: 0o600 });
    const base = ['--homedir', home, '--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase-file', passFile];
    for (const key of secretKeys) {
      const r = await run('gpg', [...base, '--import'], { input: key });
      if (r.code !== 0) throw new Error(`gpg --import failed: ${r.stderr}`);
    }
    const t0 = performance.now();
    for (const a of armored) {
      const r = await run('gpg', [...base, '--decrypt'], { input: a, keepStdout: false });
      if (r.code !== 0) throw new Error(`gpg --decrypt failed: ${r.stderr}`);
    }
    const ms = performance.now() - t0;
    await run('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
    return ms;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
