/** @module Special configuration: a configuration or prerequisites section, else a sentence saying what must be enabled. */
import { best, clip, fromSection, isCodeAt, NONE, narrativeOf, type NarrativeInput, type Text } from '../narrative.js';
import { anyOf } from '../pattern.js';
import { sentenceAt } from '../text.js';
import { asIs, type AskedFieldDef } from './types.js';

/** Sentences about the configuration a report needs (or says it does not need). */
export const CONFIG_PARTS = {
  onlyWhen: String.raw`only (?:when|if|works when|exploitable when)`,
  requires: String.raw`requires? (?:the |that |a |an )?[^.\n]{0,40}?(?:enabled|option|setting|configured|configuration|plugin|module|feature|flag)|(?:must|needs to) be (?:enabled|configured|turned on)`,
  notDefault: String.raw`non-default|not (?:enabled )?by default`,
  byDefault: String.raw`(?:in|with) (?:the |a )?default (?:configuration|config|settings|install(?:ation)?)|out of the box|default install(?:ation)?|no special configuration`,
  french: String.raw`nécessite (?:que |l'|d')?[^.\n]{0,40}|uniquement (?:si|lorsque|quand)|seulement (?:si|lorsque)|(?:est|soit) activée?|configuration par défaut|installation par défaut|aucune configuration particulière`,
};
const CONFIG_SENTENCE = new RegExp(String.raw`\b(?:${anyOf(CONFIG_PARTS)})`, 'i');

export function findSpecialConfiguration(input: NarrativeInput): Text {
  const s = best(input.sections, 'config');
  if (s) return fromSection(s, 0.85);
  const text = input.body.text.slice(0, input.scanEnd);
  const m = CONFIG_SENTENCE.exec(text);
  if (!m || isCodeAt(input.body, m.index)) return NONE;
  const [a, b] = sentenceAt(text, m.index, m.index + m[0].length);
  return { value: clip(text.slice(a, b)), confidence: 0.5, span: [a, b] };
}

export const specialConfiguration: AskedFieldDef<'specialConfiguration', string | null> = {
  key: 'specialConfiguration',
  extract: (ctx) => findSpecialConfiguration(narrativeOf(ctx)),
  askLabel: 'any special configuration needed to reproduce',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: null,
};
