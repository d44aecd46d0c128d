// How an AWS SDK error is recognised (its code, whether it is throttling) and how it reads to the user: Packer's
// "Code: message" form (the Go SDK's awserr text), never a stack trace, never a secret.

/** The AWS error code of an SDK error (`InvalidAMIID.NotFound`, `RequestLimitExceeded`), if it is one. */
export function awsErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const error = e as { Code?: unknown; code?: unknown; name?: unknown; $metadata?: unknown; $fault?: unknown };
  if (typeof error.Code === 'string' && error.Code !== '') return error.Code;
  // SDK v3 service exceptions carry the code as `name`; plain Errors (name 'Error') are not AWS errors.
  if ((error.$metadata !== undefined || error.$fault !== undefined) && typeof error.name === 'string' && error.name !== 'Error') return error.name;
  return undefined;
}

/** The HTTP status of an SDK error's response, if it got one. */
export function awsHttpStatus(e: unknown): number | undefined {
  const status = (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Codes AWS answers when a caller is going too fast (EC2, STS, SSM, Secrets Manager). */
const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'EC2ThrottledException',
  'SlowDown',
  'ServiceUnavailable',
  'Unavailable',
]);

/** Whether AWS asked us to slow down: a throttling code, or HTTP 429 / 503. */
export function isThrottling(e: unknown): boolean {
  const code = awsErrorCode(e);
  if (code !== undefined && THROTTLING_CODES.has(code)) return true;
  const status = awsHttpStatus(e);
  return status === 429 || status === 503;
}

/** Whether the error has one of these codes (awserrors.Matches without the message test). */
export function hasAwsErrorCode(e: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(e);
  return code !== undefined && codes.includes(code);
}

/**
 * How an error reads to the user: `Code: message` for an AWS error (the form Packer prints, e.g. "Error querying
 * AMI: InvalidAMIID.NotFound: The image id '[ami-1]' does not exist"), the message otherwise. Any of `secrets`
 * appearing in it is masked.
 */
export function awsErrorText(e: unknown, secrets: readonly (string | undefined)[] = []): string {
  const code = awsErrorCode(e);
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : String(e);
  let text = code === undefined || message.startsWith(code) ? message : message === '' || message === 'UnknownError' ? code : `${code}: ${message}`;
  for (const secret of secrets) if (secret !== undefined && secret.length >= 4) text = text.split(secret).join('<sensitive>');
  return text;
}
