/** @module The durability point: raw bytes (and the source cursor) committed in one transaction before any parsing. */
import type { Repos } from '../db/index.js';
import { messageIds } from '../mail/address.js';
import { topHeaders } from '../mail/mime.js';
import { contentSha256 } from './identity.js';

export interface CaptureRequest {
  source: string;
  /** Unique within the source (UIDVALIDITY:UID, Maildir name); null for files, which may be replayed on purpose. */
  sourceRef: string | null;
  raw: Buffer;
  /** The source's position after this message (opaque, see src/sources/types.ts), stored with it. */
  cursor?: string;
}

export function createCapture(repos: Repos, clock: () => Date) {
  return (req: CaptureRequest): { id: number; inserted: boolean } =>
    repos.transaction(() => {
      const at = clock();
      const messageId = messageIds(topHeaders(req.raw).get('message-id')?.[0])[0] ?? null;
      const result = repos.messages.capture({ source: req.source, sourceRef: req.sourceRef, messageId, contentSha256: contentSha256(req.raw), raw: req.raw, capturedAt: at });
      if (req.cursor) repos.cursors.set(req.source, req.cursor, at);
      if (result.inserted) repos.events.append({ messageId: result.id, kind: 'message.captured', data: { source: req.source, sourceRef: req.sourceRef, size: req.raw.length } }, at);
      return result;
    });
}

export type Capture = ReturnType<typeof createCapture>;
