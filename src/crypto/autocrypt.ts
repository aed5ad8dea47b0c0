/** @module Autocrypt (autocrypt.org Level 1): a sender's public key carried in the `Autocrypt:` header, accepted only for the From address. */
import type * as openpgp from 'openpgp';
import { readPublicKeys } from './pgp.js';

export async function autocryptKeys(headers: Map<string, string[]>, fromAddress: string | null): Promise<openpgp.Key[]> {
  if (!fromAddress) return [];
  const keys: openpgp.Key[] = [];
  for (const value of headers.get('autocrypt') ?? []) {
    const attrs = new Map(
      value.split(';').map((part) => {
        const eq = part.indexOf('=');
        return [part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim()] as const;
      }),
    );
    // Level 1 §2.1: the header is ignored unless addr is the From address; unknown critical attributes void it.
    if (attrs.get('addr')?.toLowerCase() !== fromAddress.toLowerCase()) continue;
    if ([...attrs.keys()].some((k) => k !== 'addr' && k !== 'keydata' && k !== 'prefer-encrypt' && !k.startsWith('_'))) continue;
    const keydata = attrs.get('keydata')?.replace(/\s+/g, '');
    if (keydata) keys.push(...(await readPublicKeys(new Uint8Array(Buffer.from(keydata, 'base64')))));
  }
  return keys;
}
