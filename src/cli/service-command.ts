import type { Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';

/** Registers `appsvc service`. (Placeholder until the command is implemented.) */
export function registerServiceCommand(program: Command, _state: CommandState): void {
  program
    .command('service')
    .description('not implemented yet')
    .action(() => {
      throw new UserError('service: not implemented yet');
    });
}
