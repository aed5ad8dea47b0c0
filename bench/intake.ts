/** @module Benchmark: capture + unwrap + record throughput and memory for encrypted reports; results to bench/results/intake.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { createWorkspace } from '../test/helpers/workspace.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 300);

const ws = await createWorkspace();
const rt = await ws.open();
try {
  const body = 'The search endpoint concatenates user input into SQL.\n'.repeat(200);
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: body }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  const raws = Array.from({ length: COUNT }, (_, i) =>
    Buffer.from(`From: r@research.example\r\nTo: security@example.test\r\nSubject: bench ${i}\r\nMessage-ID: <bench-${i}@research.example>\r\n\r\n${armored}\r\n`),
  );
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const t0 = performance.now();
  for (const raw of raws) rt.capture({ source: 'file', sourceRef: null, raw });
  const t1 = performance.now();
  const outcomes = await rt.pipeline.processPending();
  const t2 = performance.now();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const result = {
    benchmark: 'intake',
    date: new Date().toISOString(),
    node: process.version,
    messages: COUNT,
    messageBytes: raws[0]?.length,
    newReports: outcomes.filter((o) => o.outcome === 'new-report').length,
    captureMsPerMessage: +((t1 - t0) / COUNT).toFixed(3),
    processMsPerMessage: +((t2 - t1) / COUNT).toFixed(3),
    messagesPerSecond: +((COUNT * 1000) / (t2 - t0)).toFixed(1),
    rssBeforeMiB: +(rssBefore / 2 ** 20).toFixed(1),
    rssAfterMiB: +(peakRss / 2 ** 20).toFixed(1),
  };
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(join('bench', 'results', 'intake.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table(result);
} finally {
  rt.close();
  ws.cleanup();
}
