/**
 * The ClusterClass example (examples/sim-clusterclass) as tests and the history capture edit it:
 * a cluster of the class under another name and labels, the class under a rollout policy, and
 * the worker bootstrap template edited in place (which rolls the workers, as in CAPI).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'sim-clusterclass');

export function readSimClassExample(file: 'cluster.yaml' | 'clusterclass.yaml' | 'templates.yaml'): string {
  return readFileSync(join(EXAMPLE, file), 'utf8');
}

/** cluster.yaml as cluster `name`, with `labels` added (and upgrade-wave replaced when given). */
export function simClassClusterYaml(name: string, labels: Record<string, string> = {}): string {
  const { 'upgrade-wave': wave = '2', ...rest } = labels;
  const extra = Object.entries(rest).map(([k, v]) => `\n    ${k}: '${v}'`).join('');
  return readSimClassExample('cluster.yaml').replace('name: dev-cluster-02', `name: ${name}`).replace("upgrade-wave: '2'", `upgrade-wave: '${wave}'${extra}`);
}

/** clusterclass.yaml annotated with `capstan.io/rollout-policy`. */
export function withRolloutPolicy(clusterclass: string, policy: 'Immediate' | 'Campaign'): string {
  const out = clusterclass.replace('name: standard-sim\n  namespace: default\n', `name: standard-sim\n  namespace: default\n  annotations:\n    capstan.io/rollout-policy: ${policy}\n`);
  if (out === clusterclass) throw new Error('clusterclass.yaml changed shape: no metadata to annotate');
  return out;
}

/** templates.yaml with the worker KubeadmConfigTemplate given a preKubeadmCommands entry. */
export function withWorkerCommand(templates: string): string {
  const at = templates.indexOf('name: standard-sim-worker-bootstrap');
  const tail = templates.slice(at).replace(
    'criSocket: unix:///var/run/containerd/containerd.sock',
    'criSocket: unix:///var/run/containerd/containerd.sock\n      preKubeadmCommands:\n        - sysctl -w net.ipv4.ip_forward=1',
  );
  return templates.slice(0, at) + tail;
}
