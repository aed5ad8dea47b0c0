/**
 * @module The template language of outgoing mail: `{{name}}` inserts a value, `{{#name}}…{{/name}}` repeats for a list
 * or shows for a yes / a non-empty text, `{{^name}}…{{/name}}` shows for none, `{{! … }}` is a comment (a subset of
 * Mustache, with its rule that a line holding only a section tag leaves no line behind). Logic-less and pure: a
 * template is checked once against the variables its kind declares, then rendered by walking its tree; values are
 * never read as template text, and in HTML every value is escaped.
 */

/** What a variable holds: a text, a yes/no, or a list of items with variables of their own. */
export type VariableType = 'text' | 'flag' | { list: Variables };
export type Variables = { readonly [name: string]: VariableType };

/** The values a kind hands its template, shaped by its declared variables. */
export type ValuesOf<V extends Variables> = { [K in keyof V]: V[K] extends 'text' ? string : V[K] extends 'flag' ? boolean : V[K] extends { list: infer I extends Variables } ? ValuesOf<I>[] : never };
type Value = string | boolean | readonly Values[];
export type Values = { readonly [name: string]: Value };

export type TemplateMode = 'text' | 'html';

export interface TemplateProblem {
  /** 1-based line in the template file. */
  line: number;
  /** The variable at fault, when one is. */
  variable: string | null;
  message: string;
}

type Node = { t: 'text'; text: string } | { t: 'var'; name: string; line: number; inTag: boolean } | { t: 'section'; name: string; inverted: boolean; line: number; body: Node[] };

/** A template that passed its check: rendering it cannot fail on any values of its variables. */
export interface Template {
  readonly mode: TemplateMode;
  readonly nodes: readonly Node[];
}

export type Compiled = { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] };

// Lower-case words only: `__proto__` is not a name, and `constructor` is one no kind declares (lookups are own-property).
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
// C0 controls but tab and line feed, DEL, C1: nothing a letter needs, and a header or terminal trick if it reached one.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

type Token = { t: 'text'; text: string } | { t: 'tag'; sigil: '' | '#' | '^' | '/' | '!'; name: string };

/** One line's tokens, or the problem that stops them. */
function tokenize(line: string, n: number, problems: TemplateProblem[]): Token[] {
  const out: Token[] = [];
  let at = 0;
  for (;;) {
    const open = line.indexOf('{{', at);
    if (open < 0) break;
    if (open > at) out.push({ t: 'text', text: line.slice(at, open) });
    const close = line.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push({ line: n, variable: null, message: 'unclosed tag: "{{" without "}}" on the same line' });
      return out;
    }
    const inner = line.slice(open + 2, close);
    at = close + 2;
    const sigil = /^[#^/!]/.test(inner) ? (inner[0] as '#' | '^' | '/' | '!') : '';
    if (sigil === '!') {
      out.push({ t: 'tag', sigil, name: '' });
      continue;
    }
    const name = inner.slice(sigil.length).trim();
    if (inner.startsWith('{') || inner.startsWith('&')) {
      problems.push({ line: n, variable: null, message: 'no raw insertion ({{{…}}} or {{&…}}): every value is inserted one way, escaped in HTML' });
    } else if (!NAME.test(name)) {
      problems.push({ line: n, variable: name, message: `"${name}" is not a variable name (lower-case letters, digits and _, starting with a letter)` });
    } else {
      out.push({ t: 'tag', sigil, name });
    }
  }
  if (at < line.length) out.push({ t: 'text', text: line.slice(at) });
  return out;
}

/** Mustache's standalone rule: a line holding only one section, close or comment tag (and blanks) leaves nothing behind. */
function standalone(tokens: Token[]): Token | null {
  const tags = tokens.filter((k) => k.t === 'tag');
  const blank = tokens.every((k) => k.t === 'tag' || /^[ \t]*$/.test(k.text));
  return tags.length === 1 && blank && tags[0]?.t === 'tag' && tags[0].sigil !== '' ? tags[0] : null;
}

