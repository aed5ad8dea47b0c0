/** @module The `secintake` command: parses arguments, runs one command, maps errors to exit codes (0 ok, 1 SecintakeError, 2 usage, 70 bug). */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { configCommand } from './cli/commands/config.js';
import { dbCommand } from './cli/commands/db.js';
import { ingestCommand } from './cli/commands/ingest.js';
import { keysCommand } from './cli/commands/keys.js';
import { messagesCommand } from './cli/commands/messages.js';
import { outboxCommand } from './cli/commands/outbox.js';
import { policyCommand } from './cli/commands/policy.js';
import { reportsCommand } from './cli/commands/reports.js';
import { runCommand } from './cli/commands/run.js';
import { addExample } from './cli/examples.js';
import { isSecintakeError } from './errors.js';

const program = new Command('secintake')
  .description('Intake for security vulnerability reports sent by email')
  // src/cli.ts and dist/cli.js both sit one level below package.json.
  .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
  .option('--config <file>', 'config file (default: $SECINTAKE_CONFIG, else ./config.yaml)')
  .exitOverride()
  .showHelpAfterError();

for (const make of [runCommand, ingestCommand, reportsCommand, messagesCommand, outboxCommand, keysCommand, policyCommand, configCommand, dbCommand]) {
  program.addCommand(inheritSettings(make(program)));
}
addExample(program, '');

/** addCommand does not pass exitOverride down: without this, usage errors in subcommands would exit 1, not 2. Also adds each command's example. */
function inheritSettings(cmd: Command, parent = ''): Command {
  const path = parent === '' ? cmd.name() : `${parent} ${cmd.name()}`;
  cmd.copyInheritedSettings(program);
  addExample(cmd, path);
  for (const sub of cmd.commands) inheritSettings(sub, path);
  return cmd;
}

// `secintake reports list | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = exitCodeFor(e);
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (isSecintakeError(e)) {
    process.stderr.write(`${e.code}: ${e.message}\n${e.hint ? `  what to do: ${e.hint}\n` : ''}`);
    return 1;
  }
  process.stderr.write(`secintake: internal error (a bug; please report it with this trace):\n${e instanceof Error ? e.stack : String(e)}\n`);
  return 70;
}
