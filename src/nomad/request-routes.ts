// Which connection pool and which headers each request uses. Requests to -address use the pool
// and credentials as the operator configured them; direct asks follow decideTrust: a pool per
// expected certificate name (the cluster CA and `<role>.<region>.nomad` checked by Node's TLS
// before any header is sent), or no credentials at all.
import { Agent, type Dispatcher } from 'undici';
import { CaptureError } from '../shared/errors.ts';
import { decideTrust, type DirectAsk } from './direct-trust.ts';
import type { TlsConnect } from './tls.ts';

export interface RoutesOptions {
  /** -address: its scheme is that of every direct ask too. */
  address: string;
  tls: TlsConnect;
  /** Headers for the -address agent, credentials included. */
  headers: Record<string, string>;
  trustAdvertised: boolean;
}

export interface Route {
  dispatcher: Dispatcher;
  headers: Record<string, string>;
  /** Set when the credentials were left off (decideTrust's reason). */
  withheld?: string;
  /** The certificate name the agent had to prove. */
  verifyName?: string;
  /**
   * A direct ask: an agent is asked once or twice, so its socket closes with the answer instead of
   * idling in the pool (thousands of idle sockets would spend the open-file limit).
   */
  closeAfter: boolean;
}

/** Headers that prove who we are: never sent where the token may not go. */
const CREDENTIALS = ['x-nomad-token', 'x-consul-token', 'x-vault-token', 'authorization'];

function pool(connect: TlsConnect): Agent {
  return new Agent({
    connect: { ...connect, timeout: 10_000 },
    keepAliveTimeout: 10_000,
    // streams (monitor, events) each hold a socket for the whole run; one-shot work is
    // bounded by the collector's limiter, not here.
    connections: null,
  });
}

export class RequestRoutes {
  readonly #opts: RoutesOptions;
  readonly #main: Agent;
  readonly #byName = new Map<string, Agent>();
  readonly #bare: Record<string, string>;

  constructor(opts: RoutesOptions) {
    this.#opts = opts;
    this.#main = pool(opts.tls);
    this.#bare = Object.fromEntries(Object.entries(opts.headers).filter(([k]) => !CREDENTIALS.includes(k)));
  }

  /** `baseUrl` undefined or -address's own origin: the agent the operator pointed the token at. */
  pick(baseUrl: string | undefined, direct: DirectAsk | undefined): Route {
    const { address, tls, headers, trustAdvertised } = this.#opts;
    const toAddress = baseUrl === undefined || new URL(baseUrl).origin === new URL(address).origin;
    const d = decideTrust({ direct: toAddress ? undefined : direct, scheme: new URL(address).protocol, skipVerify: !tls.rejectUnauthorized, trustAdvertised });
    const closeAfter = !toAddress;
    if (!d.sendToken) return { dispatcher: this.#main, headers: this.#bare, withheld: d.withheld, closeAfter };
    if (!d.verifyName) return { dispatcher: this.#main, headers, closeAfter };
    return { dispatcher: this.#verifying(d.verifyName), headers, verifyName: d.verifyName, closeAfter };
  }

  /** A TLS failure where an identity was required says which name was expected. */
  explain(err: CaptureError, route: Route): CaptureError {
    if (err.code !== 'TLS' || !route.verifyName) return err;
    const name = route.verifyName;
    return new CaptureError('TLS', `the agent did not prove it is ${name} (a certificate for ${name} from the cluster CA is required; the token was not sent): ${err.message}`);
  }

  async close(): Promise<void> {
    await Promise.all([this.#main, ...this.#byName.values()].map((a) => a.close().catch(() => a.destroy())));
  }

  destroy(): void {
    for (const a of [this.#main, ...this.#byName.values()]) void a.destroy().catch(() => undefined);
  }

  /** -tls-server-name and -tls-skip-verify do not apply here: the name is the proof. */
  #verifying(name: string): Agent {
    let agent = this.#byName.get(name);
    if (!agent) {
      agent = pool({ ...this.#opts.tls, servername: name, rejectUnauthorized: true });
      this.#byName.set(name, agent);
    }
    return agent;
  }
}
