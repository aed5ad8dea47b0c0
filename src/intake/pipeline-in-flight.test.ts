import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import { readSecretFile } from '../config/secrets.js';
import { inlineEngine } from '../crypto/engine.js';
import { loadKeyring, withEngine } from '../crypto/keyring.js';
import { SecintakeError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { createLogger } from '../log.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createPipeline } from './pipeline.js';

let ws: Workspace;
let rt: Runtime;
let n = 0;

beforeAll(async () => {
  ws = await createWorkspace();
  rt = await openRuntime(ws.config, createLogger('silent'), undefined, { cryptoWorkers: 2 });
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** An RFC 3156 report from `from`, encrypted to the team (signed by `signer` when given), with `extra` inner parts. */
async function report(subject: string, opts: { from?: string; signer?: openpgp.PrivateKey; attachmentBytes?: number; keyPart?: string } = {}): Promise<Buffer> {
  const parts = [`Content-Type: text/plain; charset=utf-8\n\n${subject}: the search endpoint concatenates q into SQL.\n`];
  if (opts.attachmentBytes) parts.push(`Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="poc.bin"\nContent-Transfer-Encoding: base64\n\n${randomBytes(opts.attachmentBytes).toString('base64').replace(/.{76}/g, '$&\n')}\n`);
  if (opts.keyPart) parts.push(`Content-Type: application/pgp-keys\n\n${opts.keyPart}\n`);
  const inner = crlf(`Content-Type: multipart/mixed; boundary="in"\n\n${parts.map((p) => `--in\n${p}`).join('')}--in--\n`);
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: inner }), encryptionKeys: ws.teamPublicKey, signingKeys: opts.signer, config: { aeadProtect: false } });
  return Buffer.from(crlf(`From: ${opts.from ?? `r${++n}@research.example`}\nTo: security@example.test\nSubject: ${subject}\nMessage-ID: <inflight-${++n}@research.example>\nMIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="out"\n\n--out\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--out\nContent-Type: application/octet-stream\n\n${armored}\n--out--\n`));
}

const captureAll = (r: Runtime, raws: Buffer[]) => raws.map((raw) => r.repos.messages.get(r.capture({ source: 'file', sourceRef: null, raw }).id) as NonNullable<ReturnType<Runtime['repos']['messages']['get']>>);

describe('pipeline with several messages in flight (crypto workers)', () => {
  test.each([
    ['the first message is the slowest (a 1 MB attachment)', [1_000_000, 0, 0, 0, 0]],
    ['a slow one in the middle', [0, 0, 1_000_000, 0, 0]],
  ])('records in capture order, so references follow arrival: %s', async (_n, sizes) => {
    const subjects = sizes.map((_, i) => `In flight ${n}-${i}`);
    const messages = captureAll(rt, await Promise.all(sizes.map((size, i) => report(subjects[i] as string, { attachmentBytes: size }))));
    const outcomes = await rt.pipeline.processInOrder(messages);
    expect(outcomes.map((o) => o?.outcome)).toEqual(sizes.map(() => 'new-report'));
    const refs = outcomes.map((o) => o?.reportRef as string);
    expect([...refs].sort()).toEqual(refs);
    expect(refs.map((ref) => rt.repos.reports.byRef(ref)?.subject)).toEqual(subjects);
    expect(messages.map((m) => rt.repos.messages.get(m.id)?.state)).toEqual(sizes.map(() => 'processed'));
  });

  test('a key taught by an earlier message still in flight verifies the next one, as one at a time would', async () => {
    const { privateKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'ada@keys.example' }], format: 'object', date: new Date(Date.now() - 60_000) });
    const teaches = await report('Key attached', { from: 'ada@keys.example', keyPart: privateKey.toPublic().armor() });
    const signed = await report('Signed, key not attached', { from: 'ada@keys.example', signer: privateKey });
    const outcomes = await rt.pipeline.processInOrder(captureAll(rt, [teaches, signed]));
    expect(outcomes.map((o) => [o?.outcome, o?.signature.status])).toEqual([
      ['new-report', 'none'],
      ['new-report', 'good'],
    ]);
  });
});

describe('a crypto worker that dies', () => {
  test(`leaves the message captured with its attempt counted, and after ${LIMITS.maxProcessingAttempts} such attempts it is quarantined`, async () => {
    const w = await createWorkspace();
    const r = await w.open();
    try {
      const ring = await loadKeyring(w.config.keys.dir, readSecretFile(w.config.keys.passphrase_file, 'keys.passphrase_file'), new Date());
      const dead = new SecintakeError('E_CRYPTO_WORKER', 'a crypto worker stopped with the message in hand (exit code 1)', { transient: true });
      const pipeline = createPipeline({
        repos: r.repos,
        keyring: withEngine(ring, { ...inlineEngine(ring.keys), decrypt: () => Promise.reject(dead) }),
        limits: { maxMessageBytes: 1 << 24, maxDecompressedBytes: 1 << 24, maxMimeDepth: 20, maxMimeParts: 1000 },
        timezone: r.config.timezone,
        clock: r.clock,
        log: r.log,
        teamAddress: r.config.team.address,
        updateIntervalDays: 14,
        supportedVersions: {},
        deadlines: r,
        notifier: r.notifier,
        inFlight: 4,
      });
      const [m] = captureAll(r, [await report('Kills the worker')]);
      for (let pass = 1; pass <= LIMITS.maxProcessingAttempts; pass++) {
        expect(await pipeline.processPending()).toEqual([]);
        expect(r.repos.messages.get(m?.id as number)?.state).toBe('captured');
      }
      expect((await pipeline.processPending()).map((o) => [o.outcome, o.error])).toEqual([['failed', expect.stringContaining(`stopped ${LIMITS.maxProcessingAttempts} times`)]]);
      expect(r.repos.messages.get(m?.id as number)).toMatchObject({ state: 'failed', errorCode: 'quarantined' });
    } finally {
      r.close();
      w.cleanup();
    }
  });
});
