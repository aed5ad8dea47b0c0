/** @module `secintake ingest FILE...|-`: capture and process messages from files or stdin (MTA pipe, replay). */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { SecintakeError } from '../../errors.js';
import type { CapturedMessage } from '../../db/messages.js';
import type { MessageOutcome } from '../../intake/outcome.js';
import type { Runtime } from '../../runtime.js';
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
        // Every file is captured (durable) first; then they are processed in input order, several unwrapping at once.
        const ids = inputs.map((input) => rt.capture({ source: 'file', sourceRef: null, raw: input.raw as Buffer }).id);
        const results = await rt.pipeline.processInOrder(captured(rt, ids, inputs));
        const outcomes: MessageOutcome[] = [];
        results.forEach((outcome, i) => {
          if (!outcome) {
            throw new SecintakeError('E_INPUT', `${inputs[i]?.name ?? 'a message'} was captured but could not be processed now (transient error)`, {
              hint: 'it stays queued; `secintake run --once` processes it later',
              transient: true,
            });
          }
          outcomes.push(outcome);
        });
        if (opts.json) return printJson(outcomes);
        printTable(
          ['FILE', 'OUTCOME', 'REPORT', 'ENCRYPTED', 'SIGNATURE', 'REASON'],
          outcomes.map((o, i) => [inputs[i]?.name ?? '', o.outcome, o.reportRef, o.decryption.encrypted ? 'yes' : 'no', o.signature.status, o.error]),
        );
      }, { bulk: inputs.length > 1 });
    });
}

/**
 * The captured rows one at a time, as the pipeline takes them, each with the bytes just committed rather than a second
 * copy read back from the database; a file's bytes are let go once the pipeline has it.
 */
function* captured(rt: Runtime, ids: number[], inputs: { raw: Buffer | null }[]): Generator<CapturedMessage> {
  for (const [i, id] of ids.entries()) {
    const stored = rt.repos.messages.stored(id);
    const input = inputs[i];
    if (!stored || !input?.raw) throw new Error(`captured message ${id} vanished`);
    const raw = input.raw;
    input.raw = null;
    yield { ...stored, raw };
  }
}

/** A file named on the command line, or standard input for `-` (also read by `reports note --message-file`). */
export function readInput(file: string): Buffer {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw new SecintakeError('E_INPUT', `cannot read ${file === '-' ? 'standard input' : file}`, { cause: e, hint: 'check the path' });
  }
}
