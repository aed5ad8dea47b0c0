/** @module A crypto worker stand-in for pool tests: it exits (as an out-of-memory or native crash would) when asked to decrypt "die", and answers anything else. */
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, req }) => {
  if (req.op === 'decrypt' && req.input === 'die') process.exit(3);
  parentPort.postMessage({ id, ok: true, value: { ok: false, issue: { code: 'armor_corrupt', message: `answered by thread ${process.pid}` } } });
});
