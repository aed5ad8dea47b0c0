/**
 * @module A language's compiled templates (the built-in set, or the team's files over it) and the choice of language:
 * a report is answered in its language when the team lists it in `policy.languages`, else in English; the digest is in
 * the team's first language. Pure.
 */
import { EN } from './builtin-en.js';
import { FR } from './builtin-fr.js';
import { compileTemplate, renderTemplate, type Template, type TemplateProblem, type Values } from './render.js';
import { isTemplateLanguage, TEMPLATE_NAMES, TEMPLATES, type TemplateLanguage, type TemplateName } from './variables.js';

/** A compiled text: its encrypted inner subject (for the kinds that have one) and its body. */
export interface Letter {
  subject: Template | null;
  body: Template;
}

/** The words of one language: a letter per templated text. */
export type Words = { readonly language: TemplateLanguage } & { readonly [N in TemplateName]: Letter };

export type CompiledLetter = { ok: true; letter: Letter } | { ok: false; problems: TemplateProblem[] };

const SUBJECT = /^Subject:[ \t]?(.*)$/;

/**
 * A template file's text as a letter. Line breaks are LF (a CRLF file reads the same), and the file's last line break
 * ends the file, not the text. A kind with an inner subject starts with `Subject: …` and a blank line.
 */
export function compileLetter(source: string, name: TemplateName): CompiledLetter {
  const spec = TEMPLATES[name];
  const text = source.replace(/\r\n/g, '\n').replace(/\n$/, '');
  const lines = text.split('\n');
  const subjectLine = SUBJECT.exec(lines[0] ?? '');
  if (!spec.innerSubject) {
    if (subjectLine) return fail(1, `the subject of ${name} mail is built in (it is cleartext, or counts only): remove the Subject: line`);
    const body = compileTemplate(text, spec.variables, spec.mode);
    return body.ok ? { ok: true, letter: { subject: null, body: body.template } } : body;
  }
  if (!subjectLine || lines[1] !== '') return fail(1, `a ${name} template starts with a "Subject: …" line (the subject inside the encryption), then a blank line`);
  const subject = compileTemplate(subjectLine[1] as string, spec.variables, 'text');
  const body = compileTemplate(lines.slice(2).join('\n'), spec.variables, spec.mode);
  if (!subject.ok || !body.ok) return { ok: false, problems: [...(subject.ok ? [] : subject.problems), ...(body.ok ? [] : shift(body.problems, 2))] };
  return { ok: true, letter: { subject: subject.template, body: body.template } };
}

const fail = (line: number, message: string): CompiledLetter => ({ ok: false, problems: [{ line, variable: null, message }] });
const shift = (problems: TemplateProblem[], by: number) => problems.map((p) => ({ ...p, line: p.line + by }));

/** Renders a letter: its inner subject (null for kinds without one) and its text. */
export function renderLetter(letter: Letter, values: Values): { subject: string | null; text: string } {
  return { subject: letter.subject ? renderTemplate(letter.subject, values) : null, text: renderTemplate(letter.body, values) };
}

/** For the kinds with an inner subject: compileLetter refused any of their templates without one. */
export function renderWithSubject(letter: Letter, values: Values): { subject: string; text: string } {
  const { subject, text } = renderLetter(letter, values);
  if (subject === null) throw new Error('a letter of a kind with an inner subject has none: compileLetter should have refused it');
  return { subject, text };
}

const BUILTIN_SOURCES: Record<TemplateLanguage, Record<TemplateName, string>> = { en: EN, fr: FR };
const builtins = new Map<TemplateLanguage, Words>();

/** The built-in words of a language; they are checked by the tests, so one that does not compile is a bug. */
export function builtinWords(language: TemplateLanguage): Words {
  let words = builtins.get(language);
  if (!words) builtins.set(language, (words = withLetters(language, (name) => BUILTIN_SOURCES[language][name])));
  return words;
}

/** The words of `language` with `overrides` (compiled letters by name) in place of the built-in ones. */
export function wordsWith(language: TemplateLanguage, overrides: Partial<Record<TemplateName, Letter>>): Words {
  const base = builtinWords(language);
  return { ...base, ...overrides, language };
}

function withLetters(language: TemplateLanguage, source: (name: TemplateName) => string): Words {
  const letters = {} as Record<TemplateName, Letter>;
  for (const name of TEMPLATE_NAMES) {
    const compiled = compileLetter(source(name), name);
    if (!compiled.ok) throw new Error(`built-in ${language}/${TEMPLATES[name].file} does not compile: ${JSON.stringify(compiled.problems)}`);
    letters[name] = compiled.letter;
  }
  return { language, ...letters };
}

/** The words a running secintake speaks: one set per language, and which to use for whom. */
export interface TemplateSet {
  /** Every language's words, whether the team answers in it or not (`config check` renders them all). */
  all: Readonly<Record<TemplateLanguage, Words>>;
  /** For a report written in `language`: that language when the team lists it and has words for it, else English. */
  forReport(language: string | null): Words;
  /** For the team (the digest): the first language of `policy.languages` there are words for, else English. */
  forTeam(): Words;
}

/** `fr-FR` and `fr-CA` in `policy.languages` mean the French set; a report's language is a bare `en` or `fr`. */
const primary = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? '';

export function templateSet(words: Readonly<Record<TemplateLanguage, Words>>, languages: readonly string[]): TemplateSet {
  const listed = languages.map(primary).filter(isTemplateLanguage);
  return {
    all: words,
    forReport: (language) => (language !== null && isTemplateLanguage(language) && listed.includes(language) ? words[language] : words.en),
    forTeam: () => words[listed[0] ?? 'en'],
  };
}

/** The built-in sets, chosen by `languages`: what runs without `templates.dir`. */
export const builtinTemplateSet = (languages: readonly string[]): TemplateSet => templateSet({ en: builtinWords('en'), fr: builtinWords('fr') }, languages);
