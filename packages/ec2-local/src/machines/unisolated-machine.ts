// A machine without isolation (explicitly allowed only): sshd runs as the current user on the host's own
// filesystem, so the "machine" is this host seen through SSH. It logs in only the current user (whatever the
// image's default user), its disk is just its directory of sshd files, and its image is the host itself:
// capture yields an empty layer, because everything a session changed is already on the host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineSpec } from '../contracts.js';
import { spawnOnLifeline, type LifelineProcess } from './lifeline.js';
import { LifelineMachine, type LifelineMachineOptions } from './lifeline-machine.js';

export interface UnisolatedMachineOptions extends LifelineMachineOptions {
  readonly sshdPath: string;
}

/** sshd in the foreground, user data at first boot, then the lifeline; on its end, sshd goes too. */
const SUPERVISOR_SCRIPT = `dir=$1 sshd=$2
"$sshd" -D -f "$dir/sshd_config" -E "$dir/sshd.log" < /dev/null &
sshd_pid=$!
if [ ! -e "$dir/user-data-ran" ] && [ "$(head -c 2 "$dir/user-data")" = '#!' ]; then
  touch "$dir/user-data-ran"
  chmod 700 "$dir/user-data"
  ("$dir/user-data" >> "$dir/cloud-init-output.log" 2>&1 < /dev/null; echo "user data exited with $?" >> "$dir/cloud-init-output.log") &
fi
while read -r _; do :; done
kill -KILL "$sshd_pid" 2>/dev/null
# Only a dead sshd has closed its listening socket: stop() resolves when the port is free.
wait "$sshd_pid" 2>/dev/null
`;

export class UnisolatedMachine extends LifelineMachine {
  constructor(
    readonly spec: MachineSpec,
    private readonly options: UnisolatedMachineOptions,
  ) {
    super(options);
  }

  /** The user sessions log in as: the one running this process. */
  get loginUser(): string {
    return os.userInfo().username;
  }

  capture(layerDir: string): Promise<string> {
    return this.exclusive(async () => {
      await fs.promises.mkdir(layerDir, { recursive: true });
      return fs.promises.mkdtemp(path.join(layerDir, `${this.spec.instanceId}-`));
    });
  }

  protected spawnFirstProcess(): LifelineProcess {
    this.writeFiles();
    return spawnOnLifeline({
      command: '/bin/sh',
      args: ['-c', SUPERVISOR_SCRIPT, 'ec2-local-machine', this.options.dir, this.options.sshdPath],
      consoleFile: path.join(this.options.dir, 'console.log'),
      env: process.env,
      cwd: os.homedir(),
    });
  }

  /** sshd's log. */
  protected bootLog(): string {
    const file = path.join(this.options.dir, 'sshd.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  }

  // Sessions are sshd's children in sessions of their own: the lifeline takes only the listener.
  protected override beforeStop(supervisor: LifelineProcess): void {
    killDescendants(supervisor.pid);
  }

  private writeFiles(): void {
    const dir = this.options.dir;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const hostKey = path.join(dir, 'ssh_host_ed25519_key');
    if (!fs.existsSync(hostKey)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    const authorizedKeys = path.join(dir, 'authorized_keys');
    fs.writeFileSync(authorizedKeys, this.spec.authorizedKeys.map((k) => `${k.trim()}\n`).join(''), { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'user-data'), this.spec.userData ?? '', { mode: 0o700 });
    const root = process.getuid?.() === 0;
    if (root) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    fs.writeFileSync(
      path.join(dir, 'sshd_config'),
      [
        `ListenAddress ${this.spec.address}:${this.spec.sshPort}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        `AllowUsers ${this.loginUser}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        `PermitRootLogin ${root ? 'prohibit-password' : 'no'}`,
        'Subsystem sftp internal-sftp',
      ].join('\n') + '\n',
    );
  }
}

function killDescendants(pid: number): void {
  for (const descendant of descendants(pid)) {
    try {
      process.kill(descendant, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Every process below `pid`, children first listed before theirs. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const walk = (parent: number): void => {
    let children: string[] = [];
    try {
      children = fs.readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/);
    } catch {
      return;
    }
    for (const child of children.filter(Boolean).map(Number)) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}
