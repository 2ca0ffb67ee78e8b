// `nomad-debug demo`.
import { str, type CommandSpec } from './spec.ts';

/** What demo does when a flag is not given; the help and README say the same. */
export const DEMO_DEFAULTS = { scenario: 'degraded', clients: '5', duration: '6s', out: 'nomad-debug-demo' } as const;

export const DEMO_COMMAND: CommandSpec = {
  name: 'demo',
  positionals: [],
  summary: 'Start a simulated cluster, collect from it, analyze, and write the report',
  description:
    'Starts a simulated Nomad cluster on 127.0.0.1, collects a bundle from it with live progress, analyzes it and ' +
    'writes the report. Nothing is left running and nothing leaves the machine.',
  flags: [
    str('scenario', 'Simulation', 'name', DEMO_DEFAULTS.scenario, 'healthy or degraded.'),
    str('clients', 'Simulation', 'count', DEMO_DEFAULTS.clients, 'Number of simulated clients, 0 to 500.'),
    str('duration', 'Simulation', 'duration', DEMO_DEFAULTS.duration, 'Capture length, 1s to 10m.'),
    str('out', 'Output', 'dir', `./${DEMO_DEFAULTS.out}`, 'Folder for the bundle, findings.json and report.html.'),
  ],
  examples: [
    { command: 'nomad-debug demo', description: 'The degraded scenario, report in ./nomad-debug-demo/:' },
    { command: 'nomad-debug demo -scenario=healthy -clients=50', description: 'A larger, healthy cluster:' },
  ],
};
