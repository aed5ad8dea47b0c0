/** @module The team keys' iterated and salted S2K (RFC 4880 §3.7.1.3) hashed as a stream, instead of openpgp's one buffer of the whole count. */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { LIMITS } from '../limits.js';

/** openpgp's hash names whose node:crypto names are the same; any other algorithm keeps openpgp's own S2K. */
const NODE_HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

export interface IteratedS2KParams {
  /** openpgp's name of the hash (`openpgp.enums.hash`), e.g. 'sha256'. */
  hash: string;
  salt: Uint8Array;
  /** Octets hashed per round: the coded count, or the salt and passphrase once when they are longer. */
  count: number;
}

/**
 * The key derived from `passphrase`: round i hashes i zero octets, then `count` octets of salt and passphrase repeated;
 * the rounds' digests are concatenated and cut to `numBytes`. Pure; the repeated octets are hashed in blocks of
 * LIMITS.s2kHashBlockBytes.
 */
export async function iteratedS2K(params: IteratedS2KParams, passphrase: string, numBytes: number): Promise<Uint8Array> {
  const unit = Buffer.concat([params.salt, Buffer.from(passphrase, 'utf8')]);
  const count = Math.max(params.count, unit.length);
  const block = Buffer.alloc(Math.max(1, Math.floor(LIMITS.s2kHashBlockBytes / unit.length)) * unit.length);
  for (let at = 0; at < block.length; at += unit.length) unit.copy(block, at);
  const digests: Buffer[] = [];
  for (let round = 0, derived = 0; derived < numBytes; round++) {
    const h = createHash(params.hash).update(Buffer.alloc(round));
    for (let left = count; left > 0; left -= block.length) h.update(block.subarray(0, Math.min(left, block.length)));
    const digest = h.digest();
    digests.push(digest);
    derived += digest.length;
  }
  return new Uint8Array(Buffer.concat(digests).subarray(0, numBytes));
}

/**
 * Makes every iterated S2K of a locked key's packets hash as a stream. openpgp builds each packet's whole count as one
 * buffer (16 MiB at the c=224 that openpgp and gpg write), so unlocking the two team keys left ~64 MiB of garbage in every
 * thread that unlocks them, until a GC that may come late. The S2K objects are openpgp internals, checked here by
 * shape: a key whose shape differs unlocks through openpgp's own code. Returns how many packets were changed.
 */
export function streamIteratedS2K(key: openpgp.PrivateKey): number {
  let changed = 0;
  for (const k of key.getKeys()) {
    const packet: object = k.keyPacket;
    const s2k = 's2k' in packet ? packet.s2k : null;
    if (!isIterated(s2k)) continue;
    const hash = openpgp.enums.read(openpgp.enums.hash, s2k.algorithm);
    if (!NODE_HASHES.has(hash)) continue;
    const salt = s2k.salt;
    const count = s2k.getCount();
    // An own property: openpgp's decryptKey clones the key packet shallowly, so the clone shares this S2K object.
    Object.assign(s2k, { produceKey: (passphrase: string, numBytes: number) => iteratedS2K({ hash, salt, count }, passphrase, numBytes) });
    changed++;
  }
  return changed;
}

interface IteratedShape {
  type: 'iterated';
  algorithm: number;
  salt: Uint8Array;
  getCount(): number;
  produceKey: unknown;
}

function isIterated(s2k: unknown): s2k is IteratedShape {
  if (typeof s2k !== 'object' || s2k === null) return false;
  const o = s2k as Record<string, unknown>;
  return o.type === 'iterated' && typeof o.algorithm === 'number' && o.salt instanceof Uint8Array && typeof o.getCount === 'function' && typeof o.produceKey === 'function';
}
