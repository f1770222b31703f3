import type { Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';

/** Registers `appsvc validate`. (Placeholder until the command is implemented.) */
export function registerValidateCommand(program: Command, _state: CommandState): void {
  program
    .command('validate')
    .description('not implemented yet')
    .action(() => {
      throw new UserError('validate: not implemented yet');
    });
}
