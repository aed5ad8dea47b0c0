/** @module `secintake config check`: every problem in the config and the files it names (keys, secrets, templates), and every private file open to others, before a deploy. */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { configPath, formatProblems, readConfigFile } from '../../config/load.js';
import { privatePathWarnings } from '../../config/private-paths.js';
import { readSecretFile } from '../../config/secrets.js';
import { errorMessage } from '../../errors.js';

export function configCommand(_root: Command): Command {
  const config = new Command('config').description('configuration');
  config
    .command('check')
    .description('validate the config file and the files it points at; prints OK or every problem')
    .action(async (_opts: unknown, cmd: Command) => {
      const file = configPath(cmd.optsWithGlobals<{ config?: string }>().config);
      const result = readConfigFile(file);
      if (!result.ok) {
        process.stdout.write(`${file}: ${result.problems.length} problem(s)\n${formatProblems(result.problems)}\n`);
        process.exitCode = 1;
        return;
      }
      const c = result.config;
      const problems: string[] = [];
      // Open modes are a finding, not an error: a deploy should not fail on them, but the team must see them.
      const warnings = privatePathWarnings(c);
      const secrets: [string | undefined, string][] = [
        [c.keys.passphrase_file, 'keys.passphrase_file'],
        ...c.source.map((s): [string | undefined, string] => [s.imap?.password_file, 'source.imap.password_file']),
        [c.transport.smtp?.password_file, 'transport.smtp.password_file'],
      ];
      for (const [path, key] of secrets) {
        if (!path) continue;
        try {
          readSecretFile(path, key);
        } catch (e) {
          problems.push(`${key}: ${errorMessage(e)}`);
        }
      }
      if (!problems.some((p) => p.startsWith('keys.'))) {
        const { loadKeyring } = await import('../../crypto/keyring.js');
        try {
          const ring = await loadKeyring(c.keys.dir, readSecretFile(c.keys.passphrase_file, 'keys.passphrase_file'), new Date());
          if (!ring.current) problems.push(`keys.dir: no valid (unexpired, unrevoked) team key in ${c.keys.dir}; run \`secintake keys generate\``);
        } catch (e) {
          problems.push(`keys.dir: ${errorMessage(e)}`);
        }
      }
      const { describeTemplateProblem, loadTemplates } = await import('../../notify/templates/load.js');
      const templates = loadTemplates(c.templates.dir, c.policy.languages);
      if (templates.ok) (await import('../../notify/templates/samples.js')).renderSamples(templates.set);
      else problems.push(...templates.problems.map((p) => `templates.dir: ${describeTemplateProblem(p)}`));
      const dbDir = dirname(c.database);
      if (existsSync(dbDir)) {
        try {
          accessSync(dbDir, constants.W_OK);
        } catch {
          problems.push(`database: directory ${dbDir} is not writable`);
        }
      }
      for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
      if (problems.length > 0) {
        process.stdout.write(`${file}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`OK ${file}\n`);
      if (templates.ok && c.templates.dir !== null) process.stdout.write(`templates: ${templates.files.length} file(s) in ${c.templates.dir} over the built-ins, each rendered with sample facts\n`);
    });
  return config;
}
