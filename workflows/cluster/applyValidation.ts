import type * as ResolveApply from '../../shared/apply/resolveApplyInput';

/**
 * The manifest compiler (zod schemas, YAML parser) is by far the heaviest code in the workflow
 * bundle, and the SDK initialises a bundle's modules for every workflow it runs. Only the cluster
 * workflow needs the compiler, and only when validating input, so it is required on first use:
 * machine, control-plane and MachineDeployment workflows never pay for it (measured: the worker's
 * workflow thread spent most of its time constructing zod schemas before this).
 */
let loaded: typeof ResolveApply | undefined;

export function applyValidation(): typeof ResolveApply {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../../shared/apply/resolveApplyInput') as typeof ResolveApply;
  return loaded;
}
