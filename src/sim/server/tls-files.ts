// The test-only certificates the sim serves with -tls (test/fixtures/tls, see its README).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './listeners.ts';

const DIR = new URL('../../../test/fixtures/tls/', import.meta.url);

export interface TlsFiles {
  ca: string;
  clientCert: string;
  clientKey: string;
  serverName: string;
}

export function tlsFiles(): TlsFiles {
  return {
    ca: fileURLToPath(new URL('ca.pem', DIR)),
    clientCert: fileURLToPath(new URL('client.pem', DIR)),
    clientKey: fileURLToPath(new URL('client-key.pem', DIR)),
    serverName: 'server.global.nomad',
  };
}

export function tlsMaterial(): TlsMaterial {
  return {
    key: fs.readFileSync(new URL('server-key.pem', DIR)),
    cert: fs.readFileSync(new URL('server.pem', DIR)),
    ca: fs.readFileSync(new URL('ca.pem', DIR)),
  };
}
