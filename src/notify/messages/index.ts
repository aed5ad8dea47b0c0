/** @module Every outgoing mail kind, one module each; a new kind is a new module and one line here. */
import { ack } from './ack.js';
import { digest } from './digest.js';
import { digestNotice } from './digest-notice.js';
import { keyRequest } from './key-request.js';
import { receipt } from './receipt.js';
import type { MessageKind } from './kind.js';
import { statusNotice } from './status-notice.js';
import { statusUpdate } from './status-update.js';
import { teamReply } from './team-reply.js';
import { undecryptable } from './undecryptable.js';

export const MESSAGE_KINDS: readonly MessageKind[] = [ack, receipt, keyRequest, undecryptable, statusUpdate, statusNotice, teamReply, digest, digestNotice];
