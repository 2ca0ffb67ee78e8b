// The agent configuration as agent/self returns it (Nomad 1.10 shape: Consuls/Vaults arrays,
// Version object, durations as ns integers), with Nomad's own redactions applied.
import { RPC_PORT, SERF_PORT } from './addresses.ts';
import { configSecrets, redactIfSet, vaultTokenRedacted } from './secrets.ts';
import { CONSUL_ADDRESS } from './consul.ts';
import { vaultUrl } from './vault.ts';
import type { Doc, SimAgent, SimCluster } from './types.ts';
import { revisionOf } from './versions.ts';

const S = 1_000_000_000;

/** The server's autopilot settings (nomad/config.go DefaultConfig), ns: agent/self shows them as integers, the operator API as Go duration strings. */
export const AUTOPILOT = { lastContactThresholdNs: 200_000_000, serverStabilizationTimeNs: 10 * S, maxTrailingLogs: 250, minQuorum: 0 };

export function agentConfig(c: SimCluster, a: SimAgent): Doc {
  const o = c.options;
  const sec = configSecrets(o, a);
  const server = a.kind === 'server';
  const nodeName = server ? a.name.replace(/\.[^.]+$/, '') : a.name;
  const http = `${a.address}:${o.port}`;
  const tlsDir = '/etc/nomad.d/tls';
  return {
    Region: c.region,
    Datacenter: a.datacenter,
    NodeName: nodeName,
    DataDir: '/opt/nomad/data',
    PluginDir: '/opt/nomad/data/plugins',
    LogLevel: 'INFO',
    LogJson: false,
    LogFile: a.logFile,
    LogIncludeLocation: false,
    LogRotateDuration: '',
    LogRotateBytes: 0,
    LogRotateMaxFiles: 0,
    BindAddr: a.address,
    EnableDebug: o.enableDebug,
    Ports: { HTTP: o.port, RPC: RPC_PORT, Serf: SERF_PORT },
    Addresses: { HTTP: a.address, RPC: a.address, Serf: a.address },
    AdvertiseAddrs: { HTTP: http, RPC: `${a.address}:${RPC_PORT}`, Serf: `${a.address}:${SERF_PORT}` },
    Client: clientConfig(c, a),
    Server: serverConfig(c, a),
    RPC: { AcceptBacklog: 256, KeepAliveInterval: 30 * S, ConnectionWriteTimeout: 10 * S, MaxStreamWindowSize: 262144, StreamOpenTimeout: 75 * S, StreamCloseTimeout: 5 * 60 * S },
    ACL: {
      Enabled: o.aclEnabled, TokenTTL: 30 * S, PolicyTTL: 30 * S, RoleTTL: 30 * S, TokenMinExpirationTTL: 60 * S, TokenMaxExpirationTTL: 24 * 3600 * S,
      ReplicationToken: redactIfSet(sec.replicationToken),
    },
    Telemetry: {
      InMemoryCollectionInterval: '10s', InMemoryRetentionPeriod: '1m', StatsiteAddr: '', StatsdAddr: '', DataDogAddr: '', DataDogTags: null,
      PrometheusMetrics: true, DisableHostname: false, UseNodeName: false, CollectionInterval: '1s', PublishAllocationMetrics: true,
      PublishNodeMetrics: true, PrefixFilter: null, FilterDefault: null, DisableDispatchedJobSummaryMetrics: false,
      CirconusAPIToken: '', CirconusAPIApp: '', CirconusAPIURL: '', CirconusSubmissionInterval: '',
    },
    LeaveOnInt: false,
    LeaveOnTerm: false,
    EnableSyslog: false,
    SyslogFacility: 'LOCAL0',
    DisableUpdateCheck: false,
    DisableAnonymousSignature: false,
    Consuls: [{
      Name: 'default', ServerServiceName: 'nomad', ServerHTTPCheckName: 'Nomad Server HTTP Check', ServerSerfCheckName: 'Nomad Server Serf Check',
      ServerRPCCheckName: 'Nomad Server RPC Check', ClientServiceName: 'nomad-client', ClientHTTPCheckName: 'Nomad Client HTTP Check', Tags: null,
      AutoAdvertise: true, ChecksUseAdvertise: false, Addr: `${CONSUL_ADDRESS}:${c.consul.port}`, GRPCAddr: `${CONSUL_ADDRESS}:8502`, Timeout: 5 * S,
      Token: redactIfSet(sec.consulToken), AllowUnauthenticated: true,
      // Nomad never redacts the HTTP basic auth of the Consul block.
      Auth: sec.consulAuth,
      EnableSSL: false, ShareSSL: null, VerifySSL: true, GRPCCAFile: '', CAFile: '', CertFile: '', KeyFile: '',
      ServerAutoJoin: true, ClientAutoJoin: true, Namespace: '', ServiceIdentityAuthMethod: 'nomad-workloads', TaskIdentityAuthMethod: 'nomad-workloads',
      ServiceIdentity: null, TaskIdentity: null,
    }],
    Vaults: [{
      Name: 'default', Enabled: true, Role: '', Namespace: '', Addr: vaultUrl(c.vault), JWTAuthBackendPath: 'jwt-nomad',
      ConnectionRetryIntv: 30 * S, TLSCaFile: '', TLSCaPath: '', TLSCertFile: '', TLSKeyFile: '', TLSSkipVerify: null, TLSServerName: '',
      DefaultIdentity: null,
      Token: vaultTokenRedacted(a.version) ? redactIfSet(sec.vaultToken) : sec.vaultToken,
    }],
    UI: { Enabled: server, ContentSecurityPolicy: null, Consul: { BaseUIURL: '' }, Vault: { BaseUIURL: '' }, Label: null },
    DevMode: false,
    Version: { Revision: revisionOf(a.version), Version: a.version, VersionMetadata: '', VersionPrerelease: '' },
    Files: ['/etc/nomad.d/nomad.hcl', `/etc/nomad.d/${server ? 'server' : 'client'}.hcl`],
    TLSConfig: {
      EnableHTTP: o.tls, EnableRPC: o.tls, VerifyServerHostname: o.tls, VerifyHTTPSClient: false,
      CAFile: o.tls ? `${tlsDir}/nomad-agent-ca.pem` : '', CertFile: o.tls ? `${tlsDir}/global-${a.kind}-nomad.pem` : '',
      KeyFile: o.tls ? `${tlsDir}/global-${a.kind}-nomad-key.pem` : '', KeyLoader: {}, RPCUpgradeMode: false, Checksum: '',
      TLSCipherSuites: '', TLSMinVersion: '', TLSPreferServerCipherSuites: false,
    },
    HTTPAPIResponseHeaders: {},
    Sentinel: { Imports: null },
    Autopilot: {
      CleanupDeadServers: null, ServerStabilizationTime: AUTOPILOT.serverStabilizationTimeNs, LastContactThreshold: AUTOPILOT.lastContactThresholdNs,
      MaxTrailingLogs: AUTOPILOT.maxTrailingLogs, MinQuorum: AUTOPILOT.minQuorum,
      EnableRedundancyZones: null, DisableUpgradeMigration: null, EnableCustomUpgrades: null,
    },
    Plugins: server ? [] : [{ Name: 'docker', Args: null, Config: { allow_privileged: false, volumes: [{ enabled: true }] } }],
    Limits: { HTTPSHandshakeTimeout: '5s', HTTPMaxConnsPerClient: 100, RPCHandshakeTimeout: '5s', RPCMaxConnsPerClient: 100 },
    Audit: { Enabled: null, Sinks: null, Filters: null },
    Reporting: { License: { Enabled: null } },
    KEKProviders: [],
  };
}

