// An injected error must look like the service's own: EC2 speaks its Query error document, STS the awsQuery
// `<ErrorResponse>`, SSM/Secrets Manager/KMS JSON 1.1. Chosen by the request's SigV4 service name.
import type { AwsError, AwsRequest, AwsResponse } from '../contracts.js';
import { renderEc2Error } from '../query/xml.js';
import { renderJsonError } from '../services/json-protocol.js';
import { renderStsError } from '../services/sts.js';

export const JSON_PROTOCOL_SERVICES: ReadonlySet<string> = new Set(['ssm', 'secretsmanager', 'kms']);

export function renderError(request: AwsRequest, error: AwsError): AwsResponse {
  if (JSON_PROTOCOL_SERVICES.has(request.service)) return renderJsonError(error);
  if (request.service === 'sts') return renderStsError(error, request.requestId);
  return renderEc2Error(error, request.requestId);
}

/** Each protocol's throttling code (all are in the SDKs' retryable throttling lists). */
export function throttlingError(service: string): { code: string; status: number; message: string } {
  if (JSON_PROTOCOL_SERVICES.has(service)) return { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' };
  if (service === 'sts') return { code: 'Throttling', status: 400, message: 'Rate exceeded' };
  return { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' };
}

/** The error code of a rendered error response (for the request log), or undefined for a success. */
export function errorCodeOf(response: AwsResponse): string | undefined {
  if (response.status < 300) return undefined;
  if (response.contentType.includes('json')) {
    try {
      const type = (JSON.parse(response.body) as { __type?: unknown }).__type;
      // Some services qualify the code (`com.amazonaws.kms#NotFoundException`).
      return typeof type === 'string' ? type.replace(/^.*#/, '') : undefined;
    } catch {
      return undefined;
    }
  }
  return /<Code>([^<]*)<\/Code>/.exec(response.body)?.[1];
}
