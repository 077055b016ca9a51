import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from '../shared/model/desired';
import { parseGoDuration } from '../shared/model/rules/duration';

/** Worker configuration, from the environment, parsed up front so a typo fails at start, by name. */
const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  CAPSTAN_TASK_QUEUE: z.string().min(1).default('capstan'),
  CAPSTAN_PROVIDERS: z
    .string()
    .default('sim')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]])).min(1)),
  CAPSTAN_SIM_URL: z.string().url().default('http://127.0.0.1:7380'),
  CAPSTAN_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60000).default(200),
  CAPSTAN_RUN_WORKFLOWS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  CAPSTAN_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(2000),
  // Cluster CAs and service-account keys (activities/secrets/secretStore.ts); every worker serving
  // a provider must see the same directory. Relative paths are from the worker's cwd.
  CAPSTAN_SECRETS_DIR: z.string().min(1).default('.capstan/secrets'),
  // TTL of joining machines' bootstrap tokens (a Go duration); refreshed at a third of it while
  // the machine boots, so slow hardware never outlives its token.
  CAPSTAN_BOOTSTRAP_TOKEN_TTL: z
    .string()
    .default('15m')
    .transform((v, ctx) => {
      const s = parseGoDuration(v);
      if (s === undefined || s < 3 || s > 7 * 24 * 3600) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a duration between 3s and 168h, e.g. 15m' });
        return z.NEVER;
      }
      return Math.round(s);
    }),
  // The aws provider: region and (for emulators such as moto_server) endpoint. Credentials are
  // not configured here: the AWS SDK's standard chain finds them (env, profile, SSO, role).
  AWS_REGION: z.string().min(1).optional(),
  CAPSTAN_AWS_ENDPOINT: z.string().url().optional(),
  AWS_ENDPOINT_URL: z.string().url().optional(),
  // The docker provider (CAPD's equivalent). Defaults are CAPD's: network `kind`, kindest/node
  // images, privileged nodes. CAPSTAN_DOCKER_SIM_URL turns on the kubelet stand-in for node images
  // without Kubernetes (activities/providers/standIn/simKubeletStandIn.ts): Nodes then live in that
  // simulated workload cluster.
  CAPSTAN_DOCKER_NETWORK: z.string().min(1).optional(),
  CAPSTAN_DOCKER_NODE_IMAGE: z.string().min(1).optional(),
  CAPSTAN_DOCKER_LB_IMAGE: z.string().min(1).optional(),
  CAPSTAN_DOCKER_NAME_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must start a valid container name')
    .optional(),
  CAPSTAN_DOCKER_PRIVILEGED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  CAPSTAN_DOCKER_SIM_URL: z.string().url().optional(),
  // With the stand-in: the control-plane containers run real etcd (the image's Debian etcd), and
  // KCP's etcd steps act on it (activities/providers/docker/etcdStandIn.ts).
  CAPSTAN_DOCKER_REAL_ETCD: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // The ssh provider (existing hosts, BYOH's equivalent): the inventory file (YAML or JSON, see
  // activities/providers/ssh/inventory.ts), where private keys are mounted (else only the
  // CAPSTAN_SSH_<NAME>_PRIVATE_KEY[_FILE] variables are looked at), and the command run on a host
  // before it is released.
  CAPSTAN_SSH_INVENTORY: z.string().min(1).optional(),
  CAPSTAN_SSH_CREDENTIALS_DIR: z.string().min(1).optional(),
  CAPSTAN_SSH_RESET_COMMAND: z.string().min(1).optional(),
  // Hosts without Kubernetes (tests, labs): the kubelet stand-in registers their Nodes in this
  // simulated workload cluster (activities/providers/standIn/simKubeletStandIn.ts).
  CAPSTAN_SSH_SIM_URL: z.string().url().optional(),
  // The baremetal provider (Metal3's equivalent): the BareMetalHost manifests it may claim (other
  // kinds in the file are ignored), where BMC credentials are mounted (else only the
  // CAPSTAN_BMC_<NAME>_USERNAME/_PASSWORD variables are looked at), the claim store every worker
  // serving the provider must share (it also holds machines' bootstrap data: keep it like
  // CAPSTAN_SECRETS_DIR), and the SSH credentials of hosts that name none. SSH keys are found as for
  // the ssh provider (CAPSTAN_SSH_CREDENTIALS_DIR), which also gives the reset command.
  CAPSTAN_BAREMETAL_HOSTS: z.string().min(1).optional(),
  // Host images without Kubernetes (labs, tests): the kubelet stand-in registers their Nodes here.
  CAPSTAN_BAREMETAL_SIM_URL: z.string().url().optional(),
  CAPSTAN_BMC_CREDENTIALS_DIR: z.string().min(1).optional(),
  CAPSTAN_BAREMETAL_STATE_DIR: z.string().min(1).default('.capstan/baremetal'),
  CAPSTAN_BAREMETAL_SSH_CREDENTIALS: z.string().min(1).optional(),
});

