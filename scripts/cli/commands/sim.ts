/**
 * `capstan sim ...`: run and inspect the simulated cloud (scripts/sim). `serve` is a long-running
 * process of its own, so workers can be killed and restarted against the same world. The other
 * verbs talk to a running sim: inspect a workload cluster (pods, pdbs, etcd, health), act on it
 * like an operator (cordon, evict, workload add), and inject faults (node-condition, outage,
 * fail-provisioning, slow-boot, etcd-member, static-pod, volume, chaos). A cluster is named by
 * `--cluster name` in the global namespace (-n), or `--cluster namespace/name`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SimClient } from '../../../activities/providers/sim/simClient';
import {
  SIM_DEFAULT_PORT,
  SIM_DEFAULT_URL,
  type SimLatencies,
} from '../../../activities/providers/sim/simApi';
import type {
  SimChaosScenario,
  SimControlPlaneComponent,
  SimFaultRequest,
  SimFaultView,
  SimWorkloadRequest,
} from '../../../activities/providers/sim/simWorkloadApi';
import {
  SIM_CHAOS_SCENARIOS,
  SIM_CONTROL_PLANE_COMPONENTS,
} from '../../../activities/providers/sim/simWorkloadApi';
import type { ResourceKey } from '../../../shared/ids';
import {
  collect,
  parseBooleanFlag,
  parseConditionStatus,
  parseIntOrPercent,
  parseLabels,
  parseObjectRef,
  parsePositiveInt,
  parseRange,
} from '../../sim/cliArgs';
import {
  formatChaos,
  formatControlPlaneHealth,
  formatEtcdMembers,
  formatFaults,
  formatPdbs,
  formatPods,
  formatWorkloads,
} from '../../sim/formatWorkloadCluster';
import { formatLatencies, formatWorldStatus } from '../../sim/formatWorldStatus';
import { parseDurationMs, parseJitter, parseLatencySpec } from '../../sim/latencySpec';
import { startSimServer } from '../../sim/server';
import { CliError, globalOptions } from '../globalOptions';

interface ServeOptions {
  host: string;
  port: string;
  stateFile: string;
  ephemeral?: boolean;
  seed?: string;
  latency?: string;
  jitter?: string;
  quorumLossTakesApiDown?: boolean;
}

const defaultUrl = (): string => process.env.CAPSTAN_SIM_URL ?? SIM_DEFAULT_URL;

/** Wraps parse errors of flag values as bad-input CLI errors (exit code 2). */
function asInput<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new CliError(`${flag}: ${(err as Error).message}`, 2);
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${text}: not a TCP port`, 2);
  return port;
}

function serveLatencies(opts: ServeOptions): Partial<SimLatencies> {
  return {
    ...(opts.latency !== undefined ? asInput('--latency', () => parseLatencySpec(opts.latency!)) : {}),
    ...(opts.jitter !== undefined ? { jitter: asInput('--jitter', () => parseJitter(opts.jitter!)) } : {}),
  };
}

async function serve(opts: ServeOptions): Promise<void> {
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  if (seed !== undefined && !Number.isInteger(seed))
    throw new CliError(`--seed ${opts.seed}: must be an integer`, 2);
  const stateFile = opts.ephemeral ? undefined : resolve(opts.stateFile);
  const server = await startSimServer({
    host: opts.host,
    port: parsePort(opts.port),
    latencies: serveLatencies(opts),
    log: (line) => console.log(line),
    ...(stateFile ? { stateFile } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(opts.quorumLossTakesApiDown === false ? { settings: { quorumLossTakesApiServerDown: false } } : {}),
  });
  console.log(
    `simulated cloud ready at ${server.url}${stateFile ? `; world kept in ${stateFile}` : ' (ephemeral world)'}`,
  );
  const signal = await new Promise<NodeJS.Signals>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  console.log(`sim: ${signal}, ${stateFile ? 'saving the world and ' : ''}stopping`);
  await server.close();
}

export function registerSimCommands(program: Command): void {
  const sim = program
    .command('sim')
    .description('the simulated cloud and workload clusters (provider "sim")');

  sim
    .command('serve')
    .description('run the simulated cloud as an HTTP API until SIGINT/SIGTERM; the world survives restarts')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', String(SIM_DEFAULT_PORT))
    .option('--state-file <path>', 'JSON file the world is kept in', '.capstan/sim-state.json')
    .option('--ephemeral', 'keep the world in memory only (no state file)')
    .option(
      '--seed <n>',
      "seed of a new world's randomness: latency jitter, pod names, etcd ids, placement ties, elections",
    )
    .option(
      '--no-quorum-loss-takes-api-down',
      'keep the workload API server answering when etcd loses quorum (by default it goes down with 503, as with kubeadm)',
    )
    .option('--latency <spec>', 'latencies, e.g. provision=2s,boot=1s,delete=500ms,clusterInfra=500ms')
    .option('--jitter <fraction>', 'random spread of every latency, 0..1 (e.g. 0.1 = ±10%)')
    .action(async (opts: ServeOptions) => serve(opts));

  sim
    .command('status')
    .description('print the clusters, machines and nodes of the simulated cloud')
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .option('--json', 'print the full world dump as JSON')
    .action(async (opts: { url: string; json?: boolean }) => {
      const world = await new SimClient(opts.url).world();
      process.stdout.write(
        opts.json ? `${JSON.stringify(world, null, 2)}\n` : formatWorldStatus(world, opts.url),
      );
    });

  const latency = sim
    .command('latency')
    .description('show or change the latencies of a running simulated cloud');
  latency
    .command('set <spec...>')
    .description(
      'change latencies, e.g. `sim latency set provision=5s boot=2s jitter=0.2` (applies to new transitions)',
    )
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .action(async (spec: string[], opts: { url: string }) => {
      const update = asInput('latency', () => parseLatencySpec(spec));
      console.log(`latencies: ${formatLatencies(await new SimClient(opts.url).setLatencies(update))}`);
    });
  latency
    .command('get')
    .description('print the latencies in force')
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .action(async (opts: { url: string }) => {
      console.log(`latencies: ${formatLatencies(await new SimClient(opts.url).getLatencies())}`);
    });

  registerInspectionCommands(sim);
  registerOperatorCommands(sim);
  registerFaultCommands(sim);
}

// ---- workload clusters ----

interface ClusterOptions {
  url: string;
  cluster: string;
}

/** A sim subcommand about one cluster: `--cluster` (required) and `--url`. */
function clusterCommand(parent: Command, name: string, description: string): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption('--cluster <[namespace/]name>', 'the workload cluster (namespace from -n when omitted)')
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl());
}

function clusterOf(opts: ClusterOptions, cmd: Command): ResourceKey {
  return asInput('--cluster', () => parseObjectRef(opts.cluster, globalOptions(cmd).namespace, 'cluster'));
}

const duration = (flag: string, text: string): number => asInput(flag, () => parseDurationMs(text));

function printFault(fault: SimFaultView): void {
  console.log(
    `fault ${fault.id} injected: ${fault.description}${fault.until ? ` (recovers at ${fault.until})` : ''}`,
  );
}

async function inject(opts: ClusterOptions, cmd: Command, req: SimFaultRequest): Promise<void> {
  printFault(await new SimClient(opts.url).injectFault(clusterOf(opts, cmd), req));
}

function registerInspectionCommands(sim: Command): void {
  clusterCommand(sim, 'pods', 'list the pods of a workload cluster (like kubectl get pods -A -o wide)')
    .option('--node <node>', 'only pods bound to this node')
    .option('--pod-namespace <ns>', 'only pods of this namespace')
    .action(async (opts: ClusterOptions & { node?: string; podNamespace?: string }, cmd: Command) => {
      const filter = {
        ...(opts.node !== undefined ? { node: opts.node } : {}),
        ...(opts.podNamespace !== undefined ? { namespace: opts.podNamespace } : {}),
      };
      const pods = await new SimClient(opts.url).listPods(clusterOf(opts, cmd), filter);
      if (!pods) throw new CliError(`cluster ${opts.cluster} does not exist in the simulated cloud`);
      process.stdout.write(formatPods(pods.items));
    });

  clusterCommand(sim, 'pdbs', 'list the PodDisruptionBudgets with their status').action(
    async (opts: ClusterOptions, cmd: Command) => {
      const pdbs = await new SimClient(opts.url).listPodDisruptionBudgets(clusterOf(opts, cmd));
      process.stdout.write(formatPdbs(pdbs?.items ?? []));
    },
  );

  clusterCommand(
    sim,
    'etcd',
    'print the etcd members (like etcdctl member list plus endpoint status)',
  ).action(async (opts: ClusterOptions, cmd: Command) => {
    const members = await new SimClient(opts.url).listEtcdMembers(clusterOf(opts, cmd));
    process.stdout.write(formatEtcdMembers(members?.items ?? []));
  });

  clusterCommand(sim, 'health', "print KCP's control-plane conditions of every control-plane node").action(
    async (opts: ClusterOptions, cmd: Command) => {
      const health = await new SimClient(opts.url).controlPlaneHealth(clusterOf(opts, cmd));
      process.stdout.write(formatControlPlaneHealth(health?.items ?? []));
    },
  );

  const workload = sim
    .command('workload')
    .description('user workloads: a ReplicaSet (or Job) of pods with an optional PDB');
  clusterCommand(workload, 'add', 'create a workload, or change its replicas and budget')
    .requiredOption('--name <name>', 'workload name (also the budget name)')
    .requiredOption('--replicas <n>', 'number of pods')
    .option('--workload-namespace <ns>', 'namespace of the workload', 'default')
    .option('--pdb-min-available <n|%>', 'PodDisruptionBudget minAvailable')
    .option('--pdb-max-unavailable <n|%>', 'PodDisruptionBudget maxUnavailable')
    .option('--label <key=value>', 'pod label (repeatable; default app=<name>)', collect, [])
    .option('--drain <skip|wait-completed>', 'pod label cluster.x-k8s.io/drain')
    .option('--claim <pvc>', 'PersistentVolumeClaim each pod mounts (repeatable)', collect, [])
    .option('--empty-dir', 'pods have an emptyDir volume')
    .option('--run-for <duration>', 'a Job: each pod succeeds this long after it starts')
    .action(
      async (
        opts: ClusterOptions & {
          name: string;
          replicas: string;
          workloadNamespace: string;
          pdbMinAvailable?: string;
          pdbMaxUnavailable?: string;
          label: string[];
          drain?: string;
          claim: string[];
          emptyDir?: boolean;
          runFor?: string;
        },
        cmd: Command,
      ) => {
        if (opts.pdbMinAvailable !== undefined && opts.pdbMaxUnavailable !== undefined) {
          throw new CliError('--pdb-min-available and --pdb-max-unavailable exclude each other', 2);
        }
        if (opts.drain !== undefined && opts.drain !== 'skip' && opts.drain !== 'wait-completed') {
          throw new CliError(`--drain ${opts.drain}: must be skip or wait-completed`, 2);
        }
        const replicas = Number(opts.replicas);
        if (!Number.isInteger(replicas) || replicas < 0)
          throw new CliError(`--replicas ${opts.replicas}: must be a whole number >= 0`, 2);
        const labels = asInput('--label', () => parseLabels(opts.label));
        const req: SimWorkloadRequest = {
          name: opts.name,
          namespace: opts.workloadNamespace,
          replicas,
          ...(Object.keys(labels).length > 0 ? { podLabels: labels } : {}),
          ...(opts.pdbMinAvailable !== undefined
            ? {
                pdb: {
                  minAvailable: asInput('--pdb-min-available', () =>
                    parseIntOrPercent(opts.pdbMinAvailable!),
                  ),
                },
              }
            : {}),
          ...(opts.pdbMaxUnavailable !== undefined
            ? {
                pdb: {
                  maxUnavailable: asInput('--pdb-max-unavailable', () =>
                    parseIntOrPercent(opts.pdbMaxUnavailable!),
                  ),
                },
              }
            : {}),
          ...(opts.drain !== undefined ? { drainLabel: opts.drain as 'skip' | 'wait-completed' } : {}),
          ...(opts.claim.length > 0 || opts.emptyDir
            ? { volumes: { emptyDir: opts.emptyDir ?? false, claims: opts.claim } }
            : {}),
          ...(opts.runFor !== undefined ? { runForMs: duration('--run-for', opts.runFor) } : {}),
        };
        const view = await new SimClient(opts.url).applyWorkload(clusterOf(opts, cmd), req);
        process.stdout.write(formatWorkloads([view]));
      },
    );
  clusterCommand(workload, 'list', 'list the workloads').action(
    async (opts: ClusterOptions, cmd: Command) => {
      process.stdout.write(
        formatWorkloads(await new SimClient(opts.url).listWorkloads(clusterOf(opts, cmd))),
      );
    },
  );
  clusterCommand(workload, 'delete', 'delete a workload, its budget and (gracefully) its pods')
    .requiredOption('--name <name>', 'workload name')
    .option('--workload-namespace <ns>', 'namespace of the workload', 'default')
    .action(async (opts: ClusterOptions & { name: string; workloadNamespace: string }, cmd: Command) => {
      await new SimClient(opts.url).deleteWorkload(clusterOf(opts, cmd), opts.workloadNamespace, opts.name);
      console.log(`workload ${opts.workloadNamespace}/${opts.name} deleted`);
    });
}

/** What KCP and the Machine controller do through the API; here by hand, for experiments. */
function registerOperatorCommands(sim: Command): void {
  for (const [verb, unschedulable] of [
    ['cordon', true],
    ['uncordon', false],
  ] as const) {
    clusterCommand(sim, verb, `${verb} a node (spec.unschedulable=${unschedulable})`)
      .requiredOption('--node <node>', 'the node')
      .action(async (opts: ClusterOptions & { node: string }, cmd: Command) => {
        const node = await new SimClient(opts.url).patchNode(clusterOf(opts, cmd), opts.node, {
          unschedulable,
        });
        if (!node) throw new CliError(`node ${opts.node} does not exist`);
        console.log(`node/${node.name} ${unschedulable ? 'cordoned' : 'uncordoned'}`);
      });
  }

  clusterCommand(sim, 'evict', 'evict a pod through the Eviction API (PodDisruptionBudgets honoured)')
    .requiredOption('--pod <[namespace/]name>', 'the pod (namespace default when omitted)')
    .option('--grace-period <seconds>', 'DeleteOptions.gracePeriodSeconds')
    .action(async (opts: ClusterOptions & { pod: string; gracePeriod?: string }, cmd: Command) => {
      const pod = asInput('--pod', () => parseObjectRef(opts.pod, 'default', 'pod'));
      const grace = opts.gracePeriod === undefined ? undefined : Number(opts.gracePeriod);
      if (grace !== undefined && (!Number.isInteger(grace) || grace < 0))
        throw new CliError(`--grace-period ${opts.gracePeriod}: must be whole seconds`, 2);
      const result = await new SimClient(opts.url).evictPod(
        clusterOf(opts, cmd),
        pod,
        grace !== undefined ? { gracePeriodSeconds: grace } : {},
      );
      if (result.outcome === 'evicted' || result.outcome === 'notFound') console.log(result.message);
      else throw new CliError(result.error);
    });

  clusterCommand(sim, 'etcd-remove', 'remove an etcd member (etcdctl member remove)')
    .requiredOption('--member <id|name>', 'member id, or its name (the node name)')
    .action(async (opts: ClusterOptions & { member: string }, cmd: Command) => {
      const client = new SimClient(opts.url);
      const cluster = clusterOf(opts, cmd);
      const members = (await client.listEtcdMembers(cluster))?.items ?? [];
      const member = members.find((m) => m.id === opts.member || m.name === opts.member);
      if (!member)
        throw new CliError(`no etcd member ${opts.member} in cluster ${cluster.namespace}/${cluster.name}`);
      await client.removeEtcdMember(cluster, member.id);
      console.log(`etcd member ${member.name} (${member.id}) removed`);
    });

  clusterCommand(sim, 'etcd-move-leader', 'move etcd leadership (etcdctl move-leader)')
    .requiredOption('--to <id|name>', 'the new leader: member id, or its name')
    .action(async (opts: ClusterOptions & { to: string }, cmd: Command) => {
      const members = await new SimClient(opts.url).moveEtcdLeader(
        clusterOf(opts, cmd),
        /^[0-9a-f]{16}$/.test(opts.to) ? { toMemberId: opts.to } : { toMemberName: opts.to },
      );
      process.stdout.write(formatEtcdMembers(members));
    });
}

function registerFaultCommands(sim: Command): void {
  clusterCommand(sim, 'node-condition', "set a node's condition (Ready by default), e.g. to make it NotReady")
    .requiredOption('--node <node>', 'the node')
    .requiredOption(
      '--status <True|False|Unknown>',
      'Unknown: the kubelet stopped posting; False: it reports a problem',
    )
    .option('--type <type>', 'condition type', 'Ready')
    .option('--reason <reason>', 'condition reason')
    .option('--message <message>', 'condition message')
    .option('--for <duration>', 'recover by itself after this long')
    .option('--persistent', 'survives power cycles of the machine (broken hardware); otherwise a reboot clears it')
    .action(
      async (
        opts: ClusterOptions & {
          node: string;
          status: string;
          type: string;
          reason?: string;
          message?: string;
          for?: string;
          persistent?: boolean;
        },
        cmd: Command,
      ) =>
        inject(opts, cmd, {
          kind: 'nodeCondition',
          node: opts.node,
          type: opts.type,
          status: asInput('--status', () => parseConditionStatus(opts.status)),
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
          ...(opts.message !== undefined ? { message: opts.message } : {}),
          ...(opts.for !== undefined ? { forMs: duration('--for', opts.for) } : {}),
          ...(opts.persistent ? { persistent: true } : {}),
        }),
    );

  clusterCommand(sim, 'reboot', 'power-cycle a machine: its node is NotReady until it has booted again')
    .requiredOption('--machine <machine>', 'the machine')
    .action(async (opts: ClusterOptions & { machine: string }, cmd: Command) => {
      const view = await new SimClient(opts.url).rebootMachine(clusterOf(opts, cmd), opts.machine);
      if (!view) throw new CliError(`machine ${opts.machine} does not exist`);
      console.log(`machine/${view.name} rebooting (power cycle ${view.reboots ?? 1}), booted by ${view.rebootingUntil ?? 'now'}`);
    });

  clusterCommand(sim, 'outage', "take the cluster's API server down: every workload route answers 503")
    .option('--for <duration>', 'recover by itself after this long (default: until cleared)')
    .option('--message <message>', 'why, for the 503 message')
    .action(async (opts: ClusterOptions & { for?: string; message?: string }, cmd: Command) =>
      inject(opts, cmd, {
        kind: 'apiServerOutage',
        ...(opts.for !== undefined ? { forMs: duration('--for', opts.for) } : {}),
        ...(opts.message !== undefined ? { message: opts.message } : {}),
      }),
    );

  clusterCommand(sim, 'fail-provisioning', 'the next machines created in the cluster fail to provision')
    .requiredOption('--count <n>', 'how many machines')
    .option('--prefix <name>', 'only machines whose name starts with this')
    .option('--reason <reason>', 'the failure reason the machines report')
    .action(
      async (opts: ClusterOptions & { count: string; prefix?: string; reason?: string }, cmd: Command) =>
        inject(opts, cmd, {
          kind: 'failProvisioning',
          count: asInput('--count', () => parsePositiveInt(opts.count)),
          ...(opts.prefix !== undefined ? { namePrefix: opts.prefix } : {}),
          ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
        }),
    );

  clusterCommand(sim, 'slow-boot', 'machines created from now on register their node later')
    .requiredOption('--extra <duration>', 'added to the boot (running → node registered)')
    .option('--count <n>', 'only the next n machines (default: until cleared)')
    .option('--prefix <name>', 'only machines whose name starts with this')
    .action(async (opts: ClusterOptions & { extra: string; count?: string; prefix?: string }, cmd: Command) =>
      inject(opts, cmd, {
        kind: 'slowBoot',
        extraMs: duration('--extra', opts.extra),
        ...(opts.count !== undefined
          ? { count: asInput('--count', () => parsePositiveInt(opts.count!)) }
          : {}),
        ...(opts.prefix !== undefined ? { namePrefix: opts.prefix } : {}),
      }),
    );

  clusterCommand(sim, 'etcd-member', 'make an etcd member unhealthy (or a learner), or heal it')
    .requiredOption('--member <id|name>', 'member id, or its name (the node name)')
    .option('--healthy <true|false>', 'member health')
    .option('--learner <true|false>', 'learner (non-voting) or voting member')
    .option('--for <duration>', 'recover by itself after this long')
    .action(
      async (
        opts: ClusterOptions & { member: string; healthy?: string; learner?: string; for?: string },
        cmd: Command,
      ) => {
        if (opts.healthy === undefined && opts.learner === undefined)
          throw new CliError('give --healthy and/or --learner', 2);
        await inject(opts, cmd, {
          kind: 'etcdMember',
          member: opts.member,
          ...(opts.healthy !== undefined
            ? { healthy: asInput('--healthy', () => parseBooleanFlag(opts.healthy!)) }
            : {}),
          ...(opts.learner !== undefined
            ? { learner: asInput('--learner', () => parseBooleanFlag(opts.learner!)) }
            : {}),
          ...(opts.for !== undefined ? { forMs: duration('--for', opts.for) } : {}),
        });
      },
    );

  clusterCommand(
    sim,
    'static-pod',
    'make a control-plane static pod not ready (CrashLoopBackOff), or ready again',
  )
    .requiredOption('--node <node>', 'the control-plane node')
    .requiredOption('--component <name>', SIM_CONTROL_PLANE_COMPONENTS.join(' | '))
    .requiredOption('--ready <true|false>', 'readiness')
    .option('--for <duration>', 'recover by itself after this long')
    .action(
      async (
        opts: ClusterOptions & { node: string; component: string; ready: string; for?: string },
        cmd: Command,
      ) => {
        if (!SIM_CONTROL_PLANE_COMPONENTS.includes(opts.component as SimControlPlaneComponent)) {
          throw new CliError(
            `--component ${opts.component}: one of ${SIM_CONTROL_PLANE_COMPONENTS.join(', ')}`,
            2,
          );
        }
        await inject(opts, cmd, {
          kind: 'staticPod',
          node: opts.node,
          component: opts.component as SimControlPlaneComponent,
          ready: asInput('--ready', () => parseBooleanFlag(opts.ready)),
          ...(opts.for !== undefined ? { forMs: duration('--for', opts.for) } : {}),
        });
      },
    );

  clusterCommand(
    sim,
    'volume',
    'attach a volume to a node that detaches some time after its last pod is gone',
  )
    .requiredOption('--node <node>', 'the node')
    .requiredOption(
      '--detach-after <duration>',
      'delay between the last pod using it going away and the detach',
    )
    .option(
      '--claim <[namespace/]name>',
      'the PersistentVolumeClaim bound to it (default: a volume without claim)',
    )
    .action(
      async (opts: ClusterOptions & { node: string; detachAfter: string; claim?: string }, cmd: Command) =>
        inject(opts, cmd, {
          kind: 'volume',
          node: opts.node,
          detachAfterMs: duration('--detach-after', opts.detachAfter),
          ...(opts.claim !== undefined
            ? { claim: asInput('--claim', () => parseObjectRef(opts.claim!, 'default', 'claim')) }
            : {}),
        }),
    );

  const faults = sim.command('faults').description('list or clear the active faults of a cluster');
  clusterCommand(faults, 'list', 'list the active faults').action(
    async (opts: ClusterOptions, cmd: Command) => {
      process.stdout.write(formatFaults(await new SimClient(opts.url).listFaults(clusterOf(opts, cmd))));
    },
  );
  clusterCommand(faults, 'clear', 'recover from faults now')
    .argument('<id...>', 'fault ids (see `sim faults list`)')
    .action(async (ids: string[], opts: ClusterOptions, cmd: Command) => {
      const client = new SimClient(opts.url);
      for (const id of ids) await client.clearFault(clusterOf(opts, cmd), id);
      console.log(`cleared ${ids.join(', ')}`);
    });

  clusterCommand(sim, 'chaos', 'schedule seeded random faults (same seed, same schedule)')
    .requiredOption('--seed <n>', 'seed of the schedule')
    .requiredOption('--over <duration>', 'the faults fall within this long from now')
    .option('--scenario <name>', SIM_CHAOS_SCENARIOS.join(' | '), 'node-blips')
    .option('--events <n>', 'how many faults', '5')
    .option('--down <min..max>', 'how long each fault lasts', '5s..30s')
    .action(
      async (
        opts: ClusterOptions & { seed: string; over: string; scenario: string; events: string; down: string },
        cmd: Command,
      ) => {
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new CliError(`--seed ${opts.seed}: must be an integer`, 2);
        if (!SIM_CHAOS_SCENARIOS.includes(opts.scenario as SimChaosScenario)) {
          throw new CliError(`--scenario ${opts.scenario}: one of ${SIM_CHAOS_SCENARIOS.join(', ')}`, 2);
        }
        const down = asInput('--down', () => parseRange(opts.down, parseDurationMs));
        const chaos = await new SimClient(opts.url).scheduleChaos({
          cluster: clusterOf(opts, cmd),
          seed,
          scenario: opts.scenario as SimChaosScenario,
          durationMs: duration('--over', opts.over),
          events: asInput('--events', () => parsePositiveInt(opts.events)),
          minDownMs: down.min,
          maxDownMs: down.max,
        });
        process.stdout.write(formatChaos(chaos));
      },
    );

  sim
    .command('settings')
    .description("show or change the sim's settings")
    .option('--url <url>', 'simulated cloud URL (env CAPSTAN_SIM_URL)', defaultUrl())
    .option(
      '--quorum-loss-takes-api-down <true|false>',
      'etcd quorum loss takes the workload API server down',
    )
    .action(async (opts: { url: string; quorumLossTakesApiDown?: string }) => {
      const client = new SimClient(opts.url);
      const settings =
        opts.quorumLossTakesApiDown === undefined
          ? await client.getSettings()
          : await client.setSettings({
              quorumLossTakesApiServerDown: asInput('--quorum-loss-takes-api-down', () =>
                parseBooleanFlag(opts.quorumLossTakesApiDown!),
              ),
            });
      console.log(JSON.stringify(settings, null, 2));
    });
}
