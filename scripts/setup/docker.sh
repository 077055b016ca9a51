# Sourced by setup.sh: a running Docker Engine and the locally built node image (DESIGN.md §Real
# components: "Docker Engine: Debian docker.io, started by the setup script when no engine answers").
# No image registry is reachable, so the node image is a Debian rootfs made by mmdebstrap from the
# configured apt mirror and `docker import`ed (reference/real-components.md §5.1).
#   CAPSTAN_NODE_IMAGE   the tag to build (default below); the Docker provider tests use it

# Packages of the node image, and why each is there:
#   openssh-server      the SSH-hosts provider's targets (sshd in containers)
#   cloud-init          `cloud-init schema` validates the kubeadm user data (issue 4 §5)
#   haproxy             the control-plane load balancer container, as CAPD's kindest/haproxy
#   etcd-server/-client real etcd membership tests (reference/real-components.md §6)
#   python3, curl, iproute2, procps, ca-certificates, sudo, systemd: what bootstrap scripts expect
NODE_IMAGE_PACKAGES=openssh-server,iproute2,iputils-ping,ca-certificates,sudo,python3,curl,procps,cloud-init,systemd,systemd-sysv,dbus,haproxy,etcd-server,etcd-client
# The tag carries a hash of the package list, so a changed list builds a new image instead of
# silently reusing an old one.
NODE_IMAGE=${CAPSTAN_NODE_IMAGE:-capstan/node:bookworm-$(printf '%s' "$NODE_IMAGE_PACKAGES" | sha256sum | cut -c1-10)}

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* missing and this is not root: run 'sudo apt-get install -y $*'."
  command -v apt-get >/dev/null || die "$* missing and apt-get is not available."
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed, so $* cannot be installed."
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null || die "apt-get install $* failed, see the messages above."
}

# Starts dockerd in the background when no engine answers (CI machines and these dev boxes have no
# init system running it). Its log goes to the tools folder.
ensure_docker_engine() {
  if docker info >/dev/null 2>&1; then
    say "Docker Engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return 0
  fi
  command -v dockerd >/dev/null || apt_install docker.io
  command -v docker >/dev/null || die "docker.io installed but the docker client is not on PATH."
  say "starting dockerd (log: $TOOLS/dockerd.log)"
  nohup dockerd >"$TOOLS/dockerd.log" 2>&1 &
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { say "Docker Engine started"; return 0; }
    sleep 0.5
  done
  tail -n 20 "$TOOLS/dockerd.log" >&2 || true
  die "dockerd did not answer within 30 s; see $TOOLS/dockerd.log."
}

build_node_image() {
  if docker image inspect "$NODE_IMAGE" >/dev/null 2>&1; then
    say "node image $NODE_IMAGE already built"
  else
    command -v mmdebstrap >/dev/null || apt_install mmdebstrap
    local mirror
    mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
    [ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
    [ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list(.d); the node image is built from it."
    say "building node image $NODE_IMAGE from $mirror with mmdebstrap (a few minutes)"
    # Host keys are removed so every container generates its own at start (identical keys across
    # containers would make pinned-host-key tests meaningless).
    mmdebstrap --quiet --variant=minbase --include="$NODE_IMAGE_PACKAGES" \
      --customize-hook='mkdir -p "$1/run/sshd" "$1/root/.ssh" && chmod 700 "$1/root/.ssh"' \
      --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
      bookworm - "$mirror" |
      docker import --change 'CMD ["/bin/sh","-c","ssh-keygen -A && exec /usr/sbin/sshd -D -e"]' - "$NODE_IMAGE" >/dev/null ||
      die "building the node image failed, see the messages above."
    say "built node image $NODE_IMAGE"
  fi
  # A stable name for tests and the README, pointing at the current build.
  docker tag "$NODE_IMAGE" capstan/node:bookworm
}
