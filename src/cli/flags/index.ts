// Every command the CLI knows, in the order help lists them.
import { ANALYZE_COMMAND } from './analyze.ts';
import { COLLECT_COMMAND } from './collect.ts';
import { COMPLETION_COMMAND } from './completion.ts';
import { DEMO_COMMAND } from './demo.ts';
import { DIFF_COMMAND } from './diff.ts';
import { REDACT_COMMAND } from './redact.ts';
import { SIM_COMMAND } from './sim.ts';
import type { CommandSpec } from './spec.ts';

export const COMMANDS: readonly CommandSpec[] = [COLLECT_COMMAND, ANALYZE_COMMAND, REDACT_COMMAND, DIFF_COMMAND, DEMO_COMMAND, SIM_COMMAND, COMPLETION_COMMAND];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
