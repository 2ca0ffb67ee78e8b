// Rewrites README.md's flag tables from the flag declarations (src/cli/flags/).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withFlagTables } from '../src/cli/readme-flags.ts';

const file = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(file, 'utf8');
const after = withFlagTables(before);
if (after !== before) writeFileSync(file, after);
process.stdout.write(after === before ? 'README.md: flag tables already current\n' : 'README.md: flag tables rewritten\n');
