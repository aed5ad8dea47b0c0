/** @module Vulnerability type (the corpus vocabulary) by weighted keywords, and CWE ids: explicit ones, else the type's default. */
import { LIMITS } from '../../limits.js';
import { indexTrigrams, mayMatch, type TrigramIndex } from './trigrams.js';
import type { VulnerabilityType } from './types.js';

/** Default CWE of each type (test/corpus/README.md); `other` has none. */
export const DEFAULT_CWE: Record<Exclude<VulnerabilityType, 'other'>, string> = {
  xss: 'CWE-79', sqli: 'CWE-89', rce: 'CWE-94', ssrf: 'CWE-918', xxe: 'CWE-611', csrf: 'CWE-352', idor: 'CWE-639',
  'auth-bypass': 'CWE-287', 'path-traversal': 'CWE-22', 'open-redirect': 'CWE-601', deserialization: 'CWE-502',
  'buffer-overflow': 'CWE-120', dos: 'CWE-400', 'info-disclosure': 'CWE-200', 'privilege-escalation': 'CWE-269',
};

/** CWE ids that name a type outright, so an explicit id decides the type when words are ambiguous. */
const CWE_TYPE: Record<string, VulnerabilityType> = {
  79: 'xss', 80: 'xss', 83: 'xss', 87: 'xss', 89: 'sqli', 564: 'sqli', 94: 'rce', 77: 'rce', 78: 'rce', 95: 'rce', 1336: 'rce',
  918: 'ssrf', 611: 'xxe', 776: 'dos', 352: 'csrf', 639: 'idor', 932: 'idor', 287: 'auth-bypass', 288: 'auth-bypass',
  290: 'auth-bypass', 294: 'auth-bypass', 306: 'auth-bypass', 1390: 'auth-bypass', 22: 'path-traversal', 23: 'path-traversal',
  35: 'path-traversal', 36: 'path-traversal', 73: 'path-traversal', 98: 'path-traversal', 601: 'open-redirect',
  502: 'deserialization', 119: 'buffer-overflow', 120: 'buffer-overflow', 121: 'buffer-overflow', 122: 'buffer-overflow',
  125: 'buffer-overflow', 787: 'buffer-overflow', 400: 'dos', 770: 'dos', 1333: 'dos', 834: 'dos', 835: 'dos',
  200: 'info-disclosure', 201: 'info-disclosure', 209: 'info-disclosure', 532: 'info-disclosure', 538: 'info-disclosure',
  548: 'info-disclosure', 269: 'privilege-escalation', 250: 'privilege-escalation', 266: 'privilege-escalation', 274: 'privilege-escalation',
};

