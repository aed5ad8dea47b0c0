/** @module ajv validators for the vendored OSV 1.7.4, CSAF 2.0 and CVE JSON 5.2 schemas (test/schemas/README.md), each in the draft it declares. */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = (path: string) => JSON.parse(readFileSync(new URL(`../schemas/${path}`, import.meta.url), 'utf8')) as object;

export function osvValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema('osv-1.7.4/schema.json'));
}

export function csafValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft7);
  // The CSAF schema $refs FIRST's CVSS schemas by their unversioned URLs. v2.0 and v3.0 are draft-04, which ajv 8
  // has no meta-schema for and whose `id` it refuses: they are added unchecked, their `id` dropped (the key names them).
  for (const [v, draft04] of [['2.0', true], ['3.0', true], ['3.1', false]] as const) {
    const { id: _draft04Id, ...first } = schema(`csaf-2.0/cvss-v${v}.json`) as Record<string, unknown>;
    ajv.addSchema(first, `https://www.first.org/cvss/cvss-v${v}.json`, undefined, !draft04);
  }
  return ajv.compile(schema('csaf-2.0/csaf_json_schema.json'));
}

export function cveValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema('cve-5.2.0/CVE_Record_Format_bundled.json'));
}
