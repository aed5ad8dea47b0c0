/** @module `npm run demo`: a team key in keys/, sample encrypted reports in a Maildir, one daemon pass, then what it captured. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import { encryptedAttachment, innerMime, inlinePgpText, mailvelopeHtml, pgpMimeEncrypted } from './researcher-mail.js';

const checkout = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Where .demo/ and keys/ go: the checkout, or another directory (the README doc test runs the demo in a temp dir).
const root = resolve(process.env.SECINTAKE_DEMO_ROOT ?? checkout);
const demo = join(root, '.demo');
const cli = join(checkout, 'bin/secintake.js');
const configFile = join(demo, 'config.yaml');

const say = (text: string) => process.stdout.write(`\n== ${text}\n`);
const secintake = (...args: string[]) => execFileSync(process.execPath, [cli, '--config', configFile, ...args], { stdio: 'inherit' });

rmSync(demo, { recursive: true, force: true });
mkdirSync(join(demo, 'maildir', 'new'), { recursive: true });
writeFileSync(
  configFile,
  `# Written by npm run demo: Maildir in, .eml files out, keys in the repository's keys/ folder.
database: secintake.db
team: { name: Demo Security Team, address: security@demo.example }
source:
  maildir: { path: maildir }
transport:
  outbox_dir: outbox
keys:
  dir: ../keys
  passphrase_file: ../keys/demo-passphrase
log: { level: error }
`,
);

const hasTeamKey = existsSync(join(root, 'keys')) && readdirSync(join(root, 'keys')).some((f) => f.endsWith('.asc') && !f.endsWith('.pub.asc'));
if (!hasTeamKey) {
  say('generating a demo team key in keys/');
  secintake('keys', 'generate');
}
const teamPublicFile = readdirSync(join(root, 'keys')).filter((f) => f.endsWith('.pub.asc')).sort().at(-1);
if (!teamPublicFile) {
  process.stderr.write('keys/ has a secret key but no .pub.asc next to it.\n  what to do: run `node bin/secintake.js --config .demo/config.yaml keys generate --rotate`, or remove the keys from keys/ and run the demo again\n');
  process.exit(1);
}
const { readFileSync } = await import('node:fs');
const team = await openpgp.readKey({ armoredKey: readFileSync(join(root, 'keys', teamPublicFile), 'utf8') });

say('writing sample reports into .demo/maildir/new/ as a researcher would send them');
const researcher = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Ada Researcher', email: 'ada@research.example' }], format: 'object' });
const stranger = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'someone@else.example' }], format: 'object' });
const encrypt = async (data: string | Uint8Array, to = team, sign = true) =>
  openpgp.encrypt({
    message: await (typeof data === 'string' ? openpgp.createMessage({ text: data }) : openpgp.createMessage({ binary: data })),
    encryptionKeys: to,
    signingKeys: sign ? researcher.privateKey : undefined,
    config: { aeadProtect: false },
  });
const from = 'Ada Researcher <ada@research.example>';
const to = 'security@demo.example';

const samples: Record<string, string> = {
  '1-pgp-mime.eml': pgpMimeEncrypted(
    { from, to, subject: '...' },
    await encrypt(
      innerMime({
        subject: 'SQL injection in /api/search (acme-server 3.2.1)',
        text: 'Hello,\n\nThe q parameter of /api/search is concatenated into SQL.\n\nSteps to reproduce:\n1. curl "https://acme.example/api/search?q=1%27%20OR%201=1--"\n2. all rows are returned\n\nImpact: read access to every customer record.\n\nRegards,\nAda',
        attachments: [
          { name: 'poc.py', contentType: 'text/x-python', content: 'import requests\nprint(requests.get("https://acme.example/api/search", params={"q": "1\' OR 1=1--"}).text)\n' },
          { name: 'ada.asc', contentType: 'application/pgp-keys', content: researcher.publicKey.armor() },
        ],
      }),
    ),
  ),
  '2-inline.eml': inlinePgpText({ from, to, subject: 'XSS in comment preview' }, await encrypt('The comment preview renders <img src=x onerror=alert(1)> unescaped.\nTested on acme-web 2.4.0.'), {
    prefix: 'Hi, report below (encrypted).\n\n',
  }),
  '3-mailvelope.eml': mailvelopeHtml({ from, to, subject: 'Open redirect on /login?next=' }, await encrypt('GET /login?next=https://evil.example redirects after login.')),
  '4-attachment.eml': encryptedAttachment({ from, to, subject: 'Report attached (encrypted)' }, 'The report is in the attached file, encrypted to your key.', [
    { name: 'report.txt.pgp', content: await encrypt('Path traversal in /download?file=../../etc/passwd on acme-server 3.1.0.') },
  ]),
  '5-wrong-key.eml': inlinePgpText({ from: 'Bob <bob@elsewhere.example>', to, subject: 'vuln' }, await encrypt('encrypted to the wrong key', stranger.publicKey, false)),
  '6-out-of-office.eml': `From: Ada Researcher <ada@research.example>\r\nTo: ${to}\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo-${Date.now()}@research.example>\r\n\r\nI am away until Monday.\r\n`,
};
for (const [name, raw] of Object.entries(samples)) {
  writeFileSync(join(demo, 'maildir', 'new', `${Date.now()}.${name}`), raw);
  process.stdout.write(`  ${name}\n`);
}

say('one pass of the daemon: secintake run --once');
secintake('run', '--once');
say('secintake reports list');
secintake('reports', 'list');
say('acknowledgements written to .demo/outbox/ (the file transport): signed and encrypted to the researcher, or signed-only');
for (const f of readdirSync(join(demo, 'outbox')).sort()) {
  const raw = readFileSync(join(demo, 'outbox', f), 'utf8');
  const kind = raw.includes('multipart/encrypted') ? 'signed + encrypted' : 'signed only, content-free';
  process.stdout.write(`  ${f}\n    Subject: ${/^Subject: (.*)$/m.exec(raw)?.[1] ?? ''}  (${kind})\n`);
}
say('secintake messages list --failed (kept with their raw bytes and a reason)');
secintake('messages', 'list', '--failed');
say('secintake reports show SEC-…-0001');
const ref = JSON.parse(execFileSync(process.execPath, [cli, '--config', configFile, 'reports', 'list', '--json'], { encoding: 'utf8' }))[0]?.ref as string;
secintake('reports', 'show', ref);
// The researcher's secret key is a throwaway made for this demo, written so you can read the acks as they would.
writeFileSync(join(demo, 'researcher-secret.asc'), researcher.privateKey.armor(), { mode: 0o600 });
say('done. Next:');
process.stdout.write(`  node bin/secintake.js --config .demo/config.yaml reports show ${ref} --json
  # read an acknowledgement as the researcher, with gpg:
  export GNUPGHOME=$(mktemp -d); gpg --batch --import .demo/researcher-secret.asc keys/*.pub.asc
  sed -n '/BEGIN PGP MESSAGE/,/END PGP MESSAGE/p' .demo/outbox/${readdirSync(join(demo, 'outbox')).sort()[0] ?? '<file>.eml'} | gpg --batch --decrypt
`);
