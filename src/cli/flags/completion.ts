// `nomad-debug completion bash|zsh`: the shell script yargs writes.
import type { CommandSpec } from './spec.ts';

export const COMPLETION_SHELLS = ['bash', 'zsh'] as const;

export const COMPLETION_COMMAND: CommandSpec = {
  name: 'completion',
  positionals: [{ name: 'shell', required: true, choices: COMPLETION_SHELLS, usage: 'bash or zsh.' }],
  summary: 'Print a bash or zsh completion script',
  description: 'Prints the script that completes commands and flags; it runs nomad-debug from PATH (npm link).',
  flags: [],
  examples: [
    { command: 'nomad-debug completion bash >> ~/.bashrc', description: 'Bash:' },
    { command: 'nomad-debug completion zsh >> ~/.zshrc', description: 'Zsh:' },
  ],
};
