/** @module The one file-name sanitiser: whatever a sender called an attachment becomes a name safe to write to disk and to show. Pure. */
import { LIMITS } from '../limits.js';
import { unsafeChars } from './unsafe-chars.js';

// Removed, not replaced: the name then shows in its real order with its real extension. The BOM goes too.
const INVISIBLE = unsafeChars('g', '\\ufeff');
/** Refused in names by Windows, and shell metacharacters in a name someone may paste into a command. */
const RESERVED = /["<>|:*?]/g;
/** Windows device names open the device whatever the extension (`NUL.txt`, `com1.log`). */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;
/** Trailing dots and spaces, pinned to the start of their run: unpinned, each space of a long inner run began a scan to the run's end. */
const TRAILING = /(?<![\s.])[\s.]+$/;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** `report.tar.gz` → [`report.tar`, `.gz`]; no extension when the dot starts the name or the tail is not extension-like. */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const extensionLike = ext.length > 1 && [...ext].length <= LIMITS.maxFileExtensionChars + 1 && !/\s/.test(ext);
  return extensionLike ? [name.slice(0, dot), ext] : [name, ''];
}

/** Shortens the stem, never the tail (suffix + extension), to the character and byte bounds; code points are never split. */
function fit(stem: string, tail: string): string {
  const room = LIMITS.maxFileNameChars - [...tail].length;
  const chars = [...stem].slice(0, Math.max(0, room));
  while (chars.length > 0 && utf8Bytes(chars.join('') + tail) > LIMITS.maxFileNameBytes) chars.pop();
  return `${chars.join('').replace(TRAILING, '')}${tail}`;
}

/**
 * A name to write an attachment under: the last path part only (`../../etc/passwd` → `passwd`), without
 * invisible characters, leading dots (no hidden or `..` files), trailing dots and spaces, at most
 * LIMITS.maxFileNameChars characters and LIMITS.maxFileNameBytes bytes with the extension kept; `attachment-N`
 * (N = `index`) when nothing is left; `-2`, `-3`, … before the extension when the name is in `taken`
 * (compared case-insensitively: macOS and Windows file systems are).
 */
export function safeFileName(name: string, index: number, taken: Iterable<string> = []): string {
  const visible = name.normalize('NFC').replace(INVISIBLE, '');
  const base = (visible.split(/[\\/]/).pop() ?? '')
    .replace(RESERVED, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(TRAILING, '');
  const named = base === '' ? `attachment-${index}` : DEVICE.test(base) ? `_${base}` : base;
  const [stem, ext] = splitExtension(named);
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  let candidate = fit(stem, ext);
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = fit(stem, `-${n}${ext}`);
  return candidate;
}
