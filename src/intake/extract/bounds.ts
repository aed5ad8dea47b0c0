/** @module Size bounds of the extraction heuristics, each with the reason for its number (candidates for src/limits.ts). */

export const EXTRACT_BOUNDS = {
  /** Free-text heuristics read this much of the body: a long report is ~20 KB; what follows is pasted logs and dumps, where keywords mislead and cost time. */
  scanChars: 64 * 1024,
  /** Longest text kept for steps, PoC, impact, summary: enough for any real section, small enough for the CLI JSON and the digest. */
  fieldChars: 16 * 1024,
  /** Most CVE ids kept: advisories cite a handful; a pasted scanner log can cite thousands. */
  maxCves: 50,
  /** Most affected-version entries kept. */
  maxVersions: 20,
} as const;

/** Cuts a field value to `fieldChars`, on a line break when one is near; CRLF becomes LF in values (spans keep the original). */
export function clip(raw: string): string {
  const max = EXTRACT_BOUNDS.fieldChars;
  const text = raw.length > max * 2 ? raw.slice(0, max * 2).replace(/\r\n/g, '\n') : raw.replace(/\r\n/g, '\n');
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return `${text.slice(0, cut > max - 2000 ? cut : max)}\n…`;
}
