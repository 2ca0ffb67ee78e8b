// The test-only certificates the sim serves with -tls (test/fixtures/tls, see its README): one per
// agent role, as Nomad's verify_server_hostname expects, plus one wrong name.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './listeners.ts';

/** test/fixtures/tls of this package, from wherever this module runs: src/, dist/ or the bundle. */
function fixtureDir(): URL {
  let dir = new URL('./', import.meta.url);
  for (;;) {
    const candidate = new URL('test/fixtures/tls/', dir);
    if (fs.existsSync(candidate)) return candidate;
    const up = new URL('../', dir);
    if (up.href === dir.href) return new URL('../../../test/fixtures/tls/', import.meta.url);
    dir = up;
  }
}

export interface TlsFiles {
  ca: string;
  clientCert: string;
  clientKey: string;
  serverName: string;
}

export function tlsFiles(): TlsFiles {
  const DIR = fixtureDir();
  return {
    ca: fileURLToPath(new URL('ca.pem', DIR)),
    clientCert: fileURLToPath(new URL('client.pem', DIR)),
    clientKey: fileURLToPath(new URL('client-key.pem', DIR)),
    serverName: 'server.global.nomad',
  };
}

/** What each kind of simulated agent serves: Nomad's `<role>.global.nomad` names, and one wrong name. */
export interface SimTlsMaterial {
  server: TlsMaterial;
  client: TlsMaterial;
  /** Same CA, certificate for `rogue.global.nomad`: an agent that proves no role. */
  rogue: TlsMaterial;
}

export function tlsMaterial(): SimTlsMaterial {
  const DIR = fixtureDir();
  const ca = fs.readFileSync(new URL('ca.pem', DIR));
  const pair = (name: string): TlsMaterial => ({
    key: fs.readFileSync(new URL(`${name}-key.pem`, DIR)),
    cert: fs.readFileSync(new URL(`${name}.pem`, DIR)),
    ca,
  });
  return { server: pair('server'), client: pair('client-agent'), rogue: pair('rogue-agent') };
}
