/** @module The built-in English templates: the words secintake wrote before templates, byte for byte (golden/ holds them). */
import type { TemplateName } from './variables.js';

export const EN: Record<TemplateName, string> = {
  ack: `Subject: [{{ref}}] {{#subject}}{{subject}}{{/subject}}{{^subject}}Your report{{/subject}}

Hello,

Thank you for your report. We received it on {{received}} and filed it as {{ref}}.

{{^has_attachments}}
It had no attachments.
{{/has_attachments}}
{{#has_attachments}}
We received these attachments:
{{/has_attachments}}
{{#attachments}}
  - {{name}} ({{size}} bytes)
{{/attachments}}

What happens next:
  - first response (triage) by {{triage}}
  - resolution target: {{resolve}}
  - coordinated disclosure date: {{disclosure}}
We will send you status updates until the report is resolved.
{{#has_missing}}

To help us triage, please send us:
{{/has_missing}}
{{#missing}}
  - {{ask}}
{{/missing}}
{{#old_key_used}}

Note: you encrypted to our {{old_key_status}} key {{old_key}}. Please use our current key {{team_key}} from now on.
{{/old_key_used}}

To add anything, reply to this message and keep [{{ref}}] in the subject.

-- 
{{team}}
`,

  'key-request': `Hello,

We received your message and filed it as {{ref}}. This reply is signed but not encrypted, so it says nothing about
your report: {{key_problem}}.

Please send us your OpenPGP public key so we can write to you encrypted:
  - attach it to a reply (gpg --armor --export you@example.org > key.asc), or
  - let your mail client add it (Thunderbird: "Attach My Public Key"; Autocrypt clients do it by themselves).

Encrypt to our key {{team_key}} ({{team_address}}).
Keep [{{ref}}] in the subject of your reply.

-- 
{{team}}
`,

  'status-update': `Subject: [{{ref}}] Status update: {{#subject}}{{subject}}{{/subject}}{{^subject}}your report{{/subject}}

Hello,

An update on {{ref}}: {{status}}{{#reason}} ({{reason}}){{/reason}}.

{{#patch_date}}
The fix is scheduled for {{patch_date}}.
{{/patch_date}}
Coordinated disclosure date: {{disclosure}}.
{{#final}}
This is the last status update for this report. Thank you.
{{/final}}
{{^final}}
We will keep you posted until the report is resolved.
{{/final}}

Reply to this message with [{{ref}}] in the subject to add anything.

-- 
{{team}}
`,

  digest: `Daily digest of {{team}}, {{generated}}
Summary: {{summary}}.
{{#sections}}

== {{title}} ({{count}}) ==
{{^lines}}
  none
{{/lines}}
{{#lines}}
  {{line}}
{{/lines}}
{{#more}}
  … and {{more}} more (secintake digest --print)
{{/more}}
{{/sections}}
`,

  'digest-html': `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Daily digest</title></head><body>
<h1>Daily digest of {{team}}</h1>
<p>{{generated}}</p>
<p><strong>Summary:</strong> {{summary}}.</p>
{{#sections}}
<h2>{{title}} ({{count}})</h2>
{{^rows}}
<p>none</p>
{{/rows}}
{{#has_rows}}
<table border="1" cellpadding="4">
{{/has_rows}}
{{#rows}}
<tr>{{#cells}}<td>{{cell}}</td>{{/cells}}</tr>
{{/rows}}
{{#has_rows}}
</table>
{{/has_rows}}
{{#more}}
<p>… and {{more}} more (secintake digest --print)</p>
{{/more}}
{{/sections}}
</body></html>
`,
};
