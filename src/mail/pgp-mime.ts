/**
 * @module MIME builders for the PGP mail we send: the cleartext entity (text, or text + HTML, with protected
 * headers), the RFC 3156 multipart/encrypted and multipart/signed bodies, and RFC 3156 §5 canonical form. Pure:
 * strings in, CRLF MIME text out; callers pass armored PGP and header lines from the header writer.
 */
import { randomBytes } from 'node:crypto';

/** A multipart body and the Content-Type header line that goes with it (folded, ours, no input in it). */
export interface MultipartBody {
  contentType: string;
  body: string;
}

const CRLF = '\r\n';

/** CRLF everywhere, whatever the input used (LF, CR, CRLF). */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

function ensureTrailingCrlf(text: string): string {
  return text.endsWith(CRLF) ? text : text + CRLF;
}

/**
 * The exact bytes an RFC 3156 signer signs for a MIME entity: CRLF line endings and no trailing whitespace on any
 * line (§5: "trailing whitespace MUST be removed"; a client makes this lossless by quoted-printable encoding such
 * text first, which `textPart` does). The end of the entity is left as is: the CRLF before the next boundary
 * belongs to the boundary, so `signedBody` adds it. Idempotent.
 */
export function canonicalize(entity: string): string {
  return crlf(entity)
    .split(CRLF)
    // Pinned to the start of the run: unpinned, a long line with a long inner run of spaces rescanned it from each space.
    .map((line) => line.replace(/(?<![ \t])[ \t]+$/, ''))
    .join(CRLF);
}

/** A boundary that does not occur in any of `contents` (random, and checked). */
export function boundary(...contents: string[]): string {
  for (;;) {
    const b = `----=_Part_${randomBytes(12).toString('hex')}`;
    if (!contents.some((c) => c.includes(b))) return b;
  }
}

/** RFC 3156 §4 multipart/encrypted, laid out like Thunderbird/Enigmail and mutt do. */
export function encryptedBody(armoredMessage: string): MultipartBody {
  const armor = ensureTrailingCrlf(crlf(armoredMessage));
  const b = boundary(armor);
  return {
    contentType: `Content-Type: multipart/encrypted;${CRLF} protocol="application/pgp-encrypted";${CRLF} boundary="${b}"`,
    body:
      `This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)${CRLF}` +
      `--${b}${CRLF}` +
      `Content-Type: application/pgp-encrypted${CRLF}` +
      `Content-Description: PGP/MIME version identification${CRLF}` +
      CRLF +
      `Version: 1${CRLF}` +
      CRLF +
      `--${b}${CRLF}` +
      `Content-Type: application/octet-stream; name="encrypted.asc"${CRLF}` +
      `Content-Description: OpenPGP encrypted message${CRLF}` +
      `Content-Disposition: inline; filename="encrypted.asc"${CRLF}` +
      CRLF +
      armor +
      CRLF +
      `--${b}--${CRLF}`,
  };
}

/**
 * RFC 3156 §5 multipart/signed. `signedEntity` is written in its canonical form (see `canonicalize`), which must be
 * the exact bytes the detached signature covers. `micalg` as in the Content-Type (`pgp-sha256`) or a hash name (`SHA256`).
 */
export function signedBody(signedEntity: string, armoredDetachedSignature: string, micalg = 'pgp-sha256'): MultipartBody {
  const signed = canonicalize(signedEntity);
  const sig = ensureTrailingCrlf(crlf(armoredDetachedSignature));
  const b = boundary(signed, sig);
  const mic = micalg.toLowerCase().startsWith('pgp-') ? micalg.toLowerCase() : `pgp-${micalg.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  return {
    contentType: `Content-Type: multipart/signed; micalg=${mic};${CRLF} protocol="application/pgp-signature";${CRLF} boundary="${b}"`,
    body:
      `This is an OpenPGP/MIME signed message (RFC 4880 and 3156)${CRLF}` +
      `--${b}${CRLF}` +
      signed +
      CRLF +
      `--${b}${CRLF}` +
      `Content-Type: application/pgp-signature; name="signature.asc"${CRLF}` +
      `Content-Description: OpenPGP digital signature${CRLF}` +
      `Content-Disposition: attachment; filename="signature.asc"${CRLF}` +
      CRLF +
      sig +
      CRLF +
      `--${b}--${CRLF}`,
  };
}

/** The cleartext entity of a mail: one text/plain part, or multipart/alternative with the HTML after it. No message headers. */
export function bodyEntity(opts: { text: string; html?: string }): string {
  return opts.html === undefined ? textPart('text/plain', opts.text) : multipart('alternative', [textPart('text/plain', opts.text), textPart('text/html', opts.html)]);
}

/**
 * Protected headers (draft-autocrypt-lamps-protected-headers, as Thunderbird writes them): `protected-headers="v1"`
 * on the root Content-Type and the header lines after it, inside what gets encrypted. Lines come from the header writer.
 */
export function withProtectedHeaders(entity: string, headerLines: string[]): string {
  if (headerLines.length === 0) return entity;
  const split = entity.indexOf(CRLF + CRLF);
  const head = entity.slice(0, split).replace(/^(Content-Type: [^\r]*?)(;|\r\n|$)/m, (_m, ct: string, rest: string) => `${ct}; protected-headers="v1"${rest}`);
  return `${head}${CRLF}${headerLines.join(CRLF)}${entity.slice(split)}`;
}

/**
 * 7bit when every line is short printable ASCII with no trailing whitespace and no `From ` at a line start (so the
 * text survives signing, mbox and SMTP unchanged); quoted-printable otherwise.
 */
export function encodeText(text: string): { cte: '7bit' | 'quoted-printable'; body: string } {
  const lines = crlf(text).split(CRLF);
  const plain = lines.every((l) => l.length <= 76 && !/[^\x20-\x7e\t]/.test(l) && !/[ \t]$/.test(l) && !l.startsWith('From '));
  if (plain) return { cte: '7bit', body: ensureTrailingCrlf(lines.join(CRLF)) };
  return { cte: 'quoted-printable', body: ensureTrailingCrlf(quotedPrintable(text)) };
}

/** RFC 2045 §6.7 quoted-printable of the UTF-8 bytes; line breaks in `text` become hard CRLF breaks. */
export function quotedPrintable(text: string): string {
  return crlf(text)
    .split(CRLF)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        // "From " and a lone "." at a line start are escaped too, as mutt does, so no MTA or mbox mangles them.
        const atStart = current === '' && ((byte === 70 && bytes.subarray(i, i + 5).toString('latin1') === 'From ') || (byte === 46 && last));
        const token = literal && !atStart ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

export function textPart(type: 'text/plain' | 'text/html', text: string): string {
  const { cte, body } = encodeText(text);
  return `Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${cte}${CRLF}${CRLF}${body}`;
}

export function multipart(subtype: string, parts: string[]): string {
  const b = boundary(...parts);
  return (
    `Content-Type: multipart/${subtype};${CRLF} boundary="${b}"${CRLF}${CRLF}` +
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1): a part's own final line break stays.
    parts.map((p) => `--${b}${CRLF}${ensureTrailingCrlf(p)}${CRLF}`).join('') +
    `--${b}--${CRLF}`
  );
}
