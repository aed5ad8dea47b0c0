/**
 * @module Reads `templates.dir` (`<language>/<file>`, e.g. `fr/ack.txt`) over the built-in sets, at start and on reload:
 * every file is checked, and every problem is named with its file, line and variable. A missing file keeps the built-in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SecintakeError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { compileLetter, builtinTemplateSet, templateSet, wordsWith, type Letter, type TemplateSet } from './set.js';
import { isTemplateLanguage, TEMPLATE_LANGUAGES, TEMPLATE_NAMES, TEMPLATES, type TemplateLanguage, type TemplateName } from './variables.js';

export interface TemplateFileProblem {
  file: string;
  line: number | null;
  variable: string | null;
  message: string;
}

export type LoadedTemplates = { ok: true; set: TemplateSet; files: string[] } | { ok: false; problems: TemplateFileProblem[] };

const FILES = new Map<string, TemplateName>(TEMPLATE_NAMES.map((n) => [TEMPLATES[n].file, n]));
const utf8 = new TextDecoder('utf-8', { fatal: true });

const entries = (dir: string, problems: TemplateFileProblem[]): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch (e) {
    problems.push({ file: dir, line: null, variable: null, message: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return [];
  }
};

function readTemplate(file: string, problems: TemplateFileProblem[]): string | null {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > LIMITS.templateMaxBytes) {
      problems.push({ file, line: null, variable: null, message: `${size} bytes: a template holds at most ${LIMITS.templateMaxBytes}` });
      return null;
    }
    bytes = readFileSync(file);
  } catch (e) {
    problems.push({ file, line: null, variable: null, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return null;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    problems.push({ file, line: null, variable: null, message: 'not UTF-8 text' });
    return null;
  }
}

/** The team's templates over the built-ins; `dir` null means the built-ins alone. */
export function loadTemplates(dir: string | null, languages: readonly string[]): LoadedTemplates {
  if (dir === null) return { ok: true, set: builtinTemplateSet(languages), files: [] };
  const problems: TemplateFileProblem[] = [];
  const overrides: Record<TemplateLanguage, Partial<Record<TemplateName, Letter>>> = { en: {}, fr: {} };
  const files: string[] = [];
  for (const language of entries(dir, problems)) {
    if (!isTemplateLanguage(language)) {
      problems.push({ file: join(dir, language), line: null, variable: null, message: `not a language folder: secintake has words for ${TEMPLATE_LANGUAGES.join(', ')}` });
      continue;
    }
    for (const name of entries(join(dir, language), problems)) {
      const file = join(dir, language, name);
      const kind = FILES.get(name);
      if (!kind) {
        problems.push({ file, line: null, variable: null, message: `not a template file (a typo?): the files are ${[...FILES.keys()].join(', ')}` });
        continue;
      }
      const source = readTemplate(file, problems);
      if (source === null) continue;
      const compiled = compileLetter(source, kind);
      if (compiled.ok) overrides[language][kind] = compiled.letter;
      else problems.push(...compiled.problems.map((p) => ({ file, ...p })));
      files.push(file);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, set: templateSet({ en: wordsWith('en', overrides.en), fr: wordsWith('fr', overrides.fr) }, languages), files };
}

/** `FILE:LINE: message`, the message naming the variable at fault: one line per problem, for `config check` and the start. */
export const describeTemplateProblem = (p: TemplateFileProblem): string => `${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.message}`;
const formatTemplateProblems = (problems: readonly TemplateFileProblem[]): string => problems.map((p) => `  ${describeTemplateProblem(p)}`).join('\n');

/** For the daemon and every command: a bad template stops the start, with the same words `config check` prints. */
export function loadTemplatesOrThrow(dir: string | null, languages: readonly string[]): TemplateSet {
  const loaded = loadTemplates(dir, languages);
  if (loaded.ok) return loaded.set;
  throw new SecintakeError('E_TEMPLATE_INVALID', `templates.dir has ${loaded.problems.length} problem(s):\n${formatTemplateProblems(loaded.problems)}`, {
    hint: 'fix the templates named above (README "Templates" lists each file\'s variables), then run `secintake config check`',
  });
}
