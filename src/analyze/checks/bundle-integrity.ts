// Bundle integrity: entry names written twice, and files that differ from what manifest.json
// recorded (sha256), are gone from it, or were added beside it. A bundle changed after it was
// collected must say so before anything in it is trusted.
import type { Check, Finding } from '../types.ts';
import { evidence, finding } from '../finding.ts';
import { plural } from '../text.ts';
import { listSome } from '../../shared/list-some.ts';

const ID = 'bundle-integrity';

export const check: Check = {
  id: ID,
  title: 'Bundle integrity',
  run(bundle) {
    const integrity = bundle.integrity;
    const out: Finding[] = [];
    const dups = integrity.duplicates;
    if (dups.length) {
      out.push(finding(ID, 'warning', 'cluster', `${dups.length === 1 ? 'An entry name appears' : `${dups.length} entry names appear`} more than once in the bundle`,
        `The archive holds ${listSome(dups.map((d) => `${d.file} (${d.copies} copies)`), 6)}. The first copy of each was read and the later ones ignored. ` +
        'Neither nomad-debug nor nomad operator debug writes a name twice: the bundle was put together by hand or changed after it was collected.',
        dups.slice(0, 10).map((d) => evidence(d.file))));
    }
    const manifest = bundle.manifest;
    if (!manifest) return dups.length ? out : { notEvaluated: 'no manifest.json with checksums (bundles made by nomad operator debug have none)' };
    const { changed, missing, added, verified } = integrity;
    if (changed.length || missing.length || added.length) {
      const parts: string[] = [];
      if (changed.length) parts.push(`${plural(changed.length, 'file')} differ from the sha256 the manifest recorded (${listSome(changed.map((c) => c.file), 5)})`);
      if (missing.length) parts.push(`${plural(missing.length, 'file')} the manifest lists as captured are missing (${listSome(missing, 5)})`);
      if (added.length) parts.push(`${plural(added.length, 'file')} not in the manifest were added (${listSome(added, 5)})`);
      out.push(finding(ID, 'warning', 'cluster', 'This bundle was changed after it was collected',
        `${parts.join('; ')}. Whatever these files say may not be what the cluster said; ask for the bundle again, as the collector wrote it.`,
        [...changed.slice(0, 5).map((c) => evidence(c.file)), ...missing.slice(0, 3).map((f) => evidence(f)), ...added.slice(0, 3).map((f) => evidence(f)), evidence(manifest.file, '/captures')]));
    } else if (verified > 0) {
      out.push(finding(ID, 'info', 'cluster', `All ${verified} checksummed files match manifest.json`,
        'Every file the collector recorded a sha256 for has those bytes, none it lists is missing, and none was added: the bundle is as it was collected.',
        [evidence(manifest.file, '/captures')]));
    }
    return out;
  },
};
