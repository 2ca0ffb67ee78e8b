// Whether the ACL token may go with a request. The -address agent is the operator's choice and
// gets the token as configured. A direct ask goes to an address some gossip member advertised,
// which proves nothing: there the token goes only where TLS proves the agent's role (the
// cluster CA and Nomad's verify_server_hostname name, `<role>.<region>.nomad`), or where the
// operator opted in with -trust-advertised. Pure: no I/O.

export type AgentRole = 'server' | 'client';

/** A request to another agent at its advertised address, and the identity it must prove. */
export interface DirectAsk {
  role: AgentRole;
  region: string;
}

export interface TrustInput {
  /** Undefined for a request to -address. */
  direct?: DirectAsk;
  /** Scheme of the request URL (that of -address). */
  scheme: string;
  /** -tls-skip-verify: the certificate is not checked, so it proves nothing. */
  skipVerify: boolean;
  trustAdvertised: boolean;
}

export interface TrustDecision {
  sendToken: boolean;
  /**
   * The name the agent's certificate must carry, verified against the cluster CA before any
   * header is sent (overrides -tls-server-name). Undefined: the connection as configured.
   */
  verifyName?: string;
  /** Why the token stays home, naming what would send it. Set when sendToken is false. */
  withheld?: string;
}

/** Nomad's name for an agent of `role` in `region` (helper/tlsutil/config.go, `nomad tls cert create`). */
export function agentTlsName(role: AgentRole, region: string): string {
  return `${role}.${region}.nomad`;
}

export function decideTrust(input: TrustInput): TrustDecision {
  const { direct } = input;
  if (!direct) return { sendToken: true };
  const name = agentTlsName(direct.role, direct.region);
  if (input.scheme === 'https:' && !input.skipVerify) return { sendToken: true, verifyName: name };
  if (input.trustAdvertised) return { sendToken: true };
  const withheld =
    input.scheme === 'https:'
      ? `token withheld: with -tls-skip-verify the certificate does not prove the agent is ${name} ` +
        '(verify it with -ca-cert instead, or send the token anyway with -trust-advertised)'
      : 'token withheld from an unverified address (plain HTTP proves no identity; -trust-advertised sends it)';
  return { sendToken: false, withheld };
}
