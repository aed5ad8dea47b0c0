/** @module Line ends: CRLF for what RFC 3156 signs, LF for the text a report keeps; linear scans, never a regex over hostile text. */

/**
 * RFC 3156 §5: the signed part is checked in canonical form, every line ending CRLF. A byte scan, not a regex over a
 * string: 24 MB of bare LF (a signed newline bomb) made 24 M matches and several hundred MB of replacement parts.
 */
export function canonicalCrlf(raw: Buffer): Buffer {
  let bare = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] === 0x0a && raw[i - 1] !== 0x0d) bare++;
  if (bare === 0) return raw;
  const out = Buffer.allocUnsafe(raw.length + bare);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number;
    if (b === 0x0a && raw[i - 1] !== 0x0d) out[n++] = 0x0d;
    out[n++] = b;
  }
  return out;
}

/** Lines joined per batch: the parts array stays small however many line breaks the text has. */
const LINE_BATCH = 65_536;

/** Text with LF line ends for CRLF ones (a lone CR is content). Linear in memory too: see canonicalCrlf. */
export function lfLineEnds(text: string): string {
  if (!text.includes('\r\n')) return text;
  const joined: string[] = [];
  let lines: string[] = [];
  let from = 0;
  for (let at = text.indexOf('\r\n'); at >= 0; at = text.indexOf('\r\n', from)) {
    lines.push(text.slice(from, at));
    from = at + 2;
    if (lines.length === LINE_BATCH) {
      joined.push(lines.join('\n'));
      lines = [];
    }
  }
  lines.push(text.slice(from));
  joined.push(lines.join('\n'));
  return joined.join('\n');
}
