/** @module Extraction stage: report fields with confidences from a decrypted message. Pure: no I/O, no clock, never throws on odd input. */
import { createContext } from './fields/context.js';
import { FIELDS, type AskedField, type Extraction } from './fields/index.js';
import type { ExtractInput, ExtractPolicy } from './types.js';

export type * from './types.js';
export type { AskedField, Extraction, FieldKey, FieldValues } from './fields/index.js';
export { analysedText } from './text.js';
export { scoreVector, severityOf } from './cvss.js';

export function extract(input: ExtractInput, policy: ExtractPolicy): Extraction {
  const ctx = createContext(input, policy);
  const out: Record<string, unknown> = {};
  const missing: AskedField[] = [];
  for (const f of FIELDS) {
    const found = ctx.field<unknown>(f);
    out[f.key] = found;
    if (f.askLabel !== null && (f.isMissing as (value: unknown) => boolean)(found.value)) missing.push(f.key);
  }
  return { ...out, missing, issues: FIELDS.flatMap((f) => f.issues?.(ctx) ?? []) } as Extraction;
}
