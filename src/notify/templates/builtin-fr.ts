/** @module The built-in French templates: the same letters as the English set, written for a French-speaking reporter or team. */
import type { TemplateName } from './variables.js';

export const FR: Record<TemplateName, string> = {
  ack: `Subject: [{{ref}}] {{#subject}}{{subject}}{{/subject}}{{^subject}}Votre signalement{{/subject}}

Bonjour,

Merci pour votre signalement. Nous l'avons reçu le {{received}} et enregistré sous la référence {{ref}}.

{{^has_attachments}}
Il ne comportait aucune pièce jointe.
{{/has_attachments}}
{{#has_attachments}}
Nous avons reçu les pièces jointes suivantes :
{{/has_attachments}}
{{#attachments}}
  - {{name}} ({{size}} octets)
{{/attachments}}

Les prochaines étapes :
  - première réponse (tri) au plus tard le {{triage}}
  - objectif de correction : {{resolve}}
  - date de divulgation coordonnée : {{disclosure}}
Nous vous tiendrons informé de l'avancement jusqu'à la résolution du signalement.
{{#has_missing}}

Pour nous aider à l'analyser, merci de nous préciser :
{{/has_missing}}
{{#missing}}
  - {{ask}}
{{/missing}}
{{#old_key_used}}

Remarque : vous avez chiffré votre message pour notre clé {{old_key}}, qui est {{old_key_status}}. Merci d'utiliser désormais notre clé actuelle {{team_key}}.
{{/old_key_used}}

Pour compléter votre signalement, répondez à ce message en conservant [{{ref}}] dans l'objet.

-- 
{{team}}
`,

  'key-request': `Bonjour,

Nous avons bien reçu votre message et l'avons enregistré sous la référence {{ref}}. Cette réponse est signée mais
pas chiffrée : elle ne dit donc rien de votre signalement. La raison : {{key_problem}}.

Merci de nous envoyer votre clé publique OpenPGP, afin que nous puissions vous écrire de façon chiffrée :
  - joignez-la à une réponse (gpg --armor --export vous@example.org > cle.asc), ou
  - laissez votre client de messagerie l'ajouter (Thunderbird : « Joindre ma clé publique » ; les clients Autocrypt le font d'eux-mêmes).

Chiffrez vos messages pour notre clé {{team_key}} ({{team_address}}).
Conservez [{{ref}}] dans l'objet de votre réponse.

-- 
{{team}}
`,

  'status-update': `Subject: [{{ref}}] Point d'étape : {{#subject}}{{subject}}{{/subject}}{{^subject}}votre signalement{{/subject}}

Bonjour,

Du nouveau sur {{ref}} : {{status}}{{#reason}} ({{reason}}){{/reason}}.

{{#patch_date}}
Date prévue de la correction : {{patch_date}}.
{{/patch_date}}
Date de divulgation coordonnée : {{disclosure}}.
{{#final}}
C'est le dernier point d'étape pour ce signalement. Merci de votre aide.
{{/final}}
{{^final}}
Nous vous tiendrons informé jusqu'à la résolution du signalement.
{{/final}}

Pour ajouter quoi que ce soit, répondez à ce message en conservant [{{ref}}] dans l'objet.

-- 
{{team}}
`,

  digest: `Récapitulatif quotidien de {{team}}, {{generated}}
Résumé : {{summary}}.
{{#sections}}

== {{title}} ({{count}}) ==
{{^lines}}
  aucun
{{/lines}}
{{#lines}}
  {{line}}
{{/lines}}
{{#more}}
  … et {{more}} de plus (secintake digest --print)
{{/more}}
{{/sections}}
`,

  'digest-html': `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Récapitulatif quotidien</title></head><body>
<h1>Récapitulatif quotidien de {{team}}</h1>
<p>{{generated}}</p>
<p><strong>Résumé :</strong> {{summary}}.</p>
{{#sections}}
<h2>{{title}} ({{count}})</h2>
{{^rows}}
<p>aucun</p>
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
<p>… et {{more}} de plus (secintake digest --print)</p>
{{/more}}
{{/sections}}
</body></html>
`,
};
