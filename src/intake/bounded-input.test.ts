import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ingestRaw } from '../../test/helpers/ingest.js';
import { createWorkspace, type Workspace } from '../../test/helpers/workspace.js';
import { pgpMimeEncrypted } from '../demo/researcher-mail.js';
import { LIMITS } from '../limits.js';
import type { Runtime } from '../runtime.js';

let ws: Workspace;
let rt: Runtime;
beforeAll(async () => {
  ws = await createWorkspace();
  rt = await ws.open();
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

const INSIDE = 'CVE-2024-0001';
const OUTSIDE = 'CVE-2024-9999';
const PAST_WINDOW = '\n'.repeat(LIMITS.extractProcessChars * 4);

/** A PGP/MIME report whose inner entity is `inner` (LF line ends), compressed as gpg does by default. */
async function report(tag: string, inner: string): Promise<Buffer> {
  const armored = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: inner }),
    encryptionKeys: ws.teamPublicKey,
    config: { aeadProtect: false, preferredCompressionAlgorithm: openpgp.enums.compression.zlib },
  });
  return Buffer.from(pgpMimeEncrypted({ from: 'Ada <ada@research.example>', to: 'security@example.test', subject: `report ${tag}`, messageId: `${tag}@research.example` }, armored));
}

const withAttachment = (body: string, attached: string) =>
  `Content-Type: multipart/mixed; boundary="i"\n\n--i\nContent-Type: text/plain; charset=utf-8\n\n${body}\n--i\nContent-Type: text/plain; name="report.txt"\nContent-Disposition: attachment; filename="report.txt"\n\n${attached}\n--i--\n`;

describe('a decrypted text larger than the processing window', () => {
  test.each<[string, string, string, boolean]>([
    ['a newline bomb between two statements: the first is extracted, the one past the window is not, and the body is stored whole', `Content-Type: text/plain\n\nAffects ${INSIDE}.${PAST_WINDOW}Also ${OUTSIDE}.`, `Affects ${INSIDE}.${PAST_WINDOW}Also ${OUTSIDE}.`, false],
    ['a text attachment after a body within the window is read like the body', withAttachment(`Affects ${INSIDE}.`, `Also ${OUTSIDE}.`), `Affects ${INSIDE}.`, true],
    ['a text attachment after a body past the window is not read, and is still stored whole', withAttachment(`Affects ${INSIDE}.${PAST_WINDOW}Thanks.`, `Also ${OUTSIDE}.`), `Affects ${INSIDE}.${PAST_WINDOW}Thanks.`, false],
  ])('%s', async (tag, inner, storedBody, outsideRead) => {
    const raw = await report(tag.slice(0, 20).replace(/\W/g, '-'), inner);
    const outcome = await ingestRaw(rt, raw);
    expect(outcome.outcome).toBe('new-report');
    const stored = rt.repos.reports.byRef(outcome?.reportRef as string);
    expect(stored?.bodyText).toBe(storedBody.trim());
    const fields = JSON.stringify(stored?.fields);
    expect(fields).toContain(INSIDE);
    expect(fields.includes(OUTSIDE)).toBe(outsideRead);
    if (inner.includes('report.txt')) expect(rt.repos.reports.attachments(stored?.id as number)).toMatchObject([{ name: 'report.txt', size: Buffer.byteLength(`Also ${OUTSIDE}.`) }]);
  });
});
