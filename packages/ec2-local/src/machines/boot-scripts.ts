// The shell that boots a namespace machine, in two stages. Stage one runs on the host's root as the first process
// of fresh mount, PID, UTS and IPC namespaces: it assembles the root filesystem and chroots into it. Stage two
// (boot.sh) runs inside the machine as its init: first boot as cloud-init does it, sshd, user data, then it waits
// on the lifeline (stdin). Everything is POSIX sh, so the base image only needs /bin/sh and the usual tools.

/**
 * Stage one. Arguments: root lowerdirs upper work baseRoot baseUpper baseWork seedDir hiddenDir hostname, then
 * stage two's arguments. overlayfs refuses a lower layer that lies inside another lower layer of the same
 * filesystem ("overlapping lowerdir path"), which is the case of every layer directory on the root filesystem
 * when `/` is the base. Then the base goes through a read-only overlay of its own first, which gives `/` a
 * superblock of its own; without layers, or with layers on other filesystems, `/` is the base directly (one
 * overlay level less: the root filesystem may itself be an overlay, and overlays stack only two deep).
 */
export const MOUNT_SCRIPT = `set -eu
root=$1 lower=$2 upper=$3 work=$4 base=$5 base_upper=$6 base_work=$7 seed=$8 hidden=$9 name=\${10}
shift 10
if ! mount -t overlay ec2-local -o "lowerdir=$lower/,upperdir=$upper,workdir=$work" "$root" 2>/dev/null; then
  mount -t overlay ec2-local-base -o ro,lowerdir=/,upperdir="$base_upper",workdir="$base_work" "$base"
  mount -t overlay ec2-local -o "lowerdir=$lower$base,upperdir=$upper,workdir=$work" "$root"
fi
for d in proc dev sys run tmp; do [ -d "$root/$d" ] || mkdir -p "$root/$d"; done
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
mount --rbind /sys "$root/sys"
mount -t tmpfs -o mode=755,nosuid,nodev run "$root/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
# The host's machine state (this machine's own disk among it) is no business of the machine's.
if [ -d "$root$hidden" ]; then mount -t tmpfs -o ro,mode=755,size=4k hidden "$root$hidden"; fi
mkdir -p "$root/run/ec2-local"
cp -a "$seed/." "$root/run/ec2-local/"
if command -v hostname >/dev/null; then hostname "$name"; fi
exec chroot "$root" /bin/sh /run/ec2-local/boot.sh "$@"
`;

/**
 * Stage two, the machine's init. Arguments: instanceId user address port sshdPath. Per-instance work is guarded
 * by semaphores under /var/lib/cloud/instances/<id>/sem as cloud-init's are: an image captured from a machine
 * carries them for its own instance id only, so a machine launched from it gets fresh host keys, its own key
 * pair and its own user data.
 */
export const BOOT_SCRIPT = `instance=$1 user=$2 address=$3 port=$4 sshd=$5
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
seed=/run/ec2-local
state=/var/lib/cloud/instances/$instance
mkdir -p "$state/sem" /run/sshd /var/log
ln -sfn "$state" /var/lib/cloud/instance
# The hostname resolves, as cloud-init's manage_etc_hosts makes it (sudo complains otherwise).
name=$(cat /proc/sys/kernel/hostname)
grep -q "[[:space:]]$name\$" /etc/hosts 2>/dev/null || printf '%s %s\n' "$address" "$name" >> /etc/hosts

if [ ! -e "$state/sem/config_ssh" ]; then
  # ed25519 and ecdsa only: RSA key generation costs hundreds of milliseconds of a 1 s boot.
  rm -f /etc/ssh/ssh_host_*key /etc/ssh/ssh_host_*key.pub
  mkdir -p /etc/ssh
  ssh-keygen -q -t ed25519 -N '' -C "root@$instance" -f /etc/ssh/ssh_host_ed25519_key
  ssh-keygen -q -t ecdsa -N '' -C "root@$instance" -f /etc/ssh/ssh_host_ecdsa_key
  touch "$state/sem/config_ssh"
fi

if [ ! -e "$state/sem/users_groups" ]; then
  getent passwd "$user" >/dev/null || useradd --create-home --shell /bin/bash --user-group "$user"
  # No password, but not locked: sshd without PAM refuses key logins to accounts whose password starts with "!".
  usermod -p '*' "$user"
  mkdir -p /etc/sudoers.d
  printf '%s ALL=(ALL) NOPASSWD:ALL\\n' "$user" > /etc/sudoers.d/90-cloud-init-users
  chmod 0440 /etc/sudoers.d/90-cloud-init-users
  home=$(getent passwd "$user" | cut -d: -f6)
  group=$(id -gn "$user")
  mkdir -p "$home/.ssh"
  touch "$home/.ssh/authorized_keys"
  while IFS= read -r key; do
    [ -n "$key" ] || continue
    grep -qxF -- "$key" "$home/.ssh/authorized_keys" || printf '%s\\n' "$key" >> "$home/.ssh/authorized_keys"
  done < "$seed/authorized_keys"
  chown "$user:$group" "$home" "$home/.ssh" "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"
  chmod 600 "$home/.ssh/authorized_keys"
  touch "$state/sem/users_groups"
fi

# Package installs do not start services (as in Docker images): there is no init system to run them, and a
# daemon such as a second sshd would bind its default address in the network namespace shared with the host.
if [ -d /usr/sbin ] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# ec2-local: services are not started by package installs\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi

{
  echo "ListenAddress $address:$port"
  for key in /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ecdsa_key /etc/ssh/ssh_host_rsa_key; do
    [ -e "$key" ] && echo "HostKey $key"
  done
  echo "PidFile /run/sshd.pid"
  echo "UsePAM no"
  echo "PasswordAuthentication no"
  echo "KbdInteractiveAuthentication no"
  echo "PermitRootLogin prohibit-password"
  echo "AuthorizedKeysFile .ssh/authorized_keys"
  echo "Subsystem sftp internal-sftp"
  echo "AcceptEnv LANG LC_*"
  echo "PrintMotd no"
  echo "UseDNS no"
  echo "Include /etc/ssh/sshd_config.d/*.conf"
} > "$seed/sshd_config"
"$sshd" -D -f "$seed/sshd_config" -E /var/log/ec2-local-sshd.log &

if [ ! -e "$state/sem/scripts_user" ]; then
  touch "$state/sem/scripts_user"
  if [ -s "$seed/user-data" ]; then
    cp "$seed/user-data" "$state/user-data.txt"
    if [ "$(head -c 2 "$seed/user-data")" = '#!' ]; then
      mkdir -p "$state/scripts"
      cp "$seed/user-data" "$state/scripts/part-001"
      chmod 700 "$state/scripts/part-001"
      (
        cd /
        "$state/scripts/part-001" >> /var/log/cloud-init-output.log 2>&1 < /dev/null
        echo "user data exited with $?" >> /var/log/cloud-init-output.log
        touch "$state/boot-finished"
      ) &
    else
      touch "$state/boot-finished"
    fi
  else
    touch "$state/boot-finished"
  fi
fi

# The lifeline: end of file on stdin means stop (or the host process died). Init waits for its reader, which
# also reaps the orphans that the kernel hands to init; leaving init ends every process in here.
exec 3<&0
(while read -r _; do :; done) <&3 &
lifeline=$!
exec 3<&- < /dev/null
wait "$lifeline"
`;
