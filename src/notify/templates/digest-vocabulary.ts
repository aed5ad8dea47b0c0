/** @module The digest's words per language: section titles, the summary's counts, key-health problems and the pieces of a line. */
import type { KeyLine, Section } from '../../report/digest.js';
import type { TemplateLanguage } from './variables.js';

export interface DigestVocabulary {
  /** The Intl locale of weekdays in deadlines and of the summary's plurals. */
  locale: string;
  titles: Record<Section, string>;
  /** The summary's words, one and other (chosen by `Intl.PluralRules`, so French 0 and 1 are singular): short, so the whole count fits one line. */
  summary: Record<Section, readonly [one: string, other: string]>;
  keys: Record<KeyLine['problem'], string>;
  noTitle: string;
  noSeverity: string;
  noDeadline: string;
  unassigned: string;
  /** What is due on a report line: the next deadline's kind, and whether it has passed. */
  due: (kind: string, overdue: boolean) => string;
  assignedTo: (who: string) => string;
  flags: (flags: string) => string;
  message: (id: number) => string;
  failed: string;
  captured: (when: string) => string;
  outbox: (id: number) => string;
  attempts: (status: string, attempts: number) => string;
  craDue: (overdue: boolean, when: string) => string;
}

export const DIGEST_VOCABULARY: Record<TemplateLanguage, DigestVocabulary> = {
  en: {
    locale: 'en-GB',
    titles: {
      overdue: 'Overdue',
      cra: 'CRA Art. 14 clocks due',
      due: 'Due within 3 business days',
      disclosures: 'Disclosures in the next 7 days',
      new: 'New since the last digest',
      waiting: 'Waiting on the reporter',
      thirdParty: 'Third-party or unverified messages',
      suspicious: 'Replays and suspicious mail',
      failed: 'Failed messages',
      outbox: 'Dead or long-deferred outbox mail',
      keys: 'Key health',
    },
    summary: {
      overdue: ['overdue', 'overdue'],
      cra: ['CRA clock due', 'CRA clocks due'],
      due: ['due', 'due'],
      disclosures: ['disclosure this week', 'disclosures this week'],
      new: ['new', 'new'],
      waiting: ['waiting on a reporter', 'waiting on reporters'],
      thirdParty: ['third-party', 'third-party'],
      suspicious: ['suspicious', 'suspicious'],
      failed: ['failed', 'failed'],
      outbox: ['outbox stuck', 'outbox stuck'],
      keys: ['key problem', 'key problems'],
    },
    keys: {
      'team-key-expired': 'team key expired: nothing can be signed (`secintake keys generate --rotate`)',
      'team-key-expiring': 'team key expires soon (`secintake keys generate --rotate`)',
      'security-txt-expires': 'security.txt Expires lapses with the team key (re-render after the rotation)',
      'reporter-key-expiring': "reporter's key expires before the disclosure date",
      'reporter-key-pending': 'reporter key change waits for approval (`secintake keys pending`)',
      'recipient-without-key': 'digest recipient without a usable key: sent a notice only (`secintake keys import --recipient FILE`)',
    },
    noTitle: '(no title)',
    noSeverity: 'severity unknown',
    noDeadline: 'no open deadline',
    unassigned: 'unassigned',
    due: (kind, overdue) => `${kind} ${overdue ? 'overdue' : 'due'}`,
    assignedTo: (who) => `assigned to ${who}`,
    flags: (flags) => `flags: ${flags}`,
    message: (id) => `message ${id}`,
    failed: 'failed',
    captured: (when) => `captured ${when}`,
    outbox: (id) => `outbox ${id}`,
    attempts: (status, n) => `${status} after ${n} attempt(s)`,
    craDue: (overdue, when) => `${overdue ? 'overdue since' : 'due'} ${when}`,
  },
  fr: {
    locale: 'fr-FR',
    titles: {
      overdue: 'En retard',
      cra: 'Échéances CRA (art. 14) à tenir',
      due: 'À échéance sous 3 jours ouvrés',
      disclosures: 'Divulgations dans les 7 prochains jours',
      new: 'Nouveaux depuis le dernier récapitulatif',
      waiting: "En attente de l'auteur du signalement",
      thirdParty: 'Messages de tiers ou non vérifiés',
      suspicious: 'Rejeux et courriels suspects',
      failed: 'Messages en échec',
      outbox: "Courriels sortants abandonnés ou différés depuis longtemps",
      keys: 'État des clés',
    },
    summary: {
      overdue: ['en retard', 'en retard'],
      cra: ['échéance CRA', 'échéances CRA'],
      due: ['à échéance', 'à échéance'],
      disclosures: ['divulgation cette semaine', 'divulgations cette semaine'],
      new: ['nouveau', 'nouveaux'],
      waiting: ["en attente de l'auteur", 'en attente des auteurs'],
      thirdParty: ['de tiers', 'de tiers'],
      suspicious: ['suspect', 'suspects'],
      failed: ['en échec', 'en échec'],
      outbox: ['sortant bloqué', 'sortants bloqués'],
      keys: ['problème de clés', 'problèmes de clés'],
    },
    keys: {
      'team-key-expired': "clé de l'équipe expirée : plus rien ne peut être signé (`secintake keys generate --rotate`)",
      'team-key-expiring': "la clé de l'équipe expire bientôt (`secintake keys generate --rotate`)",
      'security-txt-expires': "l'Expires de security.txt tombe avec la clé de l'équipe (à régénérer après la rotation)",
      'reporter-key-expiring': "la clé de l'auteur expire avant la date de divulgation",
      'reporter-key-pending': "un changement de clé d'auteur attend une approbation (`secintake keys pending`)",
      'recipient-without-key': "destinataire du récapitulatif sans clé utilisable : il n'a reçu qu'un avis (`secintake keys import --recipient FILE`)",
    },
    noTitle: '(sans titre)',
    noSeverity: 'gravité inconnue',
    noDeadline: 'aucune échéance ouverte',
    unassigned: 'non attribué',
    due: (kind, overdue) => `${kind} ${overdue ? 'en retard' : 'à échéance'}`,
    assignedTo: (who) => `attribué à ${who}`,
    flags: (flags) => `indicateurs : ${flags}`,
    message: (id) => `message ${id}`,
    failed: 'échec',
    captured: (when) => `capturé ${when}`,
    outbox: (id) => `sortant ${id}`,
    attempts: (status, n) => `${status} après ${n} tentative(s)`,
    craDue: (overdue, when) => `${overdue ? 'en retard depuis' : 'échéance'} ${when}`,
  },
};
