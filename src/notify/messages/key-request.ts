/** @module Answer to a new report when we have no usable key for the reporter: signed only, content-free, asking for a key. */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';
import type { ValuesOf } from '../templates/render.js';
import { renderLetter } from '../templates/set.js';
import type { KEY_REQUEST_VARIABLES } from '../templates/variables.js';
import { VOCABULARY } from '../templates/vocabulary.js';
import type { Sender, SignedOnlyInput, SignedOnlyKind } from './kind.js';

export interface KeyRequestFacts extends SignedOnlyInput {
  ref: string;
  /** Why no key could be used. */
  keyProblem: Extract<ReporterKeyChoice, { ok: false }>['reason'];
}

/** What the key request's template may say: the reference, the key problem and our key; nothing from the report. */
export const keyRequestValues = (f: KeyRequestFacts, s: Sender): ValuesOf<typeof KEY_REQUEST_VARIABLES> => ({
  ref: f.ref,
  key_problem: VOCABULARY[s.words.language].reporterKey[f.keyProblem],
  team_key: s.teamKey.fingerprint,
  team_address: s.from.address,
  team: s.from.name,
});

export const keyRequest: SignedOnlyKind<KeyRequestFacts> = {
  name: 'key-request',
  protection: 'signed-only',
  autoSubmitted: true,
  write: (f, s) => ({ subject: `[${f.ref}] Report received`, text: renderLetter(s.words['key-request'], keyRequestValues(f, s)).text }),
};
