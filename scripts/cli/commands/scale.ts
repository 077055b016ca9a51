import type { Command } from 'commander';
import { CliError, withClient } from '../globalOptions';
import type { CapstanClient } from '../../client/CapstanClient';
import { progressLine } from '../progress';

export const KINDS: Record<string, 'KubeadmControlPlane' | 'MachineDeployment'> = {
  machinedeployment: 'MachineDeployment',
  machinedeployments: 'MachineDeployment',
  md: 'MachineDeployment',
  kubeadmcontrolplane: 'KubeadmControlPlane',
  kubeadmcontrolplanes: 'KubeadmControlPlane',
  kcp: 'KubeadmControlPlane',
};

/** Finds the cluster owning a KCP or MachineDeployment when --cluster is not given. */
export async function findOwner(client: CapstanClient, namespace: string, kind: string, name: string): Promise<string> {
  const owners = (await client.list({ namespace })).filter((e) =>
    kind === 'KubeadmControlPlane'
      ? e.description?.controlPlane?.name === name
      : e.description?.machineDeployments.some((md) => md.name === name),
  );
  if (owners.length === 1) return owners[0]!.name;
  if (owners.length === 0) throw new CliError(`${kind}/${name} not found in namespace ${namespace}`, 1);
  throw new CliError(`${kind}/${name} is ambiguous (clusters ${owners.map((o) => o.name).join(', ')}); pass --cluster`, 2);
}

export function registerScale(program: Command): void {
  program
    .command('scale <kind> <name>')
    .description('set the replicas of a MachineDeployment (md) or KubeadmControlPlane (kcp)')
    .requiredOption('--replicas <n>', 'desired replica count')
    .option('--cluster <name>', 'the owning cluster (found automatically when omitted)')
    .option('--wait', 'wait until the cluster is ready again')
    .action(async (kindArg: string, name: string, opts: { replicas: string; cluster?: string; wait?: boolean }, cmd: Command) => {
      const kind = KINDS[kindArg.toLowerCase()];
      if (!kind) throw new CliError(`unknown kind "${kindArg}": use machinedeployment (md) or kubeadmcontrolplane (kcp)`, 2);
      const replicas = Number(opts.replicas);
      if (!Number.isInteger(replicas) || replicas < 0) throw new CliError(`--replicas ${opts.replicas}: must be a non-negative integer`, 2);
      await withClient(cmd, async (client, g) => {
        const cluster = opts.cluster ?? (await findOwner(client, g.namespace, kind, name));
        const key = { namespace: g.namespace, name: cluster };
        const r = await client.scale(key, { kind, name, replicas });
        console.log(`${kind}/${name} scaled to ${replicas} (cluster ${cluster}, generation ${r.generation})`);
        if (opts.wait) {
          await client.waitFor(key, (d) => d.ready && d.observedGeneration >= r.generation, { onProgress: (d) => console.error(progressLine(d)) });
          console.log('ready');
        }
      });
    });
}
