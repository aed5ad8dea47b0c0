/** @module Row 6: CLI start (`--version`, `reports list --json` on 1,000 reports) vs `node -e 0`, all in the same run. */
import { bigWorkspace } from '../lib/bigdb.js';
import { medianRun, round, type Row } from '../lib/measure.js';

const RUNS = 7;

export async function cliRows(): Promise<Row[]> {
  const bw = await bigWorkspace(1_000, 1_000);
  try {
    const nodeMs = await medianRun('node', ['-e', '0'], RUNS);
    const versionMs = await medianRun('node', ['bin/secintake.js', '--version'], RUNS);
    const listMs = await medianRun('node', ['bin/secintake.js', '--config', bw.ws.configFile, 'reports', 'list', '--json'], RUNS);
    const ratio = round(Math.max(versionMs, listMs) / nodeMs);
    return [
      {
        row: '6 CLI start',
        // The list prints its default page (100 of the 1,000, LIMITS.reportsListDefault), as a person running it sees it.
        measure: 'slower of `--version`, `reports list --json` (1,000 reports, default page) ÷ `node -e 0`',
        ratio,
        goal: '≤ 3×',
        met: ratio <= 3,
        detail: { nodeMs: round(nodeMs), versionMs: round(versionMs), listMs: round(listMs), versionRatio: round(versionMs / nodeMs), listRatio: round(listMs / nodeMs) },
      },
    ];
  } finally {
    bw.ws.cleanup();
  }
}
