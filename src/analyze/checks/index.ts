// Every check, in report order.
import type { Check } from '../types.ts';
import { check as agentHealth } from './agent-health.ts';
import { check as allocations } from './allocations.ts';
import { check as bundleIntegrity } from './bundle-integrity.ts';
import { check as captureCoverage } from './capture-coverage.ts';
import { check as clientServers } from './client-servers.ts';
import { check as clockSkew } from './clock-skew.ts';
import { check as consul } from './consul.ts';
import { check as consulChecks } from './consul-checks.ts';
import { check as deployments } from './deployments.ts';
import { check as gcPressure } from './gc-pressure.ts';
import { check as leaderRaft } from './leader-raft.ts';
import { check as logs } from './logs.ts';
import { check as memberStatus } from './member-status.ts';
import { check as metricsTrends } from './metrics-trends.ts';
import { check as nodes } from './nodes.ts';
import { check as placement } from './placement.ts';
import { check as profiles } from './profiles.ts';
import { check as schedulers } from './schedulers.ts';
import { check as secrets } from './secrets.ts';
import { check as serviceChecks } from './service-checks.ts';
import { check as securityPosture } from './security-posture.ts';
import { check as serviceCoverage } from './service-coverage.ts';
import { check as vault } from './vault.ts';
import { check as versionSkew } from './version-skew.ts';

export const allChecks: Check[] = [
  memberStatus,
  leaderRaft,
  versionSkew,
  agentHealth,
  clientServers,
  schedulers,
  nodes,
  clockSkew,
  placement,
  allocations,
  deployments,
  serviceChecks,
  secrets,
  securityPosture,
  profiles,
  logs,
  metricsTrends,
  gcPressure,
  consul,
  consulChecks,
  vault,
  captureCoverage,
  serviceCoverage,
  bundleIntegrity,
];
