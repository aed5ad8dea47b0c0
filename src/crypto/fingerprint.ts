/** @module A key's fingerprint as every room writes it: upper-case hex. */
import type * as openpgp from 'openpgp';

export const fingerprintOf = (key: openpgp.Key) => key.getFingerprint().toUpperCase();
