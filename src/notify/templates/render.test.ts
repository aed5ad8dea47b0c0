import { describe, expect, test } from 'vitest';
import { compileTemplate, renderTemplate, type Values, type Variables } from './render.js';

const VARS = {
  ref: 'text',
  subject: 'text',
  final: 'flag',
  items: { list: { name: 'text', parts: { list: { part: 'text' } } } },
} as const satisfies Variables;
const VALUES: Values = { ref: 'SEC-1', subject: '', final: true, items: [{ name: 'a', parts: [{ part: '1' }, { part: '2' }] }, { name: 'b', parts: [] }] };

const render = (source: string, values: Values = VALUES, mode: 'text' | 'html' = 'text') => {
  const c = compileTemplate(source, VARS, mode);
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return renderTemplate(c.template, values);
};
const problems = (source: string, mode: 'text' | 'html' = 'text') => {
  const c = compileTemplate(source, VARS, mode);
  return c.ok ? [] : c.problems;
};

describe('template rendering', () => {
  test.each([
    ['a variable is replaced by its value', 'ref {{ref}}.', 'ref SEC-1.'],
    ['blanks inside the braces are allowed', '{{ ref }}', 'SEC-1'],
    ['a list section repeats for each item, with the item in scope and the outer names still visible', '{{#items}}[{{name}} of {{ref}}]{{/items}}', '[a of SEC-1][b of SEC-1]'],
    ['lists nest', '{{#items}}{{name}}:{{#parts}}{{part}}{{/parts}};{{/items}}', 'a:12;b:;'],
    ['a yes shows its section, an inverted one hides', '{{#final}}last{{/final}}{{^final}}more{{/final}}', 'last'],
    ['an empty text hides its section and shows its inverse', '{{#subject}}S{{/subject}}{{^subject}}none{{/subject}}', 'none'],
    ['a line holding only a section tag leaves no line behind', 'a\n{{#final}}\nb\n{{/final}}\nc', 'a\nb\nc'],
    ['an indented standalone tag leaves no blanks either', 'a\n  {{#final}}  \nb\n  {{/final}}\nc', 'a\nb\nc'],
    ['a comment line is dropped, an inline comment leaves its text', '{{! who reads this }}\nx{{! inline }}y', 'xy'],
  ])('%s', (_n, source, expected) => {
    expect(render(source)).toBe(expected);
  });

  test('a value is never read as a template: braces in a report subject stay as they are', () => {
    const values = { ...VALUES, items: [{ name: '{{ref}}', parts: [] }, { name: '{{#final}}{{/final}}', parts: [] }] };
    expect(render('{{#items}}{{name}};{{/items}}', values)).toBe('{{ref}};{{#final}}{{/final}};');
  });

  test.each([
    ['escapes every value, so a hostile one stays text', '<td>{{ref}}</td>', { ...VALUES, ref: '<script>alert(1)</script></td>"&\'' }, '<td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&quot;&amp;&#39;</td>'],
    ['leaves the template\'s own markup alone', '<p class="x">{{#final}}<b>done</b>{{/final}}</p>', VALUES, '<p class="x"><b>done</b></p>'],
  ])('in HTML, rendering %s', (_n, source, values, expected) => {
    expect(render(source, values, 'html')).toBe(expected);
  });
});

describe('template problems', () => {
  test.each([
    ['an unknown variable', 'Hello\n{{passphrase}}', 2, 'passphrase', /unknown variable \{\{passphrase\}\}; here this template can use: final, items, ref, subject/],
    ['a prototype key', '{{constructor}}', 1, 'constructor', /unknown variable/],
    ['another prototype key', '{{#hasOwnProperty}}x{{/hasOwnProperty}}', 1, 'hasOwnProperty', /not a variable name/],
    ['__proto__', '{{__proto__}}', 1, '__proto__', /not a variable name/],
    ['toString', '{{tostring}}{{toString}}', 1, 'toString', /not a variable name/],
    ['an item variable outside its list', '{{#final}}{{name}}{{/final}}', 1, 'name', /unknown variable \{\{name\}\}/],
    ['an item variable in the inverse of its list', '{{^items}}{{name}}{{/items}}', 1, 'name', /unknown variable/],
    ['an unclosed section', 'a\n{{#items}}\n{{name}}', 2, 'items', /unclosed section: \{\{#items\}\} has no \{\{\/items\}\}/],
    ['a section closed by another name', '{{#items}}\n{{/final}}', 2, 'final', /does not close \{\{#items\}\} opened on line 1/],
    ['a close without an open', 'x {{/items}}', 1, 'items', /closes no section/],
    ['a tag left open on its line', 'Hello {{ref\n}}', 1, null, /unclosed tag/],
    ['a list used as a text', '{{items}}', 1, 'items', /is a list: repeat it with \{\{#items\}\}/],
    ['a yes/no used as a text', '{{final}}', 1, 'final', /is a yes\/no/],
    ['raw insertion', '{{{ref}}}', 1, null, /no raw insertion/],
    ['raw insertion, the other spelling', '{{&ref}}', 1, null, /no raw insertion/],
    ['a control character', 'a\nb\u001b[31m', 2, null, /control character U\+001B/],
  ])('%s is refused with its line and variable', (_n, source, line, variable, message) => {
    const found = problems(source);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toContainEqual({ line, variable, message: expect.stringMatching(message) });
  });

  test.each([
    ['inside a tag', '<td class={{ref}}>x</td>'],
    ['inside an attribute value', '<a href="{{ref}}">x</a>'],
    ['inside a tag opened on an earlier line', '<td\n title="{{ref}}">x</td>'],
  ])('in HTML, a value %s is refused: values go between tags', (_n, source) => {
    expect(problems(source, 'html')).toContainEqual({ line: expect.any(Number), variable: 'ref', message: expect.stringMatching(/inside an HTML tag/) });
    expect(problems(source, 'text')).toEqual([]);
  });

  test('every problem of a template is listed, not only the first, in line order', () => {
    expect(problems('{{a1}}\n{{#items}}\n{{b2}}').map((p) => [p.line, p.variable])).toEqual([[1, 'a1'], [2, 'items'], [3, 'b2']]);
    expect(problems('{{a1}}\n{{b2}}').map((p) => [p.line, p.variable])).toEqual([[1, 'a1'], [2, 'b2']]);
  });
});
