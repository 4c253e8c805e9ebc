// The parts of the host drill that others use: its configuration (config-check), the network (its test).
export { drillHostsConfigSchema } from './hosts-config.js';
export { hostsOf, type TestHost, type Topology } from './topology.js';
export { buildNetwork, cutHost, healHost, namespaces, pidsIn, removeNetwork } from './network.js';
export { onHost } from './ip-commands.js';
