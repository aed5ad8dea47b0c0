/** @module What the pool and its crypto workers say to each other: structured-clone data only, keys as their OpenPGP bytes. */
import type { PgpLimits, SessionKey } from './ops.js';

/** Given to each worker at its start: the armored team key files and the passphrase that unlocks them (never logged). */
export interface WorkerStart {
  keys: { armored: string; file: string }[];
  passphrase: string;
  /** Under tsx (development, tests) the TypeScript entry the bootstrap loads; unset for the compiled worker. */
  entry?: string;
}

/** Public keys travel as their bytes (`Key.write()` of the public half); the worker parses each once. */
export type Request =
  | { op: 'ready' }
  | { op: 'decrypt'; input: string | Uint8Array; limits: PgpLimits; current: string | null }
  | { op: 'verify-encrypted'; input: string | Uint8Array; sessionKeys: SessionKey[]; keys: Uint8Array[]; limits: PgpLimits }
  | { op: 'verify-detached'; data: Uint8Array; signature: string; keys: Uint8Array[] }
  | { op: 'verify-cleartext'; armored: string; keys: Uint8Array[] };

/** A failure as data: a SecintakeError keeps its code and hint across the thread; anything else is a bug. */
export type WireError = { kind: 'secintake'; code: string; message: string; hint: string | undefined; transient: boolean } | { kind: 'bug'; message: string; stack: string | undefined };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };
