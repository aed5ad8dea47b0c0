/** @module Row 4: peak RSS of a child process ingesting hostile and large inputs, vs the same child ingesting nothing. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { compressionBomb } from '../../test/helpers/hostile.js';
import { benchWorkspace, encryptedReport, pgpMime, reportSet } from '../lib/mail.js';
import { round, run, type Row } from '../lib/measure.js';

const MiB = 2 ** 20;
const GOAL_BYTES = 300 * MiB;

export async function memoryRows(): Promise<Row[]> {
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
    const cases: Record<string, string[]> = {
      // 13 MB of attachment is ~24 MB once base64-encoded and armored: just under the 25 MiB message limit.
      'large report (24 MB, attachment)': [file('large', (await encryptedReport(1, key, 13_000_000)).raw)],
      'refused 40 MB message': [file('refused', Buffer.from(`From: a@research.example\r\nTo: security@example.test\r\nSubject: big\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(1).concat('y'.repeat(40_000_000))))],
      'compression bomb (300 MB of zeros)': [file('bomb', pgpMime(2, await compressionBomb(key, 300 * MiB)))],
      'newline bomb (24 MB of newlines)': [file('newlines', pgpMime(3, newlines))],
      '100 reports in one burst': (await reportSet(100, bw.teamKeys)).map((m, i) => file(`burst-${i}`, m.raw)),
    };
    const rss = async (files: string[]) => {
      const r = await run('node', ['--import', 'tsx', 'bench/rss-child.ts', bw.ws.configFile, ...files]);
      if (r.code !== 0) throw new Error(`rss child failed: ${r.stderr.slice(0, 2000)}`);
      return Number(r.stdout.trim());
    };
    const idle = await rss([]);
    const peaks: Record<string, number> = {};
    for (const [name, files] of Object.entries(cases)) peaks[name] = round((await rss(files)) / MiB, 1);
    const worst = Math.max(...Object.values(peaks));
    return [
      {
        row: '4 memory',
        measure: `worst peak RSS ÷ idle child RSS (worst ${worst} MiB, idle ${round(idle / MiB, 1)} MiB)`,
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
