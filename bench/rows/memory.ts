/** @module Row 4: peak RSS of `secintake ingest` (compiled, as in production) on hostile and large inputs, vs the same command on one small message. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { compressionBomb } from '../../test/helpers/hostile.js';
import { benchWorkspace, encryptedReport, pgpMime, reportSet } from '../lib/mail.js';
import { round, run, type Row } from '../lib/measure.js';

const MiB = 2 ** 20;
const GOAL_BYTES = 300 * MiB;

export async function memoryRows(): Promise<Row[]> {
  // Without dist/ the CLI falls back to tsx, whose compiler alone is ~150 MiB of the figure.
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const bw = await benchWorkspace();
  const key = bw.teamKeys[0] as openpgp.PublicKey;
  const file = (name: string, raw: Buffer) => {
    const path = join(bw.ws.dir, `${name}.eml`);
    writeFileSync(path, raw);
    return path;
  };
  try {
    const zlib = { aeadProtect: false, preferredCompressionAlgorithm: openpgp.enums.compression.zlib };
    const newlines = await openpgp.encrypt({ message: await openpgp.createMessage({ text: '\n'.repeat(24_000_000) }), encryptionKeys: key, config: zlib });
    // 24 MB of 0xE9 decode to 24 M characters of "é", 48 MB as the UTF-8 text SQLite stores: the largest body a report can hold.
    const latin1Entity = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=windows-1252\r\n\r\n'), Buffer.alloc(24_000_000, 0xe9)]);
    const latin1 = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: latin1Entity, format: 'binary' }), encryptionKeys: key, config: zlib });
    const cases: Record<string, string[]> = {
      // 13 MB of attachment is ~24 MB once base64-encoded and armored: just under the 25 MiB message limit.
      'large report (24 MB, attachment)': [file('large', (await encryptedReport(1, key, 13_000_000)).raw)],
      'refused 40 MB message': [file('refused', Buffer.from(`From: a@research.example\r\nTo: security@example.test\r\nSubject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(1).concat('y'.repeat(40_000_000))))],
      'compression bomb (300 MB of zeros)': [file('bomb', pgpMime(2, await compressionBomb(key, 300 * MiB)))],
      'newline bomb (24 MB of newlines)': [file('newlines', pgpMime(3, newlines))],
      'Latin-1 bomb (24 MB of 0xE9)': [file('latin1', pgpMime(4, latin1))],
      '100 reports in one burst': (await reportSet(100, bw.teamKeys)).map((m, i) => file(`burst-${i}`, m.raw)),
    };
    // The production path (bin/secintake.js runs dist/) with a preload that prints VmHWM as the process exits.
    const rss = async (files: string[]) => {
      const r = await run('node', ['--import', './bench/lib/hwm.mjs', 'bin/secintake.js', '--config', bw.ws.configFile, 'ingest', '--json', ...files], { env: { SECINTAKE_DEV: '0' } });
      const hwm = /^secintake-bench-hwm (\d+)$/m.exec(r.stderr)?.[1];
      if (r.code !== 0 || hwm === undefined) throw new Error(`rss child exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
      return Number(hwm);
    };
    const idle = await rss([file('idle', Buffer.from('From: a@research.example\r\nTo: security@example.test\r\nSubject: hello\r\n\r\nhello\r\n'))]);
    const peaks: Record<string, number> = {};
    for (const [name, files] of Object.entries(cases)) peaks[name] = round((await rss(files)) / MiB, 1);
    const worst = Math.max(...Object.values(peaks));
    return [
      {
        row: '4 memory',
        measure: `worst peak RSS ÷ one small message's (worst ${worst} MiB, idle ${round(idle / MiB, 1)} MiB)`,
        ratio: round((worst * MiB) / idle),
        goal: 'each < 300 MiB',
        met: worst * MiB < GOAL_BYTES,
        detail: { idleMiB: round(idle / MiB, 1), peaksMiB: peaks },
      },
    ];
  } finally {
    bw.ws.cleanup();
  }
}
