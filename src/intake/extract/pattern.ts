/** @module Long patterns built from named parts, so each alternative reads, and is tested, on its own. */

/** The parts as one alternation, in order: as in a single long pattern, the first part that matches wins. */
export const anyOf = (parts: Readonly<Record<string, string>>): string => Object.values(parts).join('|');
