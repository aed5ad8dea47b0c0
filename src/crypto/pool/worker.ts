/** @module A crypto worker: unlocks the team keys once from the text it is started with, then runs pool/ops.ts for the pool. */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import * as openpgp from 'openpgp';
import { isSecintakeError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { fingerprintOf } from '../fingerprint.js';
import { unlockArmored } from '../keyring.js';
import * as ops from './ops.js';
import type { Reply, Request, WireError, WorkerStart } from './protocol.js';

const start = workerData as WorkerStart;
const port = parentPort;
if (!port) throw new Error('crypto/pool/worker.ts runs only as a worker thread');

const held = Promise.all(start.keys.map((k) => unlockArmored(k.armored, start.passphrase, k.file))).then((lists) => lists.flat().map((key) => ({ fingerprint: fingerprintOf(key), key })));
// A key that does not unlock is every request's answer (E_KEYS_PASSPHRASE), not an unhandled rejection that kills the worker.
held.catch(() => undefined);

// A reporter's key comes again with each of their signed messages: parsed once, its self-signatures checked once.
const parsed = new Map<string, openpgp.Key>();
async function keysOf(list: Uint8Array[]): Promise<openpgp.Key[]> {
  return Promise.all(
    list.map(async (binaryKey) => {
      const id = createHash('sha256').update(binaryKey).digest('hex');
      let key = parsed.get(id);
      if (!key) {
        key = await openpgp.readKey({ binaryKey });
        if (parsed.size >= LIMITS.cryptoWorkerKeysKept) parsed.clear();
        parsed.set(id, key);
      }
      return key;
    }),
  );
}

async function run(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'ready':
      return void (await held);
    case 'decrypt':
      return ops.decrypt(await held, req.input, req.limits, req.current);
    case 'verify-encrypted':
      return ops.verifyEncrypted(req.input, req.sessionKeys, await keysOf(req.keys), req.limits);
    case 'verify-detached':
      return ops.verifyDetached(req.data, req.signature, await keysOf(req.keys));
    case 'verify-cleartext':
      return ops.verifyCleartext(req.armored, await keysOf(req.keys));
  }
}

const wire = (e: unknown): WireError =>
  isSecintakeError(e)
    ? { kind: 'secintake', code: e.code, message: e.message, hint: e.hint, transient: e.transient }
    : { kind: 'bug', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };

/** Decrypted bytes move to the pool instead of being copied, when they own their whole buffer. */
function transferOf(value: unknown): ArrayBuffer[] {
  const data = (value as { data?: unknown } | null)?.data;
  return data instanceof Uint8Array && data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? [data.buffer] : [];
}

port.on('message', ({ id, req }: { id: number; req: Request }) => {
  run(req).then(
    (value) => port.postMessage({ id, ok: true, value } satisfies Reply, transferOf(value)),
    (e: unknown) => port.postMessage({ id, ok: false, error: wire(e) } satisfies Reply),
  );
});