function parse(source: string, problems: TemplateProblem[]): Node[] {
  const root: Node[] = [];
  const stack: { name: string; line: number; body: Node[] }[] = [];
  const into = () => stack.at(-1)?.body ?? root;
  let inTag = false;
  const text = (s: string) => {
    if (s === '') return;
    // Whether a value here would land inside an HTML tag: the last `<` or `>` so far decides.
    const lt = s.lastIndexOf('<');
    const gt = s.lastIndexOf('>');
    if (lt !== gt) inTag = lt > gt;
    into().push({ t: 'text', text: s });
  };
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    const n = i + 1;
    const last = i === lines.length - 1;
    const bad = CONTROL.exec(line);
    if (bad) problems.push({ line: n, variable: null, message: `control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` });
    const tokens = tokenize(line, n, problems);
    const alone = standalone(tokens);
    for (const k of alone ? [alone] : tokens) {
      if (k.t === 'text') text(k.text);
      else if (k.sigil === '') into().push({ t: 'var', name: k.name, line: n, inTag });
      else if (k.sigil === '#' || k.sigil === '^') {
        const body: Node[] = [];
        into().push({ t: 'section', name: k.name, inverted: k.sigil === '^', line: n, body });
        stack.push({ name: k.name, line: n, body });
      } else if (k.sigil === '/') {
        const top = stack.at(-1);
        if (!top) problems.push({ line: n, variable: k.name, message: `{{/${k.name}}} closes no section` });
        else if (top.name !== k.name) problems.push({ line: n, variable: k.name, message: `{{/${k.name}}} does not close {{#${top.name}}} opened on line ${top.line}` });
        else stack.pop();
      }
    }
    if (!alone && !last) text('\n');
  });
  for (const open of stack) problems.push({ line: open.line, variable: open.name, message: `unclosed section: {{#${open.name}}} has no {{/${open.name}}}` });
  return root;
}

const lookup = <T>(scopes: readonly { readonly [name: string]: T }[], name: string): T | undefined => {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as { readonly [name: string]: T };
    if (Object.hasOwn(scope, name)) return scope[name];
  }
  return undefined;
};

function check(nodes: readonly Node[], scopes: Variables[], mode: TemplateMode, problems: TemplateProblem[]): void {
  for (const node of nodes) {
    if (node.t === 'text') continue;
    const type = lookup(scopes, node.name);
    if (type === undefined) {
      const known = [...new Set(scopes.flatMap((s) => Object.keys(s)))].sort().join(', ');
      problems.push({ line: node.line, variable: node.name, message: `unknown variable {{${node.name}}}; here this template can use: ${known}` });
      continue;
    }
    if (node.t === 'section') {
      check(node.body, typeof type === 'object' && !node.inverted ? [...scopes, type.list] : scopes, mode, problems);
      continue;
    }
    if (typeof type === 'object') problems.push({ line: node.line, variable: node.name, message: `{{${node.name}}} is a list: repeat it with {{#${node.name}}}…{{/${node.name}}}` });
    else if (type === 'flag') problems.push({ line: node.line, variable: node.name, message: `{{${node.name}}} is a yes/no: use it as {{#${node.name}}}…{{/${node.name}}} or {{^${node.name}}}…{{/${node.name}}}` });
    else if (mode === 'html' && node.inTag) problems.push({ line: node.line, variable: node.name, message: `{{${node.name}}} is inside an HTML tag: values go between tags, where they are escaped` });
  }
}

/** Parses `source` and checks it against `variables`; every problem is listed, each with its line. */
export function compileTemplate(source: string, variables: Variables, mode: TemplateMode): Compiled {
  const problems: TemplateProblem[] = [];
  const nodes = parse(source, problems);
  // The tree is whole even when a section was left open, so its variables are checked too: one pass names every problem.
  check(nodes, [variables], mode, problems);
  problems.sort((a, b) => a.line - b.line);
  return problems.length === 0 ? { ok: true, template: { mode, nodes } } : { ok: false, problems };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value that reaches HTML goes through here: a title holding `<script>` or `</td>` stays text. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

function walk(nodes: readonly Node[], scopes: Values[], mode: TemplateMode, out: string[]): void {
  for (const node of nodes) {
    if (node.t === 'text') {
      out.push(node.text);
      continue;
    }
    const value = lookup(scopes, node.name);
    // compileTemplate checked every name against the kind's variables, and the kind's values are typed by them.
    if (value === undefined) throw new Error(`template value {{${node.name}}} missing: the kind's values do not match its variables`);
    if (node.t === 'var') {
      out.push(mode === 'html' ? escapeHtml(String(value)) : String(value));
      continue;
    }
    const shown = Array.isArray(value) ? value.length > 0 : value !== false && value !== '';
    if (node.inverted) {
      if (!shown) walk(node.body, scopes, mode, out);
    } else if (Array.isArray(value)) {
      for (const item of value as readonly Values[]) walk(node.body, [...scopes, item], mode, out);
    } else if (shown) {
      walk(node.body, scopes, mode, out);
    }
  }
}

export function renderTemplate(template: Template, values: Values): string {
  const out: string[] = [];
  walk(template.nodes, [values], template.mode, out);
  return out.join('');
}
