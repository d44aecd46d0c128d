// The AWS JSON 1.1 protocol (SSM, Secrets Manager, KMS): `POST /` with `X-Amz-Target: <Prefix>.<Action>`, a JSON
// body in and out, errors as `{"__type": Code, "message": ...}`. Timestamps are epoch seconds (numbers).
import { AwsError, type AwsRequest, type AwsResponse, type AwsService } from '../contracts.js';

export const JSON_1_1_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** A success answer. */
export function jsonResponse(body: unknown): AwsResponse {
  return { status: 200, contentType: JSON_1_1_CONTENT_TYPE, body: JSON.stringify(body) };
}

/** An error answer in the shape every AWS JSON client parses (the code is also what SDK retry logic reads). */
export function renderJsonError(error: AwsError): AwsResponse {
  return {
    status: error.status,
    contentType: JSON_1_1_CONTENT_TYPE,
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** Epoch seconds with millisecond precision, as JSON-protocol timestamps are sent. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** The request body as an object: JSON 1.1 bodies are always objects (`{}` when a call has no input). */
export function jsonInput(request: AwsRequest): Record<string, unknown> {
  const body = request.json ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** A required string member; AWS answers ValidationException when it is missing or of another type. */
export function requiredString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new AwsError('SerializationException', `Member '${member}' must be a string.`);
  }
  return value;
}

export function optionalBoolean(input: Record<string, unknown>, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new AwsError('SerializationException', `Member '${member}' must be a boolean.`);
  return value;
}

export function optionalInteger(input: Record<string, unknown>, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AwsError('SerializationException', `Member '${member}' must be an integer.`);
  }
  return value;
}

export function requiredStringList(input: Record<string, unknown>, member: string): string[] {
  const value = input[member];
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${lowerFirst(member)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  return value as string[];
}

export type JsonAction = (input: Record<string, unknown>, request: AwsRequest) => unknown | Promise<unknown>;

/**
 * An AwsService over JSON 1.1 from a table of actions: unknown actions get UnknownOperationException, AwsErrors
 * become error documents, anything unexpected an InternalFailure (the endpoint never crashes on bad input).
 */
export function jsonService(name: string, actions: Readonly<Record<string, JsonAction>>): AwsService {
  return {
    name,
    async handle(request: AwsRequest): Promise<AwsResponse> {
      try {
        const action = Object.hasOwn(actions, request.action) ? actions[request.action] : undefined;
        if (!action) throw new AwsError('UnknownOperationException', `Unknown operation ${request.action}`);
        return jsonResponse(await action(jsonInput(request), request));
      } catch (error) {
        if (error instanceof AwsError) return renderJsonError(error);
        return renderJsonError(new AwsError('InternalFailure', 'The request processing has failed.', 500));
      }
    },
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
