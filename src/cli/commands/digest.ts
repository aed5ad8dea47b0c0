/** @module `secintake digest --print [--json] | --send`: the daily digest on demand, to read here or to send now. */
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import { escapeForTerminal } from '../escape.js';
import { printJson, withRuntime } from '../context.js';

export function digestCommand(_root: Command): Command {
  return new Command('digest')
    .description('compose the daily digest: --print shows it here (nothing is sent); --send, or no option, queues it to digest.recipients now')
    .option('--print', 'write the digest to stdout')
    .option('--json', 'with --print: the digest as JSON')
    .option('--send', 'queue it now, encrypted to each recipient (sent by the next outbox drain or `run --once`)')
    .action(async (opts: { print?: boolean; json?: boolean; send?: boolean }, cmd: Command) => {
      // A bare `digest` composes and sends, as `--send` does (the documented CLI).
      if ((opts.print && opts.send) || (opts.json && !opts.print)) {
        throw new SecintakeError('E_INPUT', 'say either --print (optionally with --json) or --send', { hint: 'secintake digest --print' });
      }
      await withRuntime(cmd, async (rt) => {
        const { currentDigest, sendDigest } = await import('../../report/digest-send.js');
        if (opts.print) {
          const digest = await currentDigest(rt);
          if (opts.json) return printJson(digest);
          const { digestText } = await import('../../notify/messages/digest-body.js');
          // Line by line: the escaping would otherwise show the digest's own line breaks as \u000a.
          return void process.stdout.write(`${digestText(digest, rt.config.team.name, rt.templates.forTeam()).split('\n').map(escapeForTerminal).join('\n')}\n`);
        }
        const { localDateOf } = await import('../../policy/zoned.js');
        const sent = await sendDigest(rt, localDateOf(rt.clock(), rt.config.timezone), { force: true });
        process.stdout.write(`digest for ${sent.localDate} queued: ${sent.encrypted} encrypted, ${sent.notices} notice(s) to recipients without a usable key\n`);
      });
    });
}
