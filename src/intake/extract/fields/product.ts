/** @module Product: a product section, a configured product named in the report, else the name the subject and version numbers point at. */
import { findProduct } from '../product.js';
import { asIs, type AskedFieldDef } from './types.js';

const productKey = (s: string | null) => (s === null ? null : s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));

export const product: AskedFieldDef<'product', string | null, string | null> = {
  key: 'product',
  extract: (ctx) =>
    findProduct({
      subject: ctx.subject,
      declared: ctx.declared('product').map((s) => ({ text: s.text, start: s.start })),
      body: ctx.scan,
      known: Object.keys(ctx.policy.supportedVersions),
    }),
  askLabel: 'the affected product',
  isMissing: (value) => value === null,
  toJson: asIs,
  score: {
    // Case, spaces and punctuation do not make another product ("Acme Portal" is "acme-portal").
    correct: (actual, label) => productKey(actual) === productKey(label),
    labelled: (label) => label !== null,
    extracted: (actual) => actual !== null,
  },
};
