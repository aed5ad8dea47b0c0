/** @module Header helpers for classification and threading: addresses, Message-IDs, reference tags. Pure. */
import { decodeWords } from './mime.js';

export interface Address {
  name: string | null;
  address: string;
}

/** First mailbox of an address header: `"Name" <a@b>`, `Name <a@b>`, `a@b (Name)` or `a@b` (RFC 5322 §3.4). */
export function parseAddress(value: string | undefined): Address | null {
  if (!value) return null;
  const decoded = decodeWords(value).trim();
  const angle = /^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>/.exec(decoded);
  if (angle) {
    const name = (angle[1] ?? '').trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
    return { name: name || null, address: (angle[2] as string).toLowerCase() };
  }
  const bare = /([^\s<>(),;"]+@[^\s<>(),;"]+)(?:\s*\(([^)]*)\))?/.exec(decoded);
  return bare ? { address: (bare[1] as string).toLowerCase(), name: bare[2]?.trim() || null } : null;
}

/** Message-IDs in a Message-ID / In-Reply-To / References value, without angle brackets. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  return ids.length > 0 ? ids : value.trim() === '' ? [] : [value.trim()];
}

/** `[SEC-2026-0042]` in a subject. */
export function refInSubject(subject: string | null | undefined): string | null {
  return /\[(SEC-\d{4}-\d{4,})\]/i.exec(subject ?? '')?.[1]?.toUpperCase() ?? null;
}

/**
 * Whether `address` is the mailbox `ours` or one of its sub-addresses (`security+keys@`), in any letter case. The
 * domain is case-insensitive (RFC 5321 §2.4); we treat the local part so too, as every real MTA does, since a loop
 * costs more than a missed answer.
 */
export function isOurMailbox(address: string, ours: string): boolean {
  const split = (a: string) => {
    const at = a.lastIndexOf('@');
    return { base: a.slice(0, at).toLowerCase().split('+')[0], domain: a.slice(at + 1).toLowerCase() };
  };
  const a = split(address);
  const o = split(ours);
  return a.domain === o.domain && a.base === o.base;
}
