/**
 * @module Hostile corpus, property: for any mix of encrypted parts and cleartext parts in multipart/mixed, no byte
 * that was outside the decryption (a unique marker in every cleartext part) appears in the report's text, HTML,
 * attachments or fields.
 */
import fc from 'fast-check';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encryptedBody, multipart, textPart } from '../../src/mail/pgp-mime.js';
import { mid, openBench, type Bench } from './harness.js';

let b: Bench;
beforeAll(async () => {
  b = await openBench();
});
afterAll(async () => b?.close());

type Part = { kind: 'encrypted' } | { kind: 'text' | 'html' | 'attachment' | 'inline-armor-text' };
const part: fc.Arbitrary<Part> = fc.oneof(
  fc.constant({ kind: 'encrypted' as const }),
  fc.constantFrom<Part>({ kind: 'text' }, { kind: 'html' }, { kind: 'attachment' }, { kind: 'inline-armor-text' }),
);
// Bounded: each run builds and ingests one real message.
const RUNS = 25;
const MAX_PARTS = 5;

async function encrypt(text: string): Promise<string> {
  return openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: b.ws.teamPublicKey, config: { aeadProtect: false } });
}

/** Every cleartext part carries its own marker; every encrypted part its own secret (fresh ciphertext each time). */
async function build(parts: Part[], run: number) {
  const markers: string[] = [];
  const secrets: string[] = [];
  const entities: string[] = [];
  for (const [i, p] of parts.entries()) {
    const tag = `${run}x${i}`;
    if (p.kind === 'encrypted') {
      secrets.push(`INSIDE${tag}`);
      const { contentType, body } = encryptedBody(await encrypt(`Secret part INSIDE${tag} of the report.`));
      entities.push(`${contentType}\r\n\r\n${body}`);
      continue;
    }
    const marker = `OUTSIDE${tag}`;
    markers.push(marker);
    if (p.kind === 'text') entities.push(textPart('text/plain', `Title: ${marker}\nAffected versions: ${marker}\n`));
    else if (p.kind === 'html') entities.push(textPart('text/html', `<p>${marker}</p>`));
    else if (p.kind === 'attachment') entities.push(`Content-Type: text/plain; name="${marker}.txt"\r\nContent-Disposition: attachment; filename="${marker}.txt"\r\n\r\n${marker}\r\n`);
    else {
      secrets.push(`INSIDE${tag}`);
      entities.push(textPart('text/plain', `${marker} before\n${await encrypt(`Secret part INSIDE${tag} of the report.`)}\n${marker} after\n`));
    }
  }
  const raw = `From: ada@research.example\r\nTo: security@example.test\r\nSubject: mixed\r\nMessage-ID: ${mid('prop')}\r\nMIME-Version: 1.0\r\n${multipart('mixed', entities)}`;
  return { raw, markers, secrets };
}

describe('hostile: nothing outside the decryption is inside the report', () => {
  test('for random mixes of encrypted and cleartext parts, no cleartext marker reaches the report text, HTML, attachments or fields', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: MAX_PARTS }).filter((ps) => ps.some((p) => p.kind === 'encrypted' || p.kind === 'inline-armor-text')), async (parts) => {
        const { raw, markers, secrets } = await build(parts, ++run);
        const o = await b.ingest(raw);
        expect(o.outcome).toBe('new-report');
        const content = b.contentOf(o.reportRef);
        const fields = JSON.stringify(b.report(o.reportRef).fields);
        for (const m of markers) {
          expect(content).not.toContain(m);
          expect(fields).not.toContain(m);
        }
        for (const s of secrets) expect(content).toContain(s);
        expect(b.report(o.reportRef).encryption.coverage).toBe(markers.length === 0 ? 'full' : 'partial');
      }),
      { numRuns: RUNS },
    );
  });
});
