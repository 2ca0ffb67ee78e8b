// The sentences a person reads when the file system or the network fails: each names the path
// or address the operator gave and what to do, in one line. Raw system texts are not shown (they
// name our temporary files, `.<name>.<pid>.tmp`, and say EEXIST where "not a directory" is meant).
import path from 'node:path';
import { EXIT, InputError, OutputError, errorMessage } from './errors.ts';

const errnoOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Our temporary names (`.report.html.1234.tmp`, `nomad-debug-…/.staging-…`) never reach the terminal. */
export function withoutTempNames(text: string): string {
  return text
    .replace(/\s*(?:->|→)\s*'[^']*'/g, '')
    .replace(/'[^']*\.tmp'/g, '')
    .replace(/\S*\.\d+\.tmp\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What went wrong writing `target` (a file or, with `isDir`, a folder the operator named). */
export function writeFailure(err: unknown, target: string, isDir = false): string {
  const parent = path.dirname(target);
  switch (errnoOf(err)) {
    case 'EEXIST':
      // making the folders above the target: a file stands where one of them should be
      if (!isDir && (err as { syscall?: unknown }).syscall === 'mkdir') return `${parent} is not a directory, or a folder above it is a file`;
      return isDir ? `${target} is not a directory: name a folder` : `${target} already exists`;
    case 'ENOTDIR':
      return `${isDir ? target : parent} is not a directory, or a folder above it is a file`;
    case 'EISDIR':
      return `${target} is a directory: name a file, such as ${path.join(target, 'report.html')}`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied writing ${isDir ? `in ${target}` : target}: choose a folder you can write to`;
    case 'ENOENT':
      // a folder is made with its parents: one that still is not there cannot be made at all
      return isDir ? `${target} cannot be created there: choose another folder` : `${parent} does not exist: create it first`;
    case 'ENOSPC':
      return `No space left on the device holding ${target}`;
    case 'EDQUOT':
      return `Disk quota exceeded writing ${target}`;
    case 'EROFS':
      return `${target} is on a read-only file system`;
    case 'ENAMETOOLONG':
      return `The name ${target} is too long`;
    case 'EMFILE':
    case 'ENFILE':
      return `Too many open files writing ${target}: raise the limit (ulimit -n)`;
    default:
      return `Cannot write ${target}: ${withoutTempNames(errorMessage(err))}`;
  }
}

/** What went wrong reading `target`, a file the operator named (a bundle, a certificate). */
export function readFailure(err: unknown, target: string): string {
  switch (errnoOf(err)) {
    case 'ENOENT':
      return `${target} does not exist`;
    case 'ENOTDIR':
      return `${path.dirname(target)} is not a directory`;
    case 'EISDIR':
      return `${target} is a directory, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied reading ${target}`;
    case 'EMFILE':
    case 'ENFILE':
      return `Too many open files reading ${target}: raise the limit (ulimit -n)`;
    default:
      return `Cannot read ${target}: ${withoutTempNames(errorMessage(err))}`;
  }
}

/** An output the operator named could not be written: exit 2. */
export const outputFailure = (err: unknown, target: string, isDir = false): OutputError => new OutputError(writeFailure(err, target, isDir));

export interface ClusterFailure {
  /** What was asked: "list members". */
  what: string;
  /** The -address (or -consul-http-addr, …) as normalized. */
  address: string;
  /** The capture code: CONNECT_REFUSED, TLS, HTTP_403, … */
  code: string;
  /** The error text recorded for the capture (Node's or the agent's answer). */
  detail: string;
  httpStatus?: number;
  /** A token (or basic auth) was sent. */
  tokenSent: boolean;
  /** The ACL capability the request needs, named in a 403 without a token problem. */
  needs?: string;
}

function otherScheme(address: string, scheme: 'http' | 'https'): string {
  return address.replace(/^https?:/, `${scheme}:`);
}

/** One sentence for a cluster that could not be asked at all; said instead of Node's or Go's texts. */
export function clusterFailureMessage(f: ClusterFailure): string {
  const a = f.address;
  const https = a.startsWith('https:');
  const detail = f.detail.replace(/^Unexpected response code: /, '');
  if (/ENOTFOUND|EAI_AGAIN/.test(f.detail)) return `Cannot resolve the host of ${a}: check -address or NOMAD_ADDR`;
  if (https && (f.code === 'RESET' || f.code === 'TLS') && /before secure TLS connection|wrong version number|packet length too long|EPROTO/i.test(f.detail)) {
    return `${a} speaks plain HTTP: use ${otherScheme(a, 'http')}`;
  }
  if (!https && f.httpStatus === 400 && /HTTP request to an HTTPS server/i.test(f.detail)) {
    return `${a} speaks HTTPS: use ${otherScheme(a, 'https')} (with -ca-cert or NOMAD_CACERT)`;
  }
  switch (f.code) {
    case 'CONNECT_REFUSED':
      return `Connection refused at ${a}: is Nomad listening there? (set -address or NOMAD_ADDR)`;
    case 'NO_ROUTE':
      return `No route to ${a}: check the address and the network`;
    case 'CONNECT_TIMEOUT':
      return `No connection to ${a} in time: check the address and any firewall between`;
    case 'TIMEOUT':
      return `${a} did not answer "${f.what}" within -request-timeout`;
    case 'RESET':
      // an HTTPS listener that is not Go's drops a plain request without a word
      return `${a} closed the connection before answering "${f.what}": is it a Nomad agent?${https ? '' : ` If it serves HTTPS, use ${otherScheme(a, 'https')}`}`;
    case 'TLS':
      return `TLS with ${a} failed (${withoutTempNames(detail)}): check -ca-cert, -client-cert, -client-key and -tls-server-name`;
  }
  if (f.httpStatus === 401 || f.httpStatus === 403) {
    if (!f.tokenSent) return `${a} refused to ${f.what} (${f.httpStatus}): the cluster has ACLs; set NOMAD_TOKEN or -token`;
    if (/ACL token not found|token not found|invalid token/i.test(f.detail)) {
      return `${a} does not know the token (${f.httpStatus} ${detail}): check NOMAD_TOKEN or -token`;
    }
    return `${a} refused to ${f.what} (${f.httpStatus} ${detail}): the token needs ${f.needs ?? 'more capabilities'}`;
  }
  return `Cannot ${f.what} at ${a}: ${withoutTempNames(detail)}`;
}

export const clusterFailure = (f: ClusterFailure): InputError =>
  new InputError(f.code === 'OK' ? 'CLUSTER' : `CLUSTER_${f.code}`, clusterFailureMessage(f));

/** A failure no module put in words (a bug, or a system error we did not foresee): one line, exit 1. */
export function unexpectedFailure(err: unknown): { message: string; exitCode: number } {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (typeof e?.path === 'string' && typeof e.syscall === 'string' && !/\.tmp$/.test(e.path)) {
    return /^(write|mkdir|rename|copyfile|unlink|rmdir)$/.test(e.syscall) ? { message: writeFailure(err, e.path), exitCode: EXIT.output } : { message: readFailure(err, e.path), exitCode: EXIT.usage };
  }
  return { message: withoutTempNames(errorMessage(err).split('\n')[0] ?? ''), exitCode: EXIT.usage };
}
