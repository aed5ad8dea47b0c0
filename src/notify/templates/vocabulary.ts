/**
 * @module The words a template's values are made of, per language: status names, why a key cannot be used, what we ask
 * a reporter for, how dates are written. Sentences live in the templates; these are the pieces code fills them with.
 */
import type { ReporterKeyChoice } from '../../crypto/reporter-key.js';
import { askLabel, type AskedField } from '../../intake/extract/fields/index.js';
import type { KeyStatus } from '../../report/types.js';
import { REPORTER_KEY_WORDS } from '../messages/format.js';
import type { TemplateLanguage } from './variables.js';

export interface Vocabulary {
  /** The Intl locale `when()` writes dates in (weekday and month names, the zone's abbreviation). */
  dateLocale: string;
  status: Record<string, string>;
  reporterKey: Record<Extract<ReporterKeyChoice, { ok: false }>['reason'], string>;
  keyStatus: Record<KeyStatus, string>;
  ask: (field: string) => string;
}

const EN_STATUS: Record<string, string> = {
  new: 'received, waiting for triage',
  triaged: 'triaged: we are assessing it',
  accepted: 'accepted as a vulnerability',
  rejected: 'closed without a fix',
  'fix-scheduled': 'a fix is scheduled',
  fixed: 'fixed',
  disclosed: 'publicly disclosed',
  resolved: 'resolved',
};

const FR_ASK: Record<AskedField, string> = {
  affectedVersions: 'la ou les versions concernées',
  impact: "l'impact : ce qu'un attaquant y gagne",
  poc: "une preuve de concept (code, requête ou capture d'écran)",
  product: 'le produit concerné',
  reportedToMitre: "si vous l'avez signalé au MITRE ou demandé un CVE",
  reporter: 'le nom ou pseudonyme à créditer, et comment vous joindre',
  specialConfiguration: 'toute configuration particulière nécessaire pour reproduire',
  steps: 'les étapes pour reproduire, une à une',
  vulnerabilityType: 'le type de problème (XSS, injection SQL, RCE…)',
};

export const VOCABULARY: Record<TemplateLanguage, Vocabulary> = {
  en: {
    dateLocale: 'en-GB',
    status: EN_STATUS,
    reporterKey: REPORTER_KEY_WORDS,
    keyStatus: { current: 'current', retired: 'retired', expired: 'expired' },
    ask: (field) => askLabel(field) ?? field,
  },
  fr: {
    dateLocale: 'fr-FR',
    status: {
      new: 'reçu, en attente de tri',
      triaged: "trié : nous l'évaluons",
      accepted: 'reconnu comme une vulnérabilité',
      rejected: 'clos sans correction',
      'fix-scheduled': 'une correction est planifiée',
      fixed: 'corrigé',
      disclosed: 'divulgué publiquement',
      resolved: 'résolu',
    },
    reporterKey: {
      none: "nous n'avons pas de clé publique pour votre adresse",
      expired: 'votre clé publique a expiré',
      revoked: 'votre clé publique est révoquée',
      'cannot-encrypt': 'votre clé publique ne permet pas le chiffrement',
    },
    keyStatus: { current: 'actuelle', retired: 'retirée', expired: 'expirée' },
    ask: (field) => (Object.hasOwn(FR_ASK, field) ? FR_ASK[field as AskedField] : field),
  },
};

/** A report status in the language's words; an unknown status is shown as it is. */
export const statusIn = (v: Vocabulary, status: string): string => (Object.hasOwn(v.status, status) ? (v.status[status] as string) : status);
