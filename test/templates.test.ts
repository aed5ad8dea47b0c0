/**
 * The team's words end to end, on a real SQLite file: a French report answered in French, an English one in English
 * (by the team's own English template), the outer subject action-only whatever a template says, the digest's HTML
 * escaped under a team template, and `config check` / the start refusing a bad template through the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeBody, decodeWords, parseMime, topHeaders, type MimeEntity } from '../src/mail/mime.js';
import { digestHtml } from '../src/notify/messages/digest-body.js';
import { currentDigest } from '../src/report/digest-send.js';
import { setStatus } from '../src/report/status.js';
import type { Runtime } from '../src/runtime.js';
import { createWorkspace, type Workspace } from './helpers/workspace.js';

const SECRET = 'TOPSECRET-SUBJECT';
const FRENCH = [
  "Bonjour, j'ai découvert une injection SQL dans la page de recherche de votre application.",
  'Les étapes pour reproduire sont les suivantes : ouvrez la page, puis saisissez une apostrophe dans le champ.',
  "L'impact est très important car un attaquant peut lire toute la base de données sans être authentifié.",
].join('\n');
const ENGLISH = 'Hello, I found an SQL injection in the search page of your application. The steps are: open the page and type a quote in the field. An attacker can read the whole database.';
const OVERRIDE_ACK = ['Subject: [{{ref}}] {{#subject}}{{subject}}{{/subject}}', '', 'Thanks from the Example team: {{ref}}, triage by {{triage}}.', '', '-- ', '{{team}}', ''].join('\n');
const OVERRIDE_DIGEST_HTML = '<table>{{#sections}}{{#rows}}<tr>{{#cells}}<td>{{cell}}</td>{{/cells}}</tr>{{/rows}}{{/sections}}</table>\n';

let ws: Workspace;
let rt: Runtime;
let researcher: openpgp.PrivateKey;
let n = 0;
const now = new Date('2026-11-23T15:00:00Z');

beforeAll(async () => {
  ws = await createWorkspace({ extraYaml: 'timezone: Europe/Paris\npolicy: { languages: [en, fr], holidays: [FR] }\ntemplates: { dir: words }' });
  mkdirSync(join(ws.dir, 'words', 'en'), { recursive: true });
  writeFileSync(join(ws.dir, 'words', 'en', 'ack.txt'), OVERRIDE_ACK);
  writeFileSync(join(ws.dir, 'words', 'en', 'digest.html'), OVERRIDE_DIGEST_HTML);
  rt = await ws.open(() => now);
  researcher = (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'ada@research.example' }], date: new Date('2026-11-01T00:00:00Z'), format: 'object' })).privateKey;
});
afterAll(() => {
  rt?.close();
  ws?.cleanup();
});

/** A signed and encrypted report (PGP/MIME) with the researcher's key inside, so the answer is encrypted to it. */
async function report(subject: string, text: string): Promise<string> {
  const inner = `Content-Type: multipart/mixed; boundary="i"\r\n\r\n--i\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n--i\r\nContent-Type: application/pgp-keys; name="ada.asc"\r\n\r\n${researcher.toPublic().armor()}\r\n--i--\r\n`;
  const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: inner }), encryptionKeys: ws.teamPublicKey, signingKeys: researcher, config: { aeadProtect: false } });
  const raw = `From: Ada <ada@research.example>\r\nTo: security@example.test\r\nSubject: ${subject}\r\nMessage-ID: <tpl-${++n}@research.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n${armored}\r\n--b--\r\n`;
  const { id } = rt.capture({ source: 'file', sourceRef: null, raw: Buffer.from(raw) });
  const o = await rt.pipeline.processSafely(rt.repos.messages.get(id) as never);
  return o?.reportRef as string;
}

/** What the reporter reads: the decrypted body with its inner Subject, and the cleartext outer Subject. */
async function read(raw: Buffer): Promise<{ outer: string; inner: string }> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(raw.toString())?.[0] as string;
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: researcher, format: 'binary' });
  const tree = parseMime(Buffer.from(data), { maxDepth: 10 });
  if (!tree.ok) throw new Error(tree.issue.message);
  const leaves: string[] = [];
  const walk = (e: MimeEntity): void => (e.children.length === 0 ? void leaves.push(decodeBody(e).toString('utf8')) : e.children.forEach(walk));
  walk(tree.value);
  return { outer: topHeaders(raw).get('subject')?.[0] ?? '', inner: `${decodeWords(topHeaders(Buffer.from(data)).get('subject')?.[0] ?? '')}\n${leaves.join('\n')}` };
}

const mailsOf = (ref: string, kind: string) => rt.repos.outbox.forReport(rt.repos.reports.byRef(ref)?.id as number).filter((m) => m.kind === kind);

