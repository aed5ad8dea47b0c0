/** `keys pending` / `keys approve` as the team meets them: a changed reporter key waits until a person pins it. */
import { spawnSync } from 'node:child_process';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(() => ws?.cleanup());

const cli = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, ['bin/secintake.js', '--config', ws.configFile, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const keyFor = async (email: string, date: Date) => (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], date, format: 'object' })).publicKey;

async function mailWithKey(key: openpgp.PublicKey, n: number) {
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: `report ${n}` }), encryptionKeys: ws.teamPublicKey, config: { aeadProtect: false } });
  return `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: report ${n}\r\nMessage-ID: <keys-${n}@research.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${armored}\r\n--b\r\nContent-Type: application/pgp-keys; name="ada.asc"\r\n\r\n${key.armor()}\r\n--b--\r\n`;
}

describe('keys pending and keys approve', () => {
  test('the first key is pinned; a different one waits; approving it pins it; an unknown fingerprint is an error', async () => {
    const first = await keyFor('ada@research.example', new Date(Date.now() - 86_400_000));
    const second = await keyFor('ada@research.example', new Date(Date.now() - 3_600_000));
    expect(cli(['ingest', '-'], await mailWithKey(first, 1)).code).toBe(0);
    expect(JSON.parse(cli(['keys', 'pending', '--json']).stdout)).toEqual([]);

    expect(cli(['ingest', '-'], await mailWithKey(second, 2)).code).toBe(0);
    const fpr = second.getFingerprint().toUpperCase();
    expect(JSON.parse(cli(['keys', 'pending', '--json']).stdout)).toEqual([expect.objectContaining({ fingerprint: fpr, address: 'ada@research.example' })]);
    expect(cli(['keys', 'pending']).stdout).toContain('secintake keys approve FINGERPRINT');

    const approved = cli(['keys', 'approve', fpr.toLowerCase()]);
    expect(approved).toMatchObject({ code: 0, stdout: `pinned ${fpr} for ada@research.example\n` });
    expect(JSON.parse(cli(['keys', 'pending', '--json']).stdout)).toEqual([]);

    const unknown = cli(['keys', 'approve', fpr]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^E_INPUT: no pending reporter key/);
  });
});
