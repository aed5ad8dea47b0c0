/**
 * @module Hostile corpus, padding oracle by mail: whatever goes wrong once a session key has been tried with our RSA key,
 * the sender's answer reads the same, so forged PKESK blocks sent to security@ learn nothing about our private key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { innerMime } from '../../src/demo/researcher-mail.js';
import { encryptedBody } from '../../src/mail/pgp-mime.js';
import type { Runtime } from '../../src/runtime.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { mid } from './harness.js';

let ws: Workspace;
let rt: Runtime;
let rsa: openpgp.PublicKey;

beforeAll(async () => {
  ws = await createWorkspace();
  const passphrase = readFileSync(ws.config.keys.passphrase_file, 'utf8').trim();
  // Older than the workspace's own key, so that one stays current; this one still decrypts (a retired RSA key).
  const { privateKey } = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ email: ws.config.team.address }], passphrase, date: new Date(Date.now() - 3_600_000), format: 'armored', config: { v6Keys: false } });
  writeFileSync(join(ws.config.keys.dir, 'team-rsa2048.asc'), privateKey, { mode: 0o600 });
  rsa = (await openpgp.readPrivateKey({ armoredKey: privateKey })).toPublic();
  rt = await ws.open();
}, 60_000);
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const encrypt = async (text: string) =>
  openpgp.readMessage({ armoredMessage: await openpgp.encrypt({ message: await openpgp.createMessage({ text: innerMime({ text }) }), encryptionKeys: rsa, config: { aeadProtect: false } }) });

/** openpgp armors a message read from text as a stream of pieces (its data packet stays lazy): the whole text. */
async function armorOf(m: openpgp.Message<string>): Promise<string> {
  const out = m.armor() as unknown;
  if (typeof out === 'string') return out;
  const reader = (out as ReadableStream<string>).getReader();
  let text = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  return text;
}

const pkesk = (m: openpgp.Message<string>) => m.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey)[0] as unknown as { encrypted: { c: Uint8Array } };

/** The forged ciphertexts: each fails at a different step after our RSA key has been used, with a different library error. */
const FORGERIES: [string, () => Promise<openpgp.Message<string>>][] = [
  [
    'a PKESK with one byte of its RSA block flipped (bad padding)',
    async () => {
      const m = await encrypt('one');
      const c = pkesk(m).encrypted.c;
      c[c.length - 1] = (c[c.length - 1] as number) ^ 0x01;
      return m;
    },
  ],
  [
    "a valid PKESK in front of another message's data (a good session key that does not fit)",
    async () => {
      const [a, b] = [await encrypt('two'), await encrypt('three')];
      const packets = new openpgp.PacketList<openpgp.AnyPacket>();
      packets.push(...b.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey), ...a.packets.filterByTag(openpgp.enums.packet.symEncryptedIntegrityProtectedData));
      return new openpgp.Message(packets);
    },
  ],
  [
    'a valid PKESK in front of unprotected (no MDC) data',
    async () => {
      const m = await encrypt('four');
      const packets = new openpgp.PacketList<openpgp.AnyPacket>();
      const sed = new openpgp.SymmetricallyEncryptedDataPacket();
      (sed as unknown as { encrypted: Uint8Array }).encrypted = new Uint8Array(64);
      packets.push(...m.packets.filterByTag(openpgp.enums.packet.publicKeyEncryptedSessionKey), sed);
      return new openpgp.Message(packets);
    },
  ],
  [
    'an RSA block as large as the modulus allows and more (c ≥ n)',
    async () => {
      const m = await encrypt('five');
      pkesk(m).encrypted.c = new Uint8Array(256).fill(0xff);
      return m;
    },
  ],
];

describe('hostile: a padding oracle by mail', () => {
  test('every forged RSA ciphertext is kept as failed with its own reason for the team, and every sender reads the same answer', async () => {
    const answers: string[] = [];
    const reasons = new Set<string>();
    for (const [i, [, forge]] of FORGERIES.entries()) {
      const { contentType, body } = encryptedBody(await armorOf(await forge()));
      const raw = `From: Mallory ${i} <m${i}@attacker.example>\r\nTo: security@example.test\r\nSubject: Report\r\nMessage-ID: ${mid('oracle')}\r\nMIME-Version: 1.0\r\n${contentType}\r\n\r\n${body}`;
      const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw, 'latin1') });
      const o = await rt.pipeline.processSafely(rt.repos.messages.get(id)!);
      expect(o).toMatchObject({ outcome: 'failed', decryption: { encrypted: true, ok: false } });
      reasons.add(rt.repos.messages.stored(id)?.error ?? '');
      const sent = rt.repos.outbox.all().filter((x) => x.recipients.includes(`m${i}@attacker.example`));
      expect(sent.map((x) => x.kind)).toEqual(['undecryptable']);
      const text = (await simpleParser(sent[0]!.raw)).text ?? '';
      answers.push(/could not read it: ([^]*?)\.\n/.exec(text)?.[1] ?? `no explanation in ${text}`);
    }
    // The library's words differ from one forgery to the next: the team still sees them.
    expect(reasons.size).toBeGreaterThan(1);
    expect(new Set(answers).size, answers.join("\n")).toBe(1);
    expect(answers[0]).toMatch(/our key/);
  });
});
