/** @module `secintake ingest FILE...|-`: capture and process messages from files or stdin (MTA pipe, replay). */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import type { MessageOutcome } from '../../intake/outcome.js';
import { printJson, printTable, withRuntime } from '../context.js';

export function ingestCommand(_root: Command): Command {
  return new Command('ingest')
    .description('capture and process RFC 5322 messages from files, or - for stdin')
    .argument('<files...>', 'message files (.eml), or - to read one message from stdin')
    .option('--json', 'print one JSON object per message, in input order')
    .action(async (files: string[], opts: { json?: boolean }, cmd: Command) => {
      // Every file is read first, so an unreadable one fails the command before anything is captured.
      const inputs: { name: string; raw: Buffer | null }[] = files.map((f) => ({ name: f, raw: readInput(f) }));
      await withRuntime(cmd, async (rt) => {
        const outcomes: MessageOutcome[] = [];
        for (const input of inputs) {
          const raw = input.raw as Buffer;
          // Held only while this file is processed: a list of large files never sits in memory at once.
          input.raw = null;
          const { id } = rt.capture({ source: 'file', sourceRef: null, raw });
          const stored = rt.repos.messages.stored(id);
          if (!stored) throw new Error(`captured message ${id} vanished`);
          // The bytes just committed, not a second copy of them read back from the database.
          const outcome = await rt.pipeline.processSafely({ ...stored, raw });
          if (!outcome) {
            throw new SecintakeError('E_INPUT', `${input.name} was captured but could not be processed now (transient error)`, {
              hint: 'it stays queued; `secintake run --once` processes it later',
              transient: true,
            });
          }
          outcomes.push(outcome);
        }
        if (opts.json) return printJson(outcomes);
        printTable(
          ['FILE', 'OUTCOME', 'REPORT', 'ENCRYPTED', 'SIGNATURE', 'REASON'],
          outcomes.map((o, i) => [inputs[i]?.name ?? '', o.outcome, o.reportRef, o.decryption.encrypted ? 'yes' : 'no', o.signature.status, o.error]),
        );
      });
    });
}

/** A file named on the command line, or standard input for `-` (also read by `reports note --message-file`). */
export function readInput(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw new SecintakeError('E_INPUT', `cannot read ${file === '-' ? 'standard input' : file}`, { cause: e, hint: 'check the path' });
  }
}
