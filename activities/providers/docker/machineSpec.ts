/**
 * Reads a DockerMachineTemplate snapshot (CAPD's DockerMachineSpec) into what a node container
 * needs, refusing — with the field named — what this provider does not implement. Pure.
 */
import type { TemplateSnapshot } from '../../../shared/model/desired';
import { dockerMachineSpec } from '../../../shared/model/kinds/dockerMachineTemplate';
import { dockerInvalidSpec } from './dockerFailure';
import { KIND_NODE_IMAGE_REPOSITORY } from './dockerOptions';

export interface DockerMount {
  containerPath: string;
  hostPath: string;
  readOnly: boolean;
}

export interface DockerMachineParams {
  /** `DockerMachineTemplate/<name>`, for messages */
  template: string;
  image: string;
  /** where the image choice came from, for the missing-image message */
  imageSource:
    | 'spec.customImage'
    | 'the worker default (CAPSTAN_DOCKER_NODE_IMAGE)'
    | 'the CAPD default kindest/node:<version>';
  extraMounts: DockerMount[];
}

export function readDockerMachineSpec(
  snapshot: TemplateSnapshot,
  version: string,
  defaultNodeImage: string | undefined,
): DockerMachineParams {
  const template = `${snapshot.kind}/${snapshot.name}`;
  if (snapshot.kind !== 'DockerMachineTemplate') {
    throw dockerInvalidSpec(
      `the docker provider cannot create machines from ${template}: it needs a DockerMachineTemplate`,
    );
  }
  const parsed = dockerMachineSpec.safeParse(snapshot.spec ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw dockerInvalidSpec(
      `${template} spec.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
    );
  }
  const s = parsed.data;
  const problems: string[] = [];
  if (s.providerID !== undefined)
    problems.push('spec.providerID is set per machine by the provider, not in a template');
  if ((s.preLoadImages ?? []).length > 0) {
    problems.push(
      'spec.preLoadImages is not supported: Capstan never pulls images; bake them into the node image',
    );
  }
  if (s.bootstrapped !== undefined)
    problems.push('spec.bootstrapped is set by the provider, not in a template');
  (s.extraMounts ?? []).forEach((m, i) => {
    if (!m.containerPath.startsWith('/'))
      problems.push(`spec.extraMounts[${i}].containerPath must be absolute`);
    if (!m.hostPath.startsWith('/')) problems.push(`spec.extraMounts[${i}].hostPath must be absolute`);
  });
  if (!/^v\d+\.\d+\.\d+/.test(version))
    problems.push(`the machine's version ${version} is not a Kubernetes version (vX.Y.Z)`);
  if (problems.length > 0) throw dockerInvalidSpec(`${template}: ${problems.join('; ')}`);

  const custom = s.customImage?.trim();
  const [image, imageSource] = custom
    ? ([custom, 'spec.customImage'] as const)
    : defaultNodeImage
      ? ([defaultNodeImage, 'the worker default (CAPSTAN_DOCKER_NODE_IMAGE)'] as const)
      : ([`${KIND_NODE_IMAGE_REPOSITORY}:${version}`, 'the CAPD default kindest/node:<version>'] as const);
  return {
    template,
    image,
    imageSource,
    extraMounts: (s.extraMounts ?? []).map((m) => ({
      containerPath: m.containerPath,
      hostPath: m.hostPath,
      readOnly: m.readOnly ?? false,
    })),
  };
}
