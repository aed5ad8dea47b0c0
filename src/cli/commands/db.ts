/** @module `secintake db backup FILE`: an online copy of the database while the daemon runs. */
import { Command } from 'commander';
import { withRuntime } from '../context.js';

export function dbCommand(_root: Command): Command {
  const db = new Command('db').description('database maintenance');
  db.command('backup')
    .description('write a consistent online copy of the database to FILE (SQLite backup API; the daemon may keep running)')
    .argument('<file>', 'destination file (created or replaced)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const { backupDatabase } = await import('../../db/connection.js');
        await backupDatabase(rt.repos.db, file);
        process.stdout.write(`backed up ${rt.config.database} to ${file}\n`);
      });
    });
  return db;
}
