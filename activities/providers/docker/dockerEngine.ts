/**
 * The Docker Engine calls the provider makes, each classified (dockerFailure.ts) and named after
 * what it was for. Thin: no decisions here beyond "404 means absent".
 */
import Docker from 'dockerode';
import type { ContainerCreateOptions, ContainerInfo, ContainerInspectInfo } from 'dockerode';
import { Agent } from 'node:http';
import { PassThrough } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorTypes } from '../../../shared/errors';
import { callDocker, dockerErrorFacts, isNotFound } from './dockerFailure';
import { labelFilter } from './labels';
import { firstFileOfTar } from './tar';

export interface ExecResult {
  exitCode: number;
  output: string;
}

/** Label on the networks the provider creates (never on networks it found). */
export const NETWORK_LABEL = 'capstan.io/docker-network';

export class DockerEngine {
  readonly docker: Docker;

  constructor(opts: { socketPath?: string; host?: string; port?: number }) {
    this.docker = opts.host
      ? // one request per connection: a proxy in front of the engine sees every request
        // (docker-modem takes `agent`; @types/dockerode does not list it)
        new Docker({
          host: opts.host,
          port: opts.port ?? 2375,
          protocol: 'http',
          agent: new Agent({ keepAlive: false }),
        } as Docker.DockerOptions)
      : new Docker({ socketPath: opts.socketPath ?? socketFromEnv() ?? '/var/run/docker.sock' });
  }

  async ping(): Promise<void> {
    await callDocker('ping', 'the engine', () => this.docker.ping());
  }

  /** Every container (running or not) carrying all these labels. */
  listContainers(labels: Record<string, string>, subject: string): Promise<ContainerInfo[]> {
    return callDocker('list containers', subject, () =>
      this.docker.listContainers({ all: true, filters: labelFilter(labels) }),
    );
  }

  async inspect(idOrName: string, subject: string): Promise<ContainerInspectInfo | undefined> {
    try {
      return await this.docker.getContainer(idOrName).inspect();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      return callDocker('inspect container', subject, () => Promise.reject(err));
    }
  }

  async imageExists(image: string, subject: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect();
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      return callDocker('inspect image', subject, () => Promise.reject(err));
    }
  }

  /** Creates the network when missing (CheckDuplicate: two racing creates make one). */
  async ensureNetwork(name: string): Promise<void> {
    const subject = `network ${name}`;
    const found = await callDocker('list networks', subject, () =>
      this.docker.listNetworks({ filters: { name: [name] } }),
    );
    if (found.some((n) => n.Name === name)) return;
    try {
      await this.docker.createNetwork({
        Name: name,
        CheckDuplicate: true,
        Labels: { [NETWORK_LABEL]: 'true' },
      });
    } catch (err) {
      if (dockerErrorFacts(err).statusCode === 409) return; // made by a racing call
      await callDocker('create network', subject, () => Promise.reject(err));
    }
  }

  async createContainer(opts: ContainerCreateOptions, subject: string): Promise<string> {
    const c = await callDocker('create container', subject, () => this.docker.createContainer(opts));
    return c.id;
  }

  putArchive(id: string, tar: Buffer, path: string, subject: string): Promise<void> {
    return callDocker('copy files into container', subject, async () => {
      await this.docker.getContainer(id).putArchive(tar, { path });
    });
  }

  /** One file's content, or undefined when the container or the file does not exist. */
  async readFile(id: string, path: string, subject: string): Promise<string | undefined> {
    try {
      const stream = await this.docker.getContainer(id).getArchive({ path });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return firstFileOfTar(Buffer.concat(chunks))?.toString('utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      return callDocker('read file from container', subject, () => Promise.reject(err));
    }
  }

  rename(id: string, name: string, subject: string): Promise<void> {
    return callDocker('rename container', subject, async () => {
      await this.docker.getContainer(id).rename({ name });
    });
  }

  /** Starts the container; one already running is fine (HTTP 304). */
  async start(id: string, subject: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      const f = dockerErrorFacts(err);
      if (f.statusCode === 304) return;
      if (/unable to apply caps|operation not permitted/i.test(f.message)) {
        // A privileged container on an engine that may not grant every capability (an engine
        // running inside a container): retrying cannot help.
        throw ApplicationFailure.create({
          type: ErrorTypes.ProvisioningFailed,
          message:
            `Docker could not start ${subject}: ${f.message}. The engine cannot grant the capabilities ` +
            'a privileged node container asks for; run the worker with CAPSTAN_DOCKER_PRIVILEGED=false ' +
            '(enough for node images without Kubernetes) or use an engine that can',
          nonRetryable: true,
        });
      }
      await callDocker('start container', subject, () => Promise.reject(err));
    }
  }

  async kill(id: string, signal: string, subject: string): Promise<void> {
    await callDocker(`send ${signal} to container`, subject, () =>
      this.docker.getContainer(id).kill({ signal }),
    );
  }

  /**
   * Removes a container with its anonymous volumes (force: running ones too). Gone already, or
   * its removal already under way, is success.
   */
  async remove(id: string, subject: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      const f = dockerErrorFacts(err);
      if (f.statusCode === 404) return;
      if (f.statusCode === 409 && /already in progress/i.test(f.message)) return;
      await callDocker('remove container', subject, () => Promise.reject(err));
    }
  }

  /** Runs a command in a running container and waits for it: exit code and combined output. */
  async exec(id: string, cmd: string[], subject: string): Promise<ExecResult> {
    return callDocker('exec in container', subject, async () => {
      const exec = await this.docker
        .getContainer(id)
        .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
      const stream = await exec.start({ hijack: true, stdin: false });
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (c: Buffer) => chunks.push(c));
      this.docker.modem.demuxStream(stream, sink, sink);
      await new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      const info = await exec.inspect();
      return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
    });
  }

  /** Starts a command in the container and returns at once; it runs on without us. */
  async execDetached(id: string, cmd: string[], subject: string): Promise<void> {
    await callDocker('exec (detached) in container', subject, async () => {
      const exec = await this.docker
        .getContainer(id)
        .exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false, Tty: false });
      await exec.start({ Detach: true });
    });
  }

  /** The last lines a container printed (for the reason of an exited one). */
  async logsTail(id: string, lines: number, subject: string): Promise<string> {
    try {
      const buf = (await this.docker
        .getContainer(id)
        .logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
      return demuxBuffer(buf);
    } catch (err) {
      if (isNotFound(err)) return '';
      return callDocker('read container logs', subject, () => Promise.reject(err));
    }
  }
}

/** Reads the unix socket out of DOCKER_HOST (`unix:///var/run/docker.sock`). */
function socketFromEnv(): string | undefined {
  const h = process.env.DOCKER_HOST;
  return h?.startsWith('unix://') ? h.slice('unix://'.length) : undefined;
}

/** The Engine's multiplexed log format (8-byte frame headers), or the raw text of a TTY container. */
export function demuxBuffer(buf: Buffer): string {
  if (buf.length < 8 || (buf[0] !== 1 && buf[0] !== 2) || buf[1] !== 0 || buf[2] !== 0 || buf[3] !== 0)
    return buf.toString('utf8');
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const size = buf.readUInt32BE(offset + 4);
    parts.push(buf.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
