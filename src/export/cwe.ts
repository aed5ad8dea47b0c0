/** @module Official names (CWE 4.x) of the weaknesses extraction assigns; CSAF requires the name beside the id. Pure. */

const NAMES: Record<string, string> = {
  'CWE-22': "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
  'CWE-79': "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
  'CWE-89': "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
  'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
  'CWE-120': "Buffer Copy without Checking Size of Input ('Classic Buffer Overflow')",
  'CWE-200': 'Exposure of Sensitive Information to an Unauthorized Actor',
  'CWE-269': 'Improper Privilege Management',
  'CWE-287': 'Improper Authentication',
  'CWE-352': 'Cross-Site Request Forgery (CSRF)',
  'CWE-400': 'Uncontrolled Resource Consumption',
  'CWE-502': 'Deserialization of Untrusted Data',
  'CWE-601': "URL Redirection to Untrusted Site ('Open Redirect')",
  'CWE-611': 'Improper Restriction of XML External Entity Reference',
  'CWE-639': 'Authorization Bypass Through User-Controlled Key',
  'CWE-918': 'Server-Side Request Forgery (SSRF)',
};

/** The CWE's name, or null for an id outside the table (a reporter may name any CWE; a wrong name is worse than none). */
export const cweName = (id: string): string | null => NAMES[id] ?? null;
