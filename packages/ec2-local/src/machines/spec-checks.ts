// What a machine spec must look like before any of it reaches a shell script or a mount option: names and
// addresses are interpolated into sshd_config and passed to useradd, layer paths into overlayfs's lowerdir list.
import type { MachineSpec } from '../contracts.js';

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** overlayfs splits its options at `,` and lowerdir at `:`; a newline would break the boot scripts' arguments. */
export function checkMountablePath(what: string, dir: string): void {
  if (!dir.startsWith('/')) throw new Error(`${what} must be an absolute path: ${dir}`);
  if (/[,:\n\\]/.test(dir)) throw new Error(`${what} cannot be mounted by overlayfs (contains , : \\ or a newline): ${dir}`);
}

export function checkSpec(spec: MachineSpec): void {
  if (!INSTANCE_ID.test(spec.instanceId)) throw new Error(`bad instance id: ${spec.instanceId}`);
  if (!USER_NAME.test(spec.defaultUser)) throw new Error(`bad default user name: ${spec.defaultUser}`);
  const octets = LOOPBACK.exec(spec.address);
  if (!octets || octets.slice(1).some((o) => Number(o) > 255)) {
    throw new Error(`a machine's address must be a loopback address 127.x.y.z: ${spec.address}`);
  }
  if (!Number.isInteger(spec.sshPort) || spec.sshPort < 1 || spec.sshPort > 65535) {
    throw new Error(`bad SSH port: ${spec.sshPort}`);
  }
  for (const key of spec.authorizedKeys) {
    if (key.trim().includes('\n')) throw new Error('an authorized key must be one line');
  }
  for (const layer of spec.layers) checkMountablePath('a layer', layer);
}
