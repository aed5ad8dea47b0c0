import { describe, expect, test } from 'vitest';
import { parseAffected } from './versions.js';

describe('affected versions for advisories', () => {
  test.each([
    ['a single version is exact', '3.2.1', { kind: 'exact', version: '3.2.1' }],
    ['below a version has no lower end', '<3.2.1', { kind: 'range', from: null, to: { version: '3.2.1', inclusive: false } }],
    ['up to and including', '<=2.2.4', { kind: 'range', from: null, to: { version: '2.2.4', inclusive: true } }],
    ['from a version on has no upper end', '>=3.0.0', { kind: 'range', from: { version: '3.0.0', inclusive: true }, to: null }],
    ['strictly after a version', '>1.2.0', { kind: 'range', from: { version: '1.2.0', inclusive: false }, to: null }],
    ['a bounded range', '>=2.0.0 <2.4.0', { kind: 'range', from: { version: '2.0.0', inclusive: true }, to: { version: '2.4.0', inclusive: false } }],
    ['a major wildcard is that major line', '3.x', { kind: 'range', from: { version: '3.0.0', inclusive: true }, to: { version: '4.0.0', inclusive: false } }],
    ['a minor wildcard is that minor line', '2.3.x', { kind: 'range', from: { version: '2.3.0', inclusive: true }, to: { version: '2.4.0', inclusive: false } }],
    ['words are kept as written, not parsed', 'all versions before "the fix"', { kind: 'other', text: 'all versions before "the fix"' }],
    ['two lower bounds are not a range', '>=1.0.0 >=2.0.0', { kind: 'other', text: '>=1.0.0 >=2.0.0' }],
  ])('%s', (_n, input, expected) => {
    expect(parseAffected(input)).toEqual(expected);
  });
});
