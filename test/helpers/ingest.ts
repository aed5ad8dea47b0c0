/** @module One raw mail into a test runtime as `secintake ingest` takes it: captured, then processed at once. */
import type { MessageOutcome } from '../../src/intake/outcome.js';
import type { Runtime } from '../../src/runtime.js';

/** A string is taken as UTF-8. Throws when the mail was left queued instead of processed. */
export async function ingestRaw(rt: Runtime, raw: string | Buffer): Promise<MessageOutcome> {
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw) });
  const message = rt.repos.messages.get(id);
  if (!message) throw new Error(`captured message ${id} is not in the database`);
  const outcome = await rt.pipeline.processSafely(message);
  if (!outcome) throw new Error('not processed');
  return outcome;
}
