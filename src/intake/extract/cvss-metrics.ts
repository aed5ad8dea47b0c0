/** @module The `K:V/K:V` part of a CVSS vector, checked against a version's metric table; shared by 3.x and 4.0. */

export type MetricsResult = { ok: true; metrics: Map<string, string> } | { ok: false; reason: string };

/** Every mandatory metric exactly once, nothing unknown, no duplicate. */
export function parseMetrics(parts: string[], allowedValues: Record<string, readonly string[]>, mandatory: readonly string[]): MetricsResult {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key = '', value = '', extra] = part.toUpperCase().split(':');
    const allowed = allowedValues[key];
    if (extra !== undefined || !allowed) return { ok: false, reason: `unknown metric "${part}"` };
    if (!allowed.includes(value)) return { ok: false, reason: `invalid value in "${part}"` };
    if (metrics.has(key)) return { ok: false, reason: `metric ${key} appears twice` };
    metrics.set(key, value);
  }
  const absent = mandatory.filter((k) => !metrics.has(k));
  if (absent.length > 0) return { ok: false, reason: `missing base metric(s) ${absent.join(', ')}` };
  return { ok: true, metrics };
}
