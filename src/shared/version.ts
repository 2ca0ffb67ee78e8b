// The tool's version, read once from package.json: the one place collect (its manifest),
// analyze (its findings) and the CLI (--version) learn it from. Two folders below the package
// root, as in src/shared/, dist/shared/ and dist/bundle/.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const VERSION: string = pkg.version;
export const TOOL = { name: 'nomad-debug', version: VERSION };