/** Keywords per type, on lower-cased text; strong words name the class, weak ones are symptoms (payloads, tools). */
const KEYWORDS: [VulnerabilityType, RegExp, number][] = [
  ['xss', /\bxss\b|cross[- ]site[- ]scripting|script intersite|injection de (?:code )?(?:script|javascript|html)|html injection|injection html/g, 3],
  ['xss', /<script|javascript:|onerror\s?=|onload\s?=|alert\(|document\.cookie|<svg\/?\s?on|<img src=/g, 1],
  ['sqli', /\bsqli\b|sql[- ]injection|injection (?:sql|de (?:code )?sql)|injection sql|blind sql|\bsql\b.{0,20}\binjection/g, 3],
  ['sqli', /union(?:\s|\/\*\*\/)+(?:all\s+)?select|' or '?1'?='?1|or 1=1|\bsqlmap\b|sleep\(\d|pg_sleep|waitfor delay|sql syntax|string concatenation/g, 1],
  ['sqli', /execute (?:arbitrary )?sql|arbitrary sql|(?:where|order by|group by) clause[^.\n]{0,80}(?:concatenat|user-supplied|unsanitized|without validation)|requête sql[^.\n]{0,60}concaténation/g, 2],
  ['rce', /remote code execution|\brce\b|(?:os |shell |system )?command injection|code injection|injection de commandes?|exécution (?:de code|de commandes?|arbitraire)|arbitrary (?:code|command)s? execution|execut(?:e|ion of) arbitrary (?:code|commands?|shell)|template injection|\bssti\b|log4shell|\$\{jndi:/g, 3],
  ['rce', /reverse shell|\bexec\(|\beval\(|system\(|popen|child_process|; ?id\b|\|\s?id\b|`id`|\$\(id\)/g, 1],
  ['ssrf', /\bssrf\b|server[- ]side request forgery|falsification de requêtes? (?:côté serveur|c[ôo]t[ée] serveur)/g, 3],
  ['ssrf', /169\.254\.169\.254|metadata\.google|internal (?:network|services?|hosts?) (?:requests?|from the server)|localhost:\d{2,5}/g, 1],
  ['xxe', /\bxxe\b|xml external entit(?:y|ies)|entités? externes? xml|entité externe/g, 3],
  ['xxe', /<!entity|<!doctype [^>]{0,40}\[|system "file:/g, 1],
  ['csrf', /\bcsrf\b|\bxsrf\b|cross[- ]site request forgery|falsification de requêtes? inter-?sites?/g, 3],
  ['csrf', /csrf[_-]?token|anti-csrf|samesite/g, 1],
  ['idor', /\bidor\b|insecure direct object reference|référence directe (?:à un objet )?non sécurisée|broken object level authori[sz]ation|\bbola\b/g, 3],
  ['idor', /(?:other|another|any) (?:users?|customers?|tenants?|accounts?)'?s? (?:data|invoices?|orders?|documents?|files?|records?|profiles?|messages?)|changing the (?:id|user_?id|account_?id)|d'autres utilisateurs|autre utilisateur|(?:every|any) other (?:users?|customers?|tenants?|accounts?)/g, 1],
  ['idor', /(?:of|from|belonging to) (?:other|another|different|every other|any other) (?:organi[sz]ations?|tenants?|users?|customers?|accounts?|companies|teams?)|chang\w* (?:the )?\w{0,20}_?id (?:parameter|value|field)|across (?:accounts|tenants|users|customers|organi[sz]ations|projects)|belongs? to the (?:authenticated|current|logged-in|requesting) (?:user|account|customer|tenant)|(?:walk|iterate|enumerat\w*|increment\w*) (?:over )?(?:the )?(?:\w+ )?ids\b|ids are (?:sequential|predictable|incremental)|sequential ids|appartient (?:bien )?à l'utilisateur/g, 2],
  ['auth-bypass', /auth(?:entication)?[- ]bypass|bypass(?:es|ing)? (?:the )?(?:authentication|login|2fa|mfa|sso|auth\w*|password|signature check)|contournement (?:de l'|d')authentification|contourner l'authentification|improper authentication|broken authentication|missing authentication|login bypass|signature wrapping|(?:skips?|bypass\w*|circumvents?) the (?:\w+ )?(?:middleware|auth\w* check|login check|api key check)|(?:can be )?accessed without (?:a |any )?(?:password|login|authentication|credentials)|unauthenticated access to|accepts? unsigned/g, 3],
  ['auth-bypass', /\bjwt\b.{0,40}(?:none|unsigned|signature)|alg"?:\s?"?none|session fixation|default credentials|identifiants par défaut|without (?:any |a )?(?:authentication|password)|sans (?:authentification|mot de passe)|\bbypass\b/g, 1],
  ['path-traversal', /path traversal|directory traversal|traversée de (?:répertoires?|chemin)|parcours de (?:répertoires?|chemin)|local file inclusion|\blfi\b|zip ?slip/g, 3],
  ['path-traversal', /\.\.\/\.\.\/|\.\.%2f|%2e%2e|\.\.\\\\|\/etc\/passwd|arbitrary file read|lecture (?:de fichiers )?arbitraire/g, 1],
  ['open-redirect', /open[- ]redirect(?:ion)?|unvalidated redirect|redirection ouverte|redirection arbitraire|arbitrary redirect/g, 3],
  ['open-redirect', /redirect(?:_uri|url|_to)?=https?|returnurl=|\?next=https?|redirige vers/g, 1],
  ['deserialization', /deseriali[sz]ation|unseriali[sz]|désérialisation|insecure deseriali|untrusted (?:data )?deseriali/g, 3],
  ['deserialization', /objectinputstream|pickle\.loads?|yaml\.load|ysoserial|gadget chain|readobject|binaryformatter|marshal\.load/g, 1],
  ['buffer-overflow', /buffer overflow|(?:stack|heap)[- ](?:based )?(?:buffer )?overflow|out[- ]of[- ]bounds (?:write|read)|dépassement de (?:tampon|mémoire)|débordement de (?:tampon|mémoire|pile)|memory corruption|corruption (?:de la )?mémoire|heap-buffer-overflow|stack-buffer-overflow/g, 3],
  ['buffer-overflow', /addresssanitizer|\basan\b|segmentation fault|sigsegv|memcpy|strcpy/g, 1],
  ['dos', /denial[- ]of[- ]service|\bdos\b|\bddos\b|\bredos\b|déni de service|resource exhaustion|uncontrolled resource consumption|épuisement des ressources|billion laughs|zip bomb/g, 3],
  ['dos', /infinite loop|boucle infinie|crash(?:es)? the (?:server|service|process|daemon|application)|memory exhaustion|cpu (?:at|to) 100|100 ?% cpu|plantage|fait planter|without a size limit|restarts?\b|unavailable|indisponible/g, 1],
  ['dos', /runs? out of memory|out of memory|(?:takes?|bring|brings) (?:the )?(?:server|service|daemon|application|device) down|down for all users|decompression bomb|(?:deflate|gzip|zip) bomb|spins? forever|hangs? forever|redémarr\w+ en boucle/g, 2],
  ['info-disclosure', /information (?:disclosure|leak(?:age)?|exposure)|info(?:rmation)? leak|sensitive (?:data|information) (?:exposure|disclosure|leak)|divulgation d'informations?|fuite d'informations?|fuite de données|exposition de données|data (?:leak|exposure)|exposes? (?:sensitive|internal|private|secret)/g, 3],
  ['info-disclosure', /\bexposes? (?:\/|\.|the |its |all |every )|(?:response|json|page|output) (?:contains|includes) (?:the )?(?:\w+ )?(?:passwords?|secrets?|tokens?|api keys?|access keys?|credentials|session)|in clear ?text|en clair/g, 2],
  ['info-disclosure', /stack trace|directory listing|\.git\b|\.env\b|phpinfo|debug (?:mode|endpoint|page)|verbose error|leaks?\b|exposed? (?:api )?(?:keys?|tokens?|secrets?|credentials|passwords?)/g, 1],
  ['privilege-escalation', /privilege escalation|escalat(?:e|ion of|ing) (?:their |his |her |my )?privileges?|élévation de privilèges?|escalade de privilèges?|\bprivesc\b|\blpe\b|local root|gain (?:admin|root|administrator)(?:istrative)? (?:access|privileges|rights)|become (?:an )?admin(?:istrator)?|devenir administrateur/g, 3],
  ['privilege-escalation', /(?:normal|regular|low-privileged?|unprivileged|non-admin) (?:user|account)s? (?:can|could|is able to)|vertical|root shell/g, 1],
  ['privilege-escalation', /setuid root|\bsuid\b|becomes? root|(?:local|unprivileged) user[^.\n]{0,60}\b(?:root|system|administrator)\b|devient root/g, 2],
  ['other', /race condition|\btoctou\b|timing attack|clickjacking|prototype pollution|request smuggling|cache poisoning|cache deception|subdomain takeover|host header injection|crlf injection|response splitting|mass assignment|business logic|rate[- ]limit(?:ing)?|brute[- ]?force|user enumeration|account enumeration|insecure randomness|weak (?:cryptograph\w*|cipher|hash\w*|encryption|random)|hard-?coded (?:credentials|passwords?|keys?|secrets?)|cors misconfiguration|csv injection|formula injection|ldap injection|nosql injection|tabnabbing|email spoofing|condition de course|situation de compétition|détournement de clic/g, 3],
];

/** Words before a keyword that make it a consequence ("… leading to RCE"), which counts far less than the root cause. */
const CONSEQUENCE = /\b(?:lead(?:s|ing)? to|result(?:s|ing)? in|allow(?:s|ing)? (?:for )?|enabl(?:es|ing)|escalat\w* to|chain(?:ed)? (?:with|into)|into (?:a |an )?|to (?:achieve|get|gain|obtain|perform)|conduisant à|menant à|permettant (?:une? |d'|de )?|aboutissant à|jusqu'à une?|could (?:also )?(?:be used for|lead to)|such as|like|e\.g\.|or)\s{0,3}(?:full |an? |une? |la |le |l'|des |du )?(?:\w+ ){0,1}$/;

export interface TypeInput {
  title: string;
  /** Text of "type"/"vulnerability" sections, weighed like the title. */
  declared: string;
  /** The body within the scan window, quotes blanked. */
  body: string;
  explicitCwes: string[];
  /** Covers `declared` and `body` (the title gets its own); without it every pattern runs over them. */
  trigrams?: TrigramIndex;
}

export function classifyType(input: TypeInput): { type: VulnerabilityType | null; confidence: number } {
  const scores = new Map<VulnerabilityType, number>();
  const firstSeen = new Map<VulnerabilityType, number>();
  const add = (t: VulnerabilityType, w: number, order: number) => {
    scores.set(t, (scores.get(t) ?? 0) + w);
    if (!firstSeen.has(t) || (firstSeen.get(t) as number) > order) firstSeen.set(t, order);
  };
  for (const cwe of input.explicitCwes) {
    const t = CWE_TYPE[cwe.slice(4)];
    if (t) add(t, 12, -1);
  }
  // The title is cleaned of markup, so the window's index does not cover it: it gets its own, a short one.
  const title = input.title.toLowerCase();
  const parts: [string, number, number, TrigramIndex | undefined][] = [
    [title, 4, 0, title === '' ? undefined : indexTrigrams(title)],
    [input.declared.toLowerCase(), 4, 1e6, input.trigrams],
    [input.body.toLowerCase(), 1, 2e6, input.trigrams],
  ];
  for (const [text, weight, base, trigrams] of parts) {
    if (text === '') continue;
    for (const [type, re, strength] of KEYWORDS) {
      if (!mayMatch(re, trigrams)) continue;
      let count = 0;
      for (const m of text.matchAll(re)) {
        const before = text.slice(Math.max(0, m.index - 40), m.index);
        const consequence = CONSEQUENCE.test(before);
        // The first mention of the title is usually the root cause; a body repeats words, so cap the count.
        add(type, strength * weight * (consequence ? 0.25 : 1) * (count === 0 ? 1 : 0.5), base + m.index + (consequence ? 5e5 : 0));
        if (++count >= 4) break;
      }
    }
  }
  let best: VulnerabilityType | null = null;
  let bestScore = 0;
  for (const [t, s] of scores) {
    const better = s > bestScore || (s === bestScore && best !== null && (firstSeen.get(t) as number) < (firstSeen.get(best) as number));
    if (better) {
      best = t;
      bestScore = s;
    }
  }
  // Symptoms alone (a payload, a tool name) are weak evidence; below this nothing was named.
  if (best === null || bestScore < 2) return { type: null, confidence: 0 };
  const total = [...scores.values()].reduce((a, b) => a + b, 0);
  return { type: best, confidence: Math.min(0.95, 0.4 + 0.55 * (bestScore / total)) };
}

/** Explicit CWE ids in order of appearance ("CWE-89", "CWE 89", "cwe‑89"). */
export function explicitCwes(text: string): { ids: string[]; span: [number, number] | null } {
  const ids: string[] = [];
  let span: [number, number] | null = null;
  for (const m of text.matchAll(/\bCWE[\s‑–-]?(\d{1,4})\b/gi)) {
    const id = `CWE-${Number(m[1])}`;
    span ??= [m.index, m.index + m[0].length];
    if (!ids.includes(id)) ids.push(id);
    if (ids.length >= LIMITS.extractMaxCwes) break;
  }
  return { ids, span };
}

export function cwesFor(type: VulnerabilityType | null, explicit: string[]): string[] {
  if (explicit.length > 0) return explicit;
  return type === null || type === 'other' ? [] : [DEFAULT_CWE[type]];
}
