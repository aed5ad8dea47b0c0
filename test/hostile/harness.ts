/**
 * @module The hostile corpus's bench: one secintake workspace with a real SQLite runtime, real gpg homes for the
 * victim, the attacker and the team's public key, and readers for what we stored and what we would send.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import type { Runtime } from '../../src/runtime.js';
import { createGpgHome, type Gpg } from '../helpers/gpg.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

export interface Bench {
  ws: Workspace;
  rt: Runtime;
  /** A researcher's client: holds its own secret keys and the team's public key. */
  gpg: Gpg;
  /** The team's fingerprint in gpg terms (encrypt to it). */
  team: string;
  /** Captures and processes one raw mail, then drains the outbox to files. */
  ingest(raw: string | Buffer): Promise<NonNullable<Awaited<ReturnType<Runtime['pipeline']['processSafely']>>>>;
  /** Every outbox row so far, oldest first. */
  outbox(): ReturnType<Runtime['repos']['outbox']['all']>;
  /** The raw bytes of every file the outbox transport wrote. */
  outboxFiles(): Buffer[];
  report(ref: string | null): NonNullable<ReturnType<Runtime['repos']['reports']['byRef']>>;
  /** Everything a report holds as its content: text, HTML, attachment names and bytes (latin1, so no byte is lost). */
  contentOf(ref: string | null): string;
  close(): Promise<void>;
}

let counter = 0;
/** A Message-ID unique across the corpus, so no case is a duplicate of another by accident. */
export const mid = (tag: string) => `<${tag}.${++counter}.${process.pid}@hostile.example>`;

export async function openBench(clock?: () => Date): Promise<Bench> {
  const ws = await createWorkspace();
  const rt = await ws.open(clock);
  const gpg = await createGpgHome();
  const [team] = await gpg.importKey(ws.teamPublicKey.armor());
  if (!team) throw new Error('gpg did not import the team key');
  const outboxDir = join(ws.dir, 'outbox');
  const report = (ref: string | null) => {
    const r = ref === null ? undefined : rt.repos.reports.byRef(ref);
    if (!r) throw new Error(`no report ${ref}`);
    return r;
  };
  return {
    ws,
    rt,
    gpg,
    team,
    async ingest(raw) {
      const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1') });
      const m = rt.repos.messages.get(id);
      if (!m) throw new Error('not captured');
      const o = await rt.pipeline.processSafely(m);
      if (!o) throw new Error('not processed');
      await rt.drain();
      return o;
    },
    outbox: () => rt.repos.outbox.all(),
    outboxFiles() {
      let names: string[];
      try {
        names = readdirSync(outboxDir).sort();
      } catch {
        return [];
      }
      return names.filter((n) => n.endsWith('.eml')).map((n) => readFileSync(join(outboxDir, n)));
    },
    report,
    contentOf(ref) {
      const r = report(ref);
      const files = rt.repos.reports.attachmentListing(r.id).map((a) => `${a.name}\n${rt.repos.reports.attachmentContent(r.id, a.id)?.toString('latin1') ?? ''}`);
      return [r.bodyText ?? '', r.bodyHtml ?? '', ...files].join('\n');
    },
    async close() {
      rt.close();
      await gpg.cleanup();
      ws.cleanup();
    },
  };
}

/** A bench whose gpg also holds a researcher's own new key (`uid`), for the cases where that researcher sends and signs. */
export async function openBenchWithResearcher(uid: string): Promise<{ bench: Bench; researcher: string }> {
  const bench = await openBench();
  try {
    return { bench, researcher: await bench.gpg.generateKey(uid) };
  } catch (err) {
    await bench.close();
    throw err;
  }
}

/** The armored PGP message inside an outgoing mail (PGP/MIME part 2), decrypted with the recipient's secret key. */
export async function decryptOutgoing(raw: Buffer, secretArmored: string): Promise<string> {
  const armored = armoredMessageIn(raw);
  const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: secretArmored });
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys });
  return (data as string).replace(/=\r?\n/g, '');
}

/** The key IDs (hex) an outgoing encrypted mail's session key was encrypted to (its PKESK packets). */
export async function recipientKeyIds(raw: Buffer): Promise<string[]> {
  const message = await openpgp.readMessage({ armoredMessage: armoredMessageIn(raw) });
  return message.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
}

/** Key ID (hex, upper case) of every encryption-capable subkey of an armored public key. */
export async function subkeyIds(armoredPublic: string): Promise<string[]> {
  const key = await openpgp.readKey({ armoredKey: armoredPublic });
  return key.getSubkeys().map((s) => s.getKeyID().toHex().toUpperCase());
}

function armoredMessageIn(raw: Buffer): string {
  const found = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(raw.toString('latin1'))?.[0];
  if (!found) throw new Error('outgoing mail holds no PGP message');
  return found;
}

/** The header block of a raw mail (up to the first empty line), unfolded nowhere: the bytes as written. */
export function headerBlock(raw: Buffer): string {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? text : text.slice(0, end + 2);
}
