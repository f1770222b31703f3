import type { Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';

/** Registers `appsvc diff`. (Placeholder until the command is implemented.) */
export function registerClusterCommands(program: Command, _state: CommandState): void {
  program
    .command('diff')
    .description('not implemented yet')
    .action(() => {
      throw new UserError('diff: not implemented yet');
    });
}
