/** @module The `secintake` command: parses arguments, runs one command, maps errors to exit codes (0 ok, 1 SecintakeError, 2 usage, 70 bug). */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { addExample } from './cli/examples.js';
import { isSecintakeError } from './errors.js';

const program = new Command('secintake')
  .description('Intake for security vulnerability reports sent by email')
  // src/cli.ts and dist/cli.js both sit one level below package.json.
  .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
  .option('--config <file>', 'config file (default: $SECINTAKE_CONFIG, else ./config.yaml)')
  .exitOverride()
  .showHelpAfterError();

type Factory = (root: Command) => Command;
/** One loader per command group, in the order the help lists them: a command imports only its own group (and what that needs). */
const GROUPS: Record<string, () => Promise<Factory>> = {
  run: async () => (await import('./cli/commands/run.js')).runCommand,
  ingest: async () => (await import('./cli/commands/ingest.js')).ingestCommand,
  reports: async () => (await import('./cli/commands/reports.js')).reportsCommand,
  messages: async () => (await import('./cli/commands/messages.js')).messagesCommand,
  outbox: async () => (await import('./cli/commands/outbox.js')).outboxCommand,
  digest: async () => (await import('./cli/commands/digest.js')).digestCommand,
  keys: async () => (await import('./cli/commands/keys.js')).keysCommand,
  policy: async () => (await import('./cli/commands/policy.js')).policyCommand,
  config: async () => (await import('./cli/commands/config.js')).configCommand,
  db: async () => (await import('./cli/commands/db.js')).dbCommand,
};

/** The group the arguments name (skipping the global --config and its value); null when all are needed (help, version, typos). */
function namedGroup(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--config') i++;
    else if (!a.startsWith('-')) return Object.hasOwn(GROUPS, a) ? a : null;
    else if (a === '--version' || a === '-V') return '';
  }
  return null;
}

const wanted = namedGroup(process.argv.slice(2));
// `--version` needs no command at all; a named group needs only itself; anything else (the program's help) needs every one.
const names = wanted === '' ? [] : wanted === null ? Object.keys(GROUPS) : [wanted];
for (const make of await Promise.all(names.map((n) => (GROUPS[n] as () => Promise<Factory>)()))) {
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
