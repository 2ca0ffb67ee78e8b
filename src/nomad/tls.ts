// TLS settings for undici's `connect` option, built from Nomad's -ca-cert/-ca-path/-client-cert/
// -client-key/-tls-server-name/-tls-skip-verify. Read once, reused for every agent we reach.
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError, errorMessage } from '../shared/errors.ts';
import { readFailure } from '../shared/failure-messages.ts';

/** Nomad's TLS flags, as the collector's options carry them. */
export interface TlsOptions {
  caCert?: string;
  caPath?: string;
  clientCert?: string;
  clientKey?: string;
  serverName?: string;
  skipVerify: boolean;
}

export interface TlsConnect {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
  rejectUnauthorized: boolean;
}

async function readOrThrow(file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    throw new InputError('TLS_FILE', `${readFailure(err, file)} (${what})`);
  }
}

/** Every PEM certificate file in a folder (NOMAD_CAPATH), in name order. */
async function readCaFolder(dir: string): Promise<Buffer[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch (err) {
    throw new InputError('TLS_FILE', `${readFailure(err, dir)} (CA folder)`);
  }
  const out: Buffer[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    const st = await fs.stat(full).catch(() => undefined);
    if (!st?.isFile()) continue;
    const data = await fs.readFile(full).catch(() => undefined);
    if (data && data.includes('-----BEGIN CERTIFICATE-----')) out.push(data);
  }
  if (out.length === 0) throw new InputError('TLS_FILE', `No PEM certificate found in CA folder ${dir}`);
  return out;
}

export async function loadTlsConnect(tls: TlsOptions): Promise<TlsConnect> {
  const out: TlsConnect = { rejectUnauthorized: !tls.skipVerify };
  const ca: Buffer[] = [];
  if (tls.caCert) ca.push(await readOrThrow(tls.caCert, 'CA file'));
  if (tls.caPath) ca.push(...(await readCaFolder(tls.caPath)));
  if (ca.length > 0) out.ca = ca;
  if (tls.clientCert) out.cert = await readOrThrow(tls.clientCert, 'client certificate');
  if (tls.clientKey) out.key = await readOrThrow(tls.clientKey, 'client key');
  if (tls.serverName) out.servername = tls.serverName;
  return out;
}
