// The top-level help is built from COMMAND_SUMMARIES without loading any command; it must list
// exactly what the commands themselves declare.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { COMMANDS, COMMAND_SUMMARIES, addCommandSummaries } from '../../src/cli/commands.ts';

const program = (): Command => new Command('evidence').configureHelp({ helpWidth: 1000 });

describe('top-level help without loading the commands', () => {
  it('lists every command with the term and summary its module declares', async () => {
    const full = program();
    for (const [, load] of COMMANDS) (await load())(full, {});
    const fast = program();
    addCommandSummaries(fast);
    const hint = 'update COMMAND_SUMMARIES in src/cli/commands.ts to match the command';
    expect(fast.helpInformation(), hint).toBe(full.helpInformation());
    expect(Object.keys(COMMAND_SUMMARIES)).toEqual(COMMANDS.map(([name]) => name));
  });

  it('has the summaries of the commands as they are now', () => {
    const fast = program();
    addCommandSummaries(fast);
    expect(fast.helpInformation()).toMatch(/^ {2}diff \[options\] <runA> <runB> +what changed between two stored runs/m);
  });
});
