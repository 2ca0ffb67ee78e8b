// -json FILE / -json -: one rule for analyze, redact and diff (src/cli/json-output.ts).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { jsonOutput } from '../../src/cli/json-output.ts';

const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '/work/here' };

test('-json - puts the JSON on stdout and the account on stderr; a file is resolved; "" is refused', () => {
  assert.deepEqual(jsonOutput('-', io), { toStdout: true, human: io.stderr });
  assert.deepEqual(jsonOutput('out/f.json', io), { toStdout: false, file: '/work/here/out/f.json', human: io.stdout });
  assert.deepEqual(jsonOutput(undefined, io), { toStdout: false, human: io.stdout });
  assert.throws(() => jsonOutput('', io), /^UsageError: Invalid -json "": give a file, or - for stdout$|Invalid -json "": give a file, or - for stdout/);
});