describe('answers in the report language', () => {
  test('a French report, with fr in policy.languages, is acknowledged in French; the outer subject stays built in', async () => {
    const ref = await report(`${SECRET} injection`, FRENCH);
    expect(rt.repos.reports.byRef(ref)?.fields).toMatchObject({ language: { value: 'fr' } });
    const [ack] = mailsOf(ref, 'ack');
    const { outer, inner } = await read(ack?.raw as Buffer);
    expect(outer).toBe(`[${ref}] Report received`);
    expect(inner).toContain('Merci pour votre signalement.');
    expect(inner).toMatch(/Nous l'avons reçu le lundi 23 novembre 2026 à 16:00 UTC\+1 \(Europe\/Paris\)/);
    expect(inner).not.toContain('Thank you');
    expect(ack?.raw.toString('latin1')).not.toContain(SECRET);
  });

  test('its status update is in French too', async () => {
    const ref = await report('Injection SQL', FRENCH);
    await setStatus(rt, ref, 'triaged', null);
    const [update] = mailsOf(ref, 'status-update');
    const { outer, inner } = await read(update?.raw as Buffer);
    expect(outer).toBe(`[${ref}] Status update`);
    expect(inner).toContain(`[${ref}] Point d'étape : Injection SQL`);
    expect(inner).toContain(`Du nouveau sur ${ref} : trié : nous l'évaluons.`);
  });

  test('an English report, with [en, fr], is answered in English: here by the team template, which changes the body and not the outer subject', async () => {
    const ref = await report(`${SECRET} SQLi`, ENGLISH);
    expect(rt.repos.reports.byRef(ref)?.fields).toMatchObject({ language: { value: 'en' } });
    const [ack] = mailsOf(ref, 'ack');
    const { outer, inner } = await read(ack?.raw as Buffer);
    expect(outer).toBe(`[${ref}] Report received`);
    expect(inner).toContain(`[${ref}] ${SECRET} SQLi`);
    expect(inner).toMatch(new RegExp(`Thanks from the Example team: ${ref}, triage by \\w+day, `));
    expect(inner).not.toContain('Thank you for your report');
    expect(inner).not.toContain('Merci');
    expect(ack?.raw.toString('latin1')).not.toContain(SECRET);
  });
});

describe('the digest under a team template', () => {
  test('a hostile title is escaped in the HTML whatever the template', async () => {
    await report('XSS <script>alert(1)</script></td><td>pwned', ENGLISH);
    const html = digestHtml(await currentDigest(rt), 'Example Security', rt.templates.forTeam());
    expect(html.startsWith('<table><tr>')).toBe(true);
    expect(html).toContain('<td>XSS &lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&lt;td&gt;pwned</td>');
    expect(html).not.toContain('<script>');
  });
});

describe('a bad template through the real CLI', () => {
  const cli = (configFile: string, args: string[]) => spawnSync(process.execPath, ['bin/secintake.js', '--config', configFile, ...args], { encoding: 'utf8' });
  const badFile = () => join(ws.dir, 'bad-words', 'fr', 'ack.txt');
  let bad: string;
  beforeAll(() => {
    mkdirSync(join(ws.dir, 'bad-words', 'fr'), { recursive: true });
    writeFileSync(badFile(), 'Subject: [{{ref}}]\n\nBonjour\n{{passphrase}}\n{{#missing}}\n');
    writeFileSync(join(ws.dir, 'bad-words', 'fr', 'key-request.txt'), 'Clé : {{key_problem}}\n');
    bad = join(ws.dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(ws.configFile, 'utf8').replace('templates: { dir: words }', 'templates: { dir: bad-words }'));
  });

  test('config check names the file, the line and the variable of each problem, and exits 1', () => {
    const r = cli(bad, ['config', 'check']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`templates.dir: ${badFile()}:4: unknown variable {{passphrase}}`);
    expect(r.stdout).toContain(`templates.dir: ${badFile()}:5: unclosed section: {{#missing}}`);
    expect(r.stdout).not.toContain('key-request.txt');
  });

  test('the daemon refuses to start, with the same words', () => {
    const r = cli(bad, ['run', '--once']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('E_TEMPLATE_INVALID');
    expect(r.stderr).toContain(`${badFile()}:4: unknown variable {{passphrase}}`);
  });

  test('config check passes the good templates and says how many it read', () => {
    const r = cli(ws.configFile, ['config', 'check']);
    expect(r.stdout).toMatch(/^OK /);
    expect(r.stdout).toContain(`templates: 2 file(s) in ${join(ws.dir, 'words')} over the built-ins, each rendered with sample facts`);
    expect(r.status).toBe(0);
  });
});
