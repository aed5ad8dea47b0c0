/** @module Header helpers for classification and threading: the sender's one mailbox, Message-IDs, reference tags. Pure. */
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { LIMITS } from '../limits.js';
import { decodeWords } from './mime.js';

export interface Address {
  name: string | null;
  address: string;
}

/*
 * An address we may write to: a dot-atom local part (RFC 5322 §3.2.3, with Unicode letters for RFC 6531 mail) and a
 * host name. Quoted local parts, address literals and anything holding spaces, commas, brackets or controls are
 * refused: they are where "one mailbox" turns into several, and we never need them to answer a researcher.
 */
const ATOM = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]+`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const ADDR_SPEC = new RegExp(String.raw`^${ATOM}(?:\.${ATOM})*@${LABEL}(?:\.${LABEL})+$`, 'u');

/**
 * The one mailbox of a From-style header (`"Name" <a@b>`, `Name <a@b>`, `a@b (Name)`, `a@b`), or null when the value
 * holds no mailbox, several, a group, or a malformed address. Parsed by nodemailer's addressparser BEFORE any RFC 2047
 * decoding, so an encoded word can only ever become part of the display name, never an address.
 */
export function parseAddress(value: string | undefined): Address | null {
  if (!value || value.length > LIMITS.maxAddressHeaderBytes) return null;
  // Folding is whitespace (RFC 5322 §2.2.3); any other control in a sender header is an attack, not a typo.
  const unfolded = value.replace(/\r?\n(?=[ \t])/g, '');
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(unfolded)) return null;
  const parsed = addressparser(unfolded);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only || 'group' in only || !only.address) return null;
  const address = only.address.trim();
  if (!ADDR_SPEC.test(address)) return null;
  const name = decodeWords(only.name ?? '').trim();
  return { name: name === '' ? null : name, address: address.toLowerCase() };
}

/** A Message-ID as we may store and echo it (RFC 5322 §3.6.4 msg-id without brackets): visible ASCII only, bounded. */
const MSG_ID = /^[\x21-\x3b\x3d\x3f-\x7e]{1,998}$/;

/** Message-IDs in a Message-ID / In-Reply-To / References value, without angle brackets; anything else is dropped. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1] as string);
  const ids = bracketed.length > 0 ? bracketed : [value.trim()];
  // The newest references are the ones that name our thread (RFC 5322 §3.6.4 appends); keep those within the bound.
  return ids.filter((id) => MSG_ID.test(id)).slice(-LIMITS.maxReferences);
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
