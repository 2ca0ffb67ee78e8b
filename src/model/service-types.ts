// The model's shapes of what Consul and Vault answered (cluster/consul-*.json and
// vault-sys-health.json): the fields the checks and the report read, typed; the rest kept.
import type { MetricsSummary, Sourced } from './types.ts';

/** A Consul LAN member. Consul writes Status as serf's number; the model holds its name. */
export interface ConsulMember {
  Name: string;
  Addr?: string;
  Port?: number;
  Tags?: Record<string, string>;
  /** alive, leaving, left, failed, none (or the number as text when Consul sent one it does not define). */
  Status: string;
}

/** A health check the Consul agent runs (structs.HealthCheck). */
export interface ConsulCheck {
  CheckID: string;
  Name: string;
  /** passing, warning, critical, maintenance. */
  Status: string;
  Node?: string;
  Output?: string;
  Notes?: string;
  ServiceID?: string;
  ServiceName?: string;
  Type?: string;
}

/** A service registered with the Consul agent (api.AgentService). */
export interface ConsulService {
  ID: string;
  Service: string;
  Address?: string;
  Port?: number;
  Tags?: string[];
}

export interface ConsulSelf {
  Config?: { NodeName?: string; Datacenter?: string; Version?: string; Server?: boolean };
  Member?: ConsulMember;
  Stats?: Record<string, Record<string, unknown>>;
  Meta?: Record<string, string>;
}

/** Vault's GET /v1/sys/health body (http/sys_health.go HealthResponse). */
export interface VaultHealth {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performance_standby?: boolean;
  replication_performance_mode?: string;
  replication_dr_mode?: string;
  server_time_utc?: number;
  version?: string;
  cluster_name?: string;
  cluster_id?: string;
}

/** What the bundle holds of Consul; a field is absent when its file is (or did not decode). */
export interface ConsulData {
  /** The leader's address; "" when Consul has none. */
  leader?: Sourced<string>;
  self?: Sourced<ConsulSelf>;
  members?: Sourced<ConsulMember[]>;
  host?: Sourced<Record<string, unknown>>;
  metrics?: Sourced<MetricsSummary>;
  /** The agent's checks (the file is a map by check ID). */
  checks?: Sourced<ConsulCheck[]>;
  /** The agent's services (the file is a map by service ID). */
  services?: Sourced<ConsulService[]>;
}
