/** @module The read side of the team's commands: config, database, clock, and a calendar made on first use. No keys, no crypto workers, no mail libraries, no logger, so `reports list` starts in a fraction of the full runtime's time. */
import type { Config } from './config/load.js';
import { openDatabase } from './db/connection.js';
import { createRepos, type Repos } from './db/index.js';
import type { Calendar } from './policy/calendar.js';

export interface Desk {
  config: Config;
  repos: Repos;
  clock: () => Date;
  /** Business days need the holiday tables, which cost more to load than everything else a listing reads. */
  calendar(): Promise<Calendar>;
  close(): void;
}

export function openDesk(config: Config, clock: () => Date = () => new Date()): Desk {
  const db = openDatabase(config.database);
  let calendar: Calendar | undefined;
  return {
    config,
    repos: createRepos(db),
    clock,
    async calendar() {
      const { createCalendar } = await import('./policy/calendar.js');
      calendar ??= createCalendar({ timezone: config.timezone, holidays: config.policy.holidays });
      return calendar;
    },
    close: () => db.close(),
  };
}
