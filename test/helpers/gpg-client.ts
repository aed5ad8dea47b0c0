/** @module A person's real gpg for tests (a researcher, a team member): a throwaway home with their own new key and the team's public key. */
import type * as openpgp from 'openpgp';
import { createGpgHome, type Gpg } from './gpg.js';

export interface GpgClient {
  gpg: Gpg;
  /** The fingerprint of the person's own new key, as gpg writes it. */
  fingerprint: string;
  /** The person's own public key, armored, as they attach it to a report. */
  publicKey: string;
  /** The fingerprints gpg reported for the team key's import. */
  teamImport: string[];
}

export async function createGpgClient(uid: string, teamPublicKey: openpgp.PublicKey): Promise<GpgClient> {
  const gpg = await createGpgHome();
  try {
    const fingerprint = await gpg.generateKey(uid);
    return { gpg, fingerprint, publicKey: await gpg.exportPublicKey(fingerprint), teamImport: await gpg.importKey(teamPublicKey.armor()) };
  } catch (err) {
    // The caller never got the home, so it cannot clean it up: its gpg-agent would outlive the test.
    await gpg.cleanup();
    throw err;
  }
}