function clientConfig(c: SimCluster, a: SimAgent): Doc {
  const client = a.kind === 'client';
  return {
    Enabled: client, StateDir: '', AllocDir: '', AllocMountsDir: '', NodeClass: a.nodeClass, NodePool: 'default',
    Servers: client ? c.servers.filter((s) => s.status !== 'left').map((s) => `${s.address}:${RPC_PORT}`) : null,
    NetworkInterface: '', NetworkSpeed: 0, CpuCompute: 0, MemoryMB: 0, DiskTotalMB: 0, DiskFreeMB: 0, ReserveableCores: '',
    MaxKillTimeout: '30s', ClientMaxPort: 14512, ClientMinPort: 14000, MinDynamicPort: 20000, MaxDynamicPort: 32000,
    Reserved: { CPU: 0, Cores: '', MemoryMB: 0, DiskMB: 0, ReservedPorts: '' },
    GCInterval: 60 * S, GCParallelDestroys: 2, GCDiskUsageThreshold: 80, GCInodeUsageThreshold: 70, GCMaxAllocs: 50,
    NoHostUUID: true, DisableRemoteExec: false, CNIPath: '/opt/cni/bin', CNIConfigDir: '/opt/cni/config', BridgeNetworkName: '',
    BridgeNetworkSubnet: '', BindWildcardDefaultHostNetwork: true, CgroupParent: '', NomadServiceDiscovery: true,
    Meta: client ? { rack: `r${(Number(a.name.split('-')[1]) % 4) + 1}` } : {}, Options: {},
    ServerJoin: { StartJoin: null, RetryJoin: [], RetryMaxAttempts: 0, RetryInterval: 30 * S },
  };
}

function serverConfig(c: SimCluster, a: SimAgent): Doc {
  const server = a.kind === 'server';
  return {
    Enabled: server, AuthoritativeRegion: '', BootstrapExpect: server ? c.options.servers : 0, DataDir: '', ProtocolVersion: 0,
    RaftProtocol: 3, RaftMultiplier: null, NumSchedulers: null, EnabledSchedulers: null, NodeGCThreshold: '', EvalGCThreshold: '',
    JobGCInterval: '', JobGCThreshold: '', DeploymentGCThreshold: '', CSIPluginGCThreshold: '', CSIVolumeClaimGCThreshold: '',
    ACLTokenGCThreshold: '', RootKeyGCInterval: '', RootKeyGCThreshold: '', RootKeyRotationThreshold: '', HeartbeatGrace: 0,
    MinHeartbeatTTL: 0, MaxHeartbeatsPerSecond: 0, FailoverHeartbeatTTL: 0, RetryJoin: [], StartJoin: [], RetryInterval: 0,
    RetryMaxAttempts: 0, RejoinAfterLeave: false, NonVotingServer: false, RedundancyZone: '', UpgradeVersion: '',
    EnableEventBroker: true, EventBufferSize: 100, LicenseEnv: '', LicensePath: '', DefaultSchedulerConfig: null,
    PlanRejectionTracker: { Enabled: false, NodeThreshold: 100, NodeWindow: 300 * S },
    Search: { FuzzyEnabled: true, LimitQuery: 20, LimitResults: 100, MinTermLength: 2 },
    ServerJoin: { StartJoin: null, RetryJoin: [], RetryMaxAttempts: 0, RetryInterval: 30 * S },
    RaftBoltConfig: null, JobMaxPriority: 100, JobDefaultPriority: 50,
  };
}

