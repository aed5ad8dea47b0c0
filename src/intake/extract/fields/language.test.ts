import { describe, expect, test } from 'vitest';
import { detectLanguage } from './language.js';

describe('language', () => {
  test.each([
    ['an English report', 'The search endpoint is vulnerable to SQL injection and an attacker can read the database.', 'en'],
    ['a French report', "Le paramètre q de la page de recherche est vulnérable à une injection SQL, ce qui permet de lire la base.", 'fr'],
    ['a short French line', "Bonjour, j'ai trouvé une faille dans votre site.", 'fr'],
    ['non-native English', 'I find one SSRF problem in acme-web. The webhook function can send request to the internal address.', 'en'],
    ['no words defaults to English', '12345 !!!', 'en'],
  ])('%s is %s', (_name, text, expected) => {
    expect(detectLanguage(text).value).toBe(expected);
  });

  // ASCII texts are read in place, others by the word pattern: both count the same words (figures from before the split).
  test.each([
    ['one word each way', 'the le', 'en', 0.51],
    ['an elision before an English word', "L'the", 'en', 0.51],
    ['a run of 20 letters cut before "the"', `${'a'.repeat(20)}the le le`, 'fr', 0.6816666666666666],
    ['a run of 22 letters cut inside "the"', `${'x'.repeat(19)}the le`, 'fr', 0.99],
    ['"qu\'" in either case', "qu'the QU'le", 'fr', 0.77],
    ['apostrophes around a word', "THE 'the the' LE", 'en', 0.51],
    ['every elided article and pronoun', "n'a d'or s'il c'est j'ai l'an the", 'fr', 0.8500000000000001],
    ['accents outside ASCII', 'the le été', 'fr', 0.7317857142857143],
    ['a typographic apostrophe', 'Qu’il the', 'fr', 0.6816666666666666],
  ])('%s', (_name, text, value, confidence) => {
    expect(detectLanguage(text)).toEqual({ value, confidence, span: null });
  });
});
