/** @module One entry point for every export format; refuses what a format cannot say (CRA off, or a report not actively exploited). Pure. */
import { SecintakeError } from '../errors.js';
import { toCra } from './cra.js';
import { toCsaf } from './csaf.js';
import { toCve } from './cve.js';
import { toOsv } from './osv.js';
import type { ExportFormat, ExportInput } from './types.js';

export { EXPORT_FORMATS, type ExportFormat, type ExportInput } from './types.js';

export function exportReport(format: ExportFormat, input: ExportInput & { craEnabled: boolean }): object {
  if (format === 'osv') return toOsv(input);
  if (format === 'csaf') return toCsaf(input);
  if (format === 'cve') return toCve(input);
  if (!input.craEnabled) throw new SecintakeError('E_EXPORT', 'the CRA summary is off in this config', { hint: 'set policy.cra: true in the config (EU Cyber Resilience Act reporting)' });
  const cra = toCra(input);
  if (!cra) {
    throw new SecintakeError('E_EXPORT', `${input.record.ref} is not marked actively exploited: no CRA notification is due`, {
      hint: 'the CRA clocks start when a report or a reply says the vulnerability is exploited in the wild',
    });
  }
  return cra;
}
