// Decoders of the Consul and Vault files, after the shapes Consul's agent API and Vault's
// sys/health write (service-types.ts). Consul's checks and services files are maps by ID:
// the model keeps their values.
import { arrayOf, bool, isPlainObject, num, objectOf, opt, recordOf, req, str, type Decoder } from './decode.ts';
import { jsonObject, metricsSummary } from './decoders.ts';
import type { ConsulCheck, ConsulMember, ConsulSelf, ConsulService, VaultHealth } from './service-types.ts';

const as = <T>(d: Decoder<unknown>): Decoder<T> => d as Decoder<T>;

/** serf.MemberStatus (hashicorp/serf serf/serf.go): the numbers Consul writes. */
const SERF_STATUS_NAMES = ['none', 'alive', 'leaving', 'left', 'failed'];

/** A member's status: serf's number (Consul) or its name (other tools), as the name. */
const memberStatus: Decoder<string> = (v, at, issues) => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return SERF_STATUS_NAMES[v] ?? String(v);
  issues.push({ at, problem: 'expected a serf status number or name' });
  return undefined;
};

export const consulMember = as<ConsulMember>(
  objectOf({ Name: req(str), Addr: opt(str), Port: opt(num), Tags: opt(recordOf(str)), Status: req(memberStatus) }, 'a Consul member'),
);
export const consulMembers = arrayOf(consulMember);

export const consulSelf = as<ConsulSelf>(
  objectOf(
    {
      Config: opt(objectOf({ NodeName: opt(str), Datacenter: opt(str), Version: opt(str), Server: opt(bool) }, 'a Consul agent config')),
      Member: opt(consulMember),
      Stats: opt(recordOf(jsonObject)),
      Meta: opt(recordOf(str)),
    },
    'a Consul agent self answer',
  ),
);

const consulCheck = as<ConsulCheck>(
  objectOf(
    {
      CheckID: req(str), Name: req(str), Status: req(str), Node: opt(str), Output: opt(str), Notes: opt(str),
      ServiceID: opt(str), ServiceName: opt(str), Type: opt(str),
    },
    'a Consul check',
  ),
);

const consulService = as<ConsulService>(
  objectOf({ ID: req(str), Service: req(str), Address: opt(str), Port: opt(num), Tags: opt(arrayOf(str)) }, 'a Consul service'),
);

/** A map by ID (Consul's agent answers) or a plain list (other tools): the values, as a list. */
function valuesOf<T>(item: Decoder<T>, what: string): Decoder<T[]> {
  const list = arrayOf(item);
  const map = recordOf(item);
  return (v, at, issues) => {
    if (Array.isArray(v)) return list(v, at, issues);
    if (!isPlainObject(v)) {
      issues.push({ at, problem: `expected ${what} (an object by ID)` });
      return undefined;
    }
    const m = map(v, at, issues);
    return m ? Object.values(m) : undefined;
  };
}

export const consulChecks = valuesOf(consulCheck, 'Consul checks');
export const consulServices = valuesOf(consulService, 'Consul services');
export const consulHost = as<Record<string, unknown>>(jsonObject);
export const consulMetrics = metricsSummary;

export const vaultHealth = as<VaultHealth>(
  objectOf(
    {
      initialized: req(bool), sealed: req(bool), standby: req(bool), performance_standby: opt(bool),
      replication_performance_mode: opt(str), replication_dr_mode: opt(str), server_time_utc: opt(num),
      version: opt(str), cluster_name: opt(str), cluster_id: opt(str),
    },
    'a Vault health answer',
  ),
);

/**
 * Nomad's `operator debug` writes Consul's and Vault's non-2xx bodies raw, as if they were data
 * ("Permission denied: …", "ACL not found"): such a file is that error, said in its gap, not
 * "invalid JSON". Undefined for anything that may be JSON.
 */
export function rawErrorText(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').trim();
  if (text === '' || text.length > 4000 || /^[[{"\d-]/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const line = text.split('\n')[0]!;
    return `Consul or Vault answered: ${line}`;
  }
}
