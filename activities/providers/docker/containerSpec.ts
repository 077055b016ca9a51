/**
 * The Engine's create requests for node and load-balancer containers, as CAPD makes them
 * (test/infrastructure/docker/internal/docker: privileged, tmpfs /run and /tmp, an anonymous
 * volume for /var, /lib/modules read-only, the extra mounts, hostname = machine name, the kind
 * network). Pure.
 */
import type { ContainerCreateOptions } from 'dockerode';
import { API_SERVER_PORT } from './clusterSpec';
import type { DockerMount } from './machineSpec';

export interface NodeContainerInput {
  name: string;
  hostname: string;
  image: string;
  labels: Record<string, string>;
  network: string;
  privileged: boolean;
  extraMounts: readonly DockerMount[];
}

export function nodeContainerOptions(i: NodeContainerInput): ContainerCreateOptions {
  return {
    name: i.name,
    Image: i.image,
    Hostname: i.hostname,
    Labels: i.labels,
    Tty: true, // kind: systemd (the node image's init) wants a terminal
    // kind's node images stop systemd cleanly with this signal
    StopSignal: 'SIGRTMIN+3',
    Volumes: { '/var': {} },
    HostConfig: {
      Privileged: i.privileged,
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      Tmpfs: { '/tmp': '', '/run': '' },
      Binds: [
        '/lib/modules:/lib/modules:ro',
        ...i.extraMounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
      ],
      NetworkMode: i.network,
      RestartPolicy: { Name: 'unless-stopped' },
      // kube-proxy / kubelet inside the node need these sysctls to be writable; privileged covers it
      Init: false,
    },
    NetworkingConfig: { EndpointsConfig: { [i.network]: { Aliases: [i.hostname] } } },
  };
}

export interface LoadBalancerContainerInput {
  name: string;
  image: string;
  labels: Record<string, string>;
  network: string;
  /** kindest/haproxy brings its entrypoint; another image (a Debian one with haproxy) is told what to run */
  kindHaproxyImage: boolean;
  configPath: string;
}

export function loadBalancerContainerOptions(i: LoadBalancerContainerInput): ContainerCreateOptions {
  return {
    name: i.name,
    Image: i.image,
    Hostname: i.name,
    Labels: i.labels,
    ...(i.kindHaproxyImage ? {} : { Cmd: ['haproxy', '-W', '-db', '-f', i.configPath] }),
    ExposedPorts: { [`${API_SERVER_PORT}/tcp`]: {} },
    HostConfig: {
      NetworkMode: i.network,
      RestartPolicy: { Name: 'unless-stopped' },
      // CAPD publishes the API server port on the host too, for a kubeconfig that works off-network
      PortBindings: { [`${API_SERVER_PORT}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] },
    },
  };
}
