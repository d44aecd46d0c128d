// How an AWS call's failure reads in Packer: the Go SDK v2's smithy.OperationError text
// (`operation error SERVICE: OPERATION, https response error StatusCode: N, RequestID: ID, CODE: message`), built
// from what the JavaScript SDK throws. Only the SDK's own error texts go in: never a request's input or output.

/** What the JavaScript SDK puts on a failed call's error (ServiceException and the transport's errors). */
interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly $fault?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

/** The Go SDK's text for the failure (without the `operation error ...` prefix). */
function innerText(e: unknown): string {
  const err = (e ?? {}) as SdkErrorShape;
  const message = typeof err.message === 'string' ? err.message : String(e);
  const status = err.$metadata?.httpStatusCode;
  if (err.$fault !== undefined && status !== undefined) {
    return `https response error StatusCode: ${status}, RequestID: ${err.$metadata?.requestId ?? ''}, ${err.name}: ${message}`;
  }
  if (message === 'Region is missing') return 'failed to resolve service endpoint, endpoint rule error, Invalid Configuration: Missing Region';
  if (err.name === 'CredentialsProviderError') return `get identity: get credentials: failed to refresh cached credentials, ${message}`;
  if (typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) return `request send failed, ${message}`;
  return message;
}

/** `operation error Secrets Manager: GetSecretValue, ...`: the error as Packer's Go SDK v2 prints it. */
export function operationErrorText(service: string, operation: string, e: unknown): string {
  return `operation error ${service}: ${operation}, ${innerText(e)}`;
}
