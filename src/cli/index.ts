import { ArchiveError } from '../core/archive/errors';
import { UsageError } from './args';
import { BACKUP_USAGE, backupCommand } from './commands/backup';
import { DEMO_USAGE, demoCommand } from './demo';
import { EXPORT_USAGE, exportCommand } from './commands/export';
import { HANDOVER_USAGE, handoverCommand } from './commands/handover';
import { IMPORT_USAGE, importCommand } from './commands/import';
import { SEARCH_USAGE, searchCommand } from './commands/search';
import { SERVER_USAGE, serverCommand } from './commands/server';
import { STATS_USAGE, statsCommand } from './commands/stats';
import { TEAM_USAGE, teamCommand } from './commands/team';
import { VERIFY_USAGE, verifyCommand } from './commands/verify';
import { consoleOutput, type Output } from './output';

interface Command {
  usage: string;
  run(argv: string[], out: Output): Promise<number>;
}

/** Every command of the `switchboard` binary; the one list `help` prints. */
export const COMMANDS: Record<string, Command> = {
  search: { usage: SEARCH_USAGE, run: searchCommand },
  stats: { usage: STATS_USAGE, run: statsCommand },
  backup: { usage: BACKUP_USAGE, run: backupCommand },
  verify: { usage: VERIFY_USAGE, run: verifyCommand },
  export: { usage: EXPORT_USAGE, run: exportCommand },
  import: { usage: IMPORT_USAGE, run: importCommand },
  handover: { usage: HANDOVER_USAGE, run: handoverCommand },
  demo: { usage: DEMO_USAGE, run: demoCommand },
  team: { usage: TEAM_USAGE, run: teamCommand },
  server: { usage: SERVER_USAGE, run: serverCommand },
};

function help(out: Output): void {
  out.line('Switchboard: headless commands on a profile folder.\n');
  for (const c of Object.values(COMMANDS)) out.line(`${c.usage}\n`);
}

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). Never throws. */
export async function main(argv: string[], out: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(out);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.error(`Unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Try: switchboard help`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (err) {
    if (err instanceof UsageError) {
      out.error(`${err.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof ArchiveError) {
      out.error(`Error: ${err.message}`);
      return 1;
    }
    out.error(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}
