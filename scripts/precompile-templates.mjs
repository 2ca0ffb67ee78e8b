// Build step after tsc: writes the report's handlebars templates, precompiled, beside the
// built module that loads them (see src/report/templates.ts). Plain JavaScript, so the build
// needs nothing but the compiled dist/.
import { writeFileSync } from 'node:fs';
import { precompiledModule } from '../dist/report/templates.js';

writeFileSync(new URL('../dist/report/templates.precompiled.cjs', import.meta.url), precompiledModule());
