// STS over the Query protocol (form parameters in, XML out), just GetCallerIdentity: what Packer and the AWS CLI
// call to validate credentials. The XML is written here rather than shared with EC2's because STS wraps results
// in `<Action>Result` + `ResponseMetadata` and errors in `<ErrorResponse>`, unlike EC2.
import { createHash } from 'node:crypto';
import { AwsError, type AwsRequest, type AwsResponse, type AwsService } from '../contracts.js';
import { serviceContext, type ServiceContext } from './service-context.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface StsOptions extends Partial<ServiceContext> {
  /** The IAM user every caller is (`ec2-local` unless configured). */
  readonly userName?: string;
}

export function createStsService(options: StsOptions = {}): AwsService {
  const context = serviceContext(options);
  const userName = options.userName ?? 'ec2-local';
  return {
    name: 'sts',
    async handle(request: AwsRequest): Promise<AwsResponse> {
      try {
        if (request.action !== 'GetCallerIdentity') {
          throw new AwsError('InvalidAction', `Could not find operation ${request.action || '(none)'} for version 2011-06-15`);
        }
        return stsResult(request, 'GetCallerIdentity', [
          ['Arn', `arn:aws:iam::${context.accountId}:user/${userName}`],
          ['UserId', iamUserId(request.accessKeyId ?? context.accountId)],
          ['Account', context.accountId],
        ]);
      } catch (error) {
        const awsError = error instanceof AwsError ? error : new AwsError('InternalFailure', 'Internal failure.', 500);
        return renderStsError(awsError, request.requestId);
      }
    },
  };
}

/** `<ErrorResponse>` as STS (and IAM) send it; Type is Sender for client errors, Receiver for server errors. */
export function renderStsError(error: AwsError, requestId: string): AwsResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, contentType: 'text/xml', body };
}

function stsResult(request: AwsRequest, action: string, fields: ReadonlyArray<readonly [string, string]>): AwsResponse {
  const members = fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  const body =
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${members}</${action}Result>` +
    `<ResponseMetadata><RequestId>${request.requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, contentType: 'text/xml', body };
}

/** A stable IAM unique id (`AIDA` + 17 characters) for a caller, as AWS gives each user one. */
function iamUserId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AIDA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
