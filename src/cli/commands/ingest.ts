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
      const inputs = files.map((f) => ({ name: f, raw: readInput(f) }));
      await withRuntime(cmd, async (rt) => {
        // Every file is captured (durable) first; then they are processed in input order, several unwrapping at once.
        const ids = inputs.map((input) => rt.capture({ source: 'file', sourceRef: null, raw: input.raw }).id);
        const results = await rt.pipeline.processInOrder(captured(rt, ids));
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

/** The captured rows one at a time, as the pipeline takes them: never every raw message twice in memory. */
function* captured(rt: Runtime, ids: number[]): Generator<CapturedMessage> {
  for (const id of ids) {
    const message = rt.repos.messages.get(id);
    if (!message) throw new Error(`captured message ${id} vanished`);
    yield message;
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
