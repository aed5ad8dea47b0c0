/** @module The crypto worker pool: the team keys live in a few worker threads that decrypt and check signatures, so every core works on the intake. */
import { Worker } from 'node:worker_threads';
import type * as openpgp from 'openpgp';
import { SecintakeError, type ErrorCode } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import type { CryptoEngine } from '../engine.js';
import type { Reply, Request, WorkerStart } from './protocol.js';

interface Waiting {
  resolve(value: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

// The compiled build runs worker.js beside this file; the sources (tsx, vitest) need tsx's hooks in the new thread first.
const compiled = import.meta.url.endsWith('.js');
const ENTRY = new URL(compiled ? './worker.js' : './dev-worker.mjs', import.meta.url);
const SOURCE_ENTRY = new URL('./worker.ts', import.meta.url).href;

/** Only the public half of a key ever leaves for a worker. */
const bytesOf = (keys: openpgp.Key[]) => keys.map((k) => (k.isPrivate() ? k.toPublic() : k).write());

/**
 * Workers start at `ready()` or the first request, so a command that never decrypts never pays for them. An idle
 * worker does not keep the process alive. A worker that dies fails what it had in hand with E_CRYPTO_WORKER (the
 * pipeline leaves those messages captured, their attempt counted) and is replaced at the next request.
 */
export function createCryptoPool(size: number, start: Omit<WorkerStart, 'entry'>, entry: URL = ENTRY): CryptoEngine {
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(entry, {
      workerData: { ...start, ...(compiled ? {} : { entry: SOURCE_ENTRY }) } satisfies WorkerStart,
      resourceLimits: { maxYoungGenerationSizeMb: LIMITS.cryptoWorkerYoungGenerationMb },
    });
    worker.unref();
    const slot: Slot = { worker, waiting: new Map() };
    worker.on('message', (reply: Reply) => {
      const waiting = slot.waiting.get(reply.id);
      if (!waiting) return;
      slot.waiting.delete(reply.id);
      if (slot.waiting.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(reply.error.kind === 'secintake' ? new SecintakeError(reply.error.code as ErrorCode, reply.error.message, { hint: reply.error.hint, transient: reply.error.transient }) : bug(reply.error.message, reply.error.stack));
    });
    const lost = (cause: unknown) => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      for (const w of slot.waiting.values()) {
        w.reject(
          new SecintakeError('E_CRYPTO_WORKER', `a crypto worker stopped with the message in hand (${cause instanceof Error ? cause.message : String(cause)})`, {
            cause,
            transient: true,
            hint: 'the message stays captured and is tried again; one that stops a worker every time is quarantined after a few attempts',
          }),
        );
      }
      slot.waiting.clear();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    return slot;
  }

  function request<T>(req: Request, to?: Slot): Promise<T> {
    if (closed) return Promise.reject(new Error('the crypto pool is closed'));
    while (slots.length < size) slots.push(spawn());
    const slot = to ?? slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, req });
    });
  }

  return {
    decrypt: (input, limits, current) => request({ op: 'decrypt', input, limits, current }),
    verifyEncrypted: (input, sessionKeys, keys, limits) => request({ op: 'verify-encrypted', input, sessionKeys, keys: bytesOf(keys), limits }),
    verifyDetached: (data, signature, keys) => request({ op: 'verify-detached', data, signature, keys: bytesOf(keys) }),
    verifyCleartext: (armored, keys) => request({ op: 'verify-cleartext', armored, keys: bytesOf(keys) }),
    async ready() {
      if (closed) throw new Error('the crypto pool is closed');
      while (slots.length < size) slots.push(spawn());
      await Promise.all(slots.map((slot) => request({ op: 'ready' }, slot)));
    },
    async close() {
      closed = true;
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

/** An unexpected error inside a worker is a bug here too: it carries the worker's stack. */
function bug(message: string, stack: string | undefined): Error {
  const e = new Error(`crypto worker: ${message}`);
  if (stack) e.stack = `${e.message}\n--- in the worker ---\n${stack}`;
  return e;
}
