/**
 * What the test machines (Docker node containers, SSH hosts of capstan/node:bookworm) run as
 * kubeadm: a STAND-IN, not kubeadm. The images have no Kubernetes; this checks what real kubeadm
 * reads first (the --config file) and records the call, and the worker's kubelet stand-in
 * registers the Node in the simulated workload cluster.
 */
export const KUBEADM_STAND_IN = `#!/bin/sh
# kubeadm STAND-IN for Capstan's provider tests (docker, ssh): this machine has no Kubernetes.
# It checks what real kubeadm reads first (the --config file) and records the call; the Node is
# registered in the simulated workload cluster by the worker's kubelet stand-in.
echo "kubeadm $*" >> /var/log/kubeadm-stand-in.log
case "$1" in init|join) ;; *) echo "kubeadm stand-in: '$1' is not supported" >&2; exit 2 ;; esac
prev=
for a in "$@"; do
  if [ "$prev" = --config ] && [ ! -r "$a" ]; then echo "kubeadm stand-in: config file $a not found" >&2; exit 1; fi
  prev=$a
done
echo "kubeadm stand-in: $1 done"
`;
