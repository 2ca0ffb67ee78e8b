// Writes an output file atomically (temp name + rename) so no half-written report is left.
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outputFailure } from '../shared/failure-messages.ts';

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data, { mode: 0o644 });
    await rename(tmp, file);
  } catch (err) {
    // nothing to remove when the folder could not hold it (ENOTDIR): the first error is the one to say
    await rm(tmp, { force: true }).catch(() => undefined);
    // said of the file the operator named, never of our temporary name
    throw outputFailure(err, file);
  }
}
