// CSI: the `aws/ebs` plugin (Nomad's own test name: an id with a slash, which must survive
// URL paths and bundle file names), a host-path plugin, and one EBS volume.
import { makeRng, uuidFrom } from '../content/rand.ts';
import { historyStart } from './timeline.ts';
import type { IndexCounter } from './workload.ts';
import type { ClusterOptions, Doc, SimAgent } from './types.ts';

export interface Csi {
  plugins: Doc[];
  volumes: Doc[];
}

/** Plugin node tasks run on a few clients only, whatever the cluster size. */
const MAX_PLUGIN_NODES = 3;

function csiInfo(pluginId: string, provider: string, healthy: boolean, controller: boolean, node: SimAgent, at: string): Doc {
  return {
    PluginID: pluginId,
    AllocID: uuidFrom(makeRng('csi-alloc', pluginId, node.id, controller ? 'c' : 'n')),
    Healthy: healthy,
    HealthDescription: healthy ? 'healthy' : 'unhealthy',
    UpdateTime: at,
    RequiresControllerPlugin: controller || provider === 'ebs.csi.aws.com',
    RequiresTopologies: provider === 'ebs.csi.aws.com',
    ControllerInfo: controller ? { SupportsCreateDelete: true, SupportsAttachDetach: true, SupportsListVolumes: true, SupportsExpand: true } : null,
    NodeInfo: controller ? null : { ID: node.id, MaxVolumes: 25, AccessibleTopology: { Segments: { 'topology.ebs.csi.aws.com/zone': 'us-east-1a' } }, RequiresNodeStageVolume: true },
  };
}

export function buildCsi(opts: ClusterOptions, clients: SimAgent[], startedAt: Date, idx: IndexCounter): Csi {
  const at = new Date(historyStart(startedAt) + 45_000).toISOString();
  const hosts = clients.slice(0, MAX_PLUGIN_NODES);
  const defs = [
    { id: 'aws/ebs', provider: 'ebs.csi.aws.com', version: 'v1.37.0', controllerRequired: true },
    { id: 'hostpath', provider: 'hostpath.csi.k8s.io', version: 'v1.15.0', controllerRequired: false },
  ];
  const plugins = defs.map((d) => {
    const i = idx.next();
    const nodes: Doc = {};
    for (const n of hosts) nodes[n.id] = csiInfo(d.id, d.provider, n.status === 'ready', false, n, at);
    const controllers: Doc = {};
    if (d.controllerRequired && hosts[0]) controllers[hosts[0].id] = csiInfo(d.id, d.provider, hosts[0].status === 'ready', true, hosts[0], at);
    const nodesHealthy = hosts.filter((n) => n.status === 'ready').length;
    const ctrlHealthy = d.controllerRequired && hosts[0]?.status === 'ready' ? 1 : 0;
    return {
      ID: d.id, Provider: d.provider, Version: d.version, ControllerRequired: d.controllerRequired, Controllers: controllers, Nodes: nodes,
      Allocations: [], ControllersHealthy: ctrlHealthy, ControllersExpected: d.controllerRequired ? 1 : 0,
      NodesHealthy: nodesHealthy, NodesExpected: hosts.length, CreateIndex: i, ModifyIndex: i,
    };
  });
  const ebs = plugins[0]!;
  const vi = idx.next();
  const volumes: Doc[] = [{
    ID: 'postgres-data', Name: 'postgres-data', ExternalID: `vol-0${makeRng('vol', opts.seed).hex(16)}`, Namespace: 'prod',
    Topologies: [{ Segments: { 'topology.ebs.csi.aws.com/zone': 'us-east-1a' } }], AccessMode: 'single-node-writer', AttachmentMode: 'file-system',
    MountOptions: { FSType: 'ext4', MountFlags: null }, Secrets: {}, Parameters: { type: 'gp3' }, Context: {},
    Capacity: 107_374_182_400, RequestedCapacityMin: 107_374_182_400, RequestedCapacityMax: 0,
    RequestedCapabilities: [{ AccessMode: 'single-node-writer', AttachmentMode: 'file-system' }], CloneID: '', SnapshotID: '',
    RequestedTopologies: null, ReadAllocs: {}, WriteAllocs: {}, ReadClaims: {}, WriteClaims: {}, PastClaims: {},
    Schedulable: (ebs['NodesHealthy'] as number) > 0, PluginID: 'aws/ebs', Provider: 'ebs.csi.aws.com', ProviderVersion: 'v1.37.0',
    ControllerRequired: true, ControllersHealthy: ebs['ControllersHealthy'], ControllersExpected: ebs['ControllersExpected'],
    NodesHealthy: ebs['NodesHealthy'], NodesExpected: ebs['NodesExpected'], ResourceExhausted: '0001-01-01T00:00:00Z',
    CreateIndex: vi, ModifyIndex: vi,
  }];
  return { plugins, volumes };
}
