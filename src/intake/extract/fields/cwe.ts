/** @module CWE ids: the ones the report names, else the default of its vulnerability type. */
import { cwesFor } from '../type.js';
import { setRule } from './score.js';
import { asIs, type FieldDef } from './types.js';
import { statedCwes, vulnerabilityType } from './vulnerability-type.js';

export const cwe: FieldDef<'cwe', string[], string[]> = {
  key: 'cwe',
  extract(ctx) {
    const stated = ctx.once(statedCwes);
    const kind = ctx.field(vulnerabilityType);
    const named = stated.ids.length > 0;
    // A default id is only as sure as the type it comes from.
    return { value: cwesFor(kind.value, stated.ids), confidence: named ? 0.95 : kind.confidence * 0.8, span: named ? stated.span : null };
  },
  askLabel: null,
  toJson: asIs,
  score: setRule(),
};
