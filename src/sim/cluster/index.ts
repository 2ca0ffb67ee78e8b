// The simulated cluster's data layer, in one import for the HTTP server.
export { buildCluster, DEFAULT_STARTED_AT } from './build.ts';
export { agentHealth, agentHost, agentSchedulers, agentSchedulersConfig, agentSelf, agentServers, members, type HealthAnswer } from './docs-agent.ts';
export {
  allocationStubs, autopilotConfiguration, autopilotHealth, csiPlugin, csiPluginStubs, csiVolume, csiVolumeStubs, deploymentList, evaluationList, findAllocation,
  jobDoc, jobStubs, leaderAddr, namespacesList, nodeDoc, nodeStubs, peers, raftConfiguration, regions, schedulerConfiguration,
} from './docs-cluster.ts';
export { allocStats, clientMetadata, clientStats } from './docs-client.ts';
export { metrics } from './metrics.ts';
export { eventsSince } from './events.ts';
export { allocFs, type AllocFile } from './alloc-fs.ts';
export { nomadRedactsEnv } from './redact.ts';
export type { StubOptions } from './nodes.ts';
export type * from './types.ts';
export { exposedSecrets, jobSecrets } from './workload-secrets.ts';
export { LOOK_ALIKE_ENV } from './environment.ts';
