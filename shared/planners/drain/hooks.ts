/**
 * CAPI `annotations.HasWithPrefix` as used by `reconcileDelete`: the lifecycle-hook annotations
 * (`pre-drain.delete.hook.machine.cluster.x-k8s.io/<owner>`, `pre-terminate...`) present on the
 * Machine, sorted as CAPI lists them in its messages.
 */
export function hooksWithPrefix(annotations: Record<string, string>, prefix: string): string[] {
  return Object.keys(annotations)
    .filter((key) => key.startsWith(prefix))
    .sort();
}
