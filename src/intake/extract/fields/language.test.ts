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
});