export type WorkerConfig = {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  providers: ProviderName[];
  simUrl: string;
  pollIntervalMs: number;
  runWorkflows: boolean;
  maxCachedWorkflows: number;
  secretsDir: string;
  bootstrapTokenTtlSeconds: number;
  aws: { region?: string; endpoint?: string };
  docker: {
    network?: string;
    nodeImage?: string;
    loadBalancerImage?: string;
    namePrefix?: string;
    privileged: boolean;
    /** set: Nodes of docker machines are registered in this simulated workload cluster (stand-in kubelet) */
    simUrl?: string;
    /** with simUrl: control-plane containers run real etcd, which KCP's etcd steps act on */
    realEtcd?: boolean;
  };
  /** simUrl: hosts without Kubernetes register their Nodes in this simulated workload cluster (stand-in kubelet) */
  ssh: { inventoryPath?: string; credentialsDir?: string; resetCommand?: string; simUrl?: string };
  baremetal: { hostsPath?: string; bmcCredentialsDir?: string; stateDir: string; sshCredentialsName?: string; simUrl?: string };
};

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid worker configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    temporalAddress: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.CAPSTAN_TASK_QUEUE,
    providers: e.CAPSTAN_PROVIDERS,
    simUrl: e.CAPSTAN_SIM_URL,
    pollIntervalMs: e.CAPSTAN_POLL_INTERVAL_MS,
    runWorkflows: e.CAPSTAN_RUN_WORKFLOWS,
    maxCachedWorkflows: e.CAPSTAN_MAX_CACHED_WORKFLOWS,
    secretsDir: e.CAPSTAN_SECRETS_DIR,
    bootstrapTokenTtlSeconds: e.CAPSTAN_BOOTSTRAP_TOKEN_TTL,
    aws: {
      ...(e.AWS_REGION ? { region: e.AWS_REGION } : {}),
      ...((e.CAPSTAN_AWS_ENDPOINT ?? e.AWS_ENDPOINT_URL) ? { endpoint: e.CAPSTAN_AWS_ENDPOINT ?? e.AWS_ENDPOINT_URL } : {}),
    },
    docker: {
      ...(e.CAPSTAN_DOCKER_NETWORK ? { network: e.CAPSTAN_DOCKER_NETWORK } : {}),
      ...(e.CAPSTAN_DOCKER_NODE_IMAGE ? { nodeImage: e.CAPSTAN_DOCKER_NODE_IMAGE } : {}),
      ...(e.CAPSTAN_DOCKER_LB_IMAGE ? { loadBalancerImage: e.CAPSTAN_DOCKER_LB_IMAGE } : {}),
      ...(e.CAPSTAN_DOCKER_NAME_PREFIX ? { namePrefix: e.CAPSTAN_DOCKER_NAME_PREFIX } : {}),
      privileged: e.CAPSTAN_DOCKER_PRIVILEGED,
      ...(e.CAPSTAN_DOCKER_SIM_URL ? { simUrl: e.CAPSTAN_DOCKER_SIM_URL } : {}),
      ...(e.CAPSTAN_DOCKER_REAL_ETCD ? { realEtcd: true } : {}),
    },
    ssh: {
      ...(e.CAPSTAN_SSH_INVENTORY ? { inventoryPath: e.CAPSTAN_SSH_INVENTORY } : {}),
      ...(e.CAPSTAN_SSH_CREDENTIALS_DIR ? { credentialsDir: e.CAPSTAN_SSH_CREDENTIALS_DIR } : {}),
      ...(e.CAPSTAN_SSH_RESET_COMMAND ? { resetCommand: e.CAPSTAN_SSH_RESET_COMMAND } : {}),
      ...(e.CAPSTAN_SSH_SIM_URL ? { simUrl: e.CAPSTAN_SSH_SIM_URL } : {}),
    },
    baremetal: {
      ...(e.CAPSTAN_BAREMETAL_HOSTS ? { hostsPath: e.CAPSTAN_BAREMETAL_HOSTS } : {}),
      ...(e.CAPSTAN_BAREMETAL_SIM_URL ? { simUrl: e.CAPSTAN_BAREMETAL_SIM_URL } : {}),
      ...(e.CAPSTAN_BMC_CREDENTIALS_DIR ? { bmcCredentialsDir: e.CAPSTAN_BMC_CREDENTIALS_DIR } : {}),
      stateDir: e.CAPSTAN_BAREMETAL_STATE_DIR,
      ...(e.CAPSTAN_BAREMETAL_SSH_CREDENTIALS ? { sshCredentialsName: e.CAPSTAN_BAREMETAL_SSH_CREDENTIALS } : {}),
    },
  };
}
