// Writes an output file atomically (temp name + rename) so no half-written report is left.
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError, errorMessage } from '../shared/errors.ts';

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new OutputError(`Cannot write ${file}: ${errorMessage(err)}`);
  }
}
