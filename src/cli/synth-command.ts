import type { Command } from 'commander';
import { UserError } from './errors';
import type { CommandState } from './main';

/** Registers `appsvc synth`. (Placeholder until the command is implemented.) */
export function registerSynthCommand(program: Command, _state: CommandState): void {
  program
    .command('synth')
    .description('not implemented yet')
    .action(() => {
      throw new UserError('synth: not implemented yet');
    });
}
