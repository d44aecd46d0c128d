// The seams between ec2-local's parts: the HTTP front (server.ts) decodes a request of any AWS protocol into an
// AwsRequest, asks the operations layer (faults, request log) whether to answer it differently, then hands it to
// the service that owns the action (EC2, STS, SSM, Secrets Manager, KMS). EC2 instances are metadata in the API's
// state plus, while running, a real machine from a MachineHost.

/** One AWS call, whatever its wire protocol (EC2/STS Query, JSON 1.1). */
export interface AwsRequest {
  /** The signing name from the SigV4 credential scope (`ec2`, `sts`, `ssm`, `secretsmanager`, `kms`), else `ec2`. */
  readonly service: string;
  /** `DescribeImages`, `GetCallerIdentity`, `GetParameter` (from `Action=` or `X-Amz-Target: Svc.Action`). */
  readonly action: string;
  /** From the SigV4 credential scope; `us-east-1` when unsigned. */
  readonly region: string;
  /** The access key id of the signature, if any. */
  readonly accessKeyId?: string;
  /** Query protocols: the form parameters as sent (`Filter.1.Name`), empty strings removed ("not set"). */
  readonly params: ReadonlyMap<string, string>;
  /** JSON 1.1 protocols: the parsed body. */
  readonly json?: unknown;
  /** A fresh request id (a UUID), used in the response and the request log. */
  readonly requestId: string;
}

/** What goes back on the wire. */
export interface AwsResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** An AWS error to answer with (each protocol renders it its own way). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 400 for client errors; 500/503 are retryable (InternalError, Unavailable); 412 for DryRunOperation. */
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A service's actions: the result is rendered by the service's protocol; throw AwsError for errors. */
export interface AwsService {
  readonly name: string;
  handle(request: AwsRequest): Promise<AwsResponse>;
}

/**
 * The operations layer (admin endpoint): fault injection and the request log. The front calls `intercept` before
 * dispatching and `record` after answering; the EC2 state consults `hidden` and `timeScale`.
 */
export interface Operations {
  /** A fault to answer with instead of the service (an error response), or a delay in ms to add, or nothing. */
  intercept(request: AwsRequest): Promise<AwsResponse | undefined>;
  /** Appends one JSONL line: time, service, region, action, status, error code, duration; never secrets. */
  record(request: AwsRequest, response: AwsResponse, durationMs: number): void;
  /** Eventual consistency: whether a new resource is still invisible to Describe* calls. */
  hidden(resourceId: string, now: number): boolean;
  /** Eventual consistency: the EC2 state registers each resource it creates (only then can it be hidden). */
  created?(resourceId: string, now: number): void;
  /** Multiplier for state-transition durations (1 = configured speed; 10 = ten times slower). */
  timeScale(): number;
}

// ----- Real machines -----

/** What a machine boots from: the layers of its image, topmost first (directories of files). */
export interface MachineSpec {
  readonly instanceId: string;
  /** Read-only layers, topmost first; the last one is the base image (the host's root when empty). */
  readonly layers: readonly string[];
  /** The loopback address the machine's sshd listens on (127.x.y.z), as DescribeInstances reports it. */
  readonly address: string;
  /** 22, or a configured port where 22 cannot be bound. */
  readonly sshPort: number;
  /** The image's default user (`ubuntu`, `ec2-user`), made at first boot as cloud-init would. */
  readonly defaultUser: string;
  /** authorized_keys lines for the default user (the launch key pair). */
  readonly authorizedKeys: readonly string[];
  /** RunInstances UserData, decoded; a `#!` script runs as root at first boot. */
  readonly userData?: string;
}

export interface Machine {
  readonly spec: MachineSpec;
  /** Boots (or boots again after stop): sshd reachable at spec.address:spec.sshPort when it resolves. */
  start(): Promise<void>;
  /** Stops every process; the disk (the writable layer) is kept. */
  stop(): Promise<void>;
  /** Stops and removes the disk. */
  terminate(): Promise<void>;
  /**
   * Captures the disk as a new image layer directory under `layerDir` and returns its path (CreateImage). The
   * result must not change when the machine later writes to its disk.
   */
  capture(layerDir: string): Promise<string>;
}

export interface MachineHost {
  /** `namespace`: root, a mount+pid namespace with an overlay and chroot; `none`: unisolated (explicitly allowed). */
  readonly isolation: 'namespace' | 'none';
  create(spec: MachineSpec): Promise<Machine>;
  /** Stops every machine (endpoint shutdown, reset). */
  close(): Promise<void>;
}
