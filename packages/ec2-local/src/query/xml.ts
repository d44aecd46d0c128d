// XML documents of the EC2 Query protocol, rendered by hand (faster than a generic builder on the hot
// Describe* path). A value tree: objects become elements in key order, arrays become `<item>` lists, undefined
// members are left out (SDKs read missing elements as undefined).
import { AwsError, type AwsResponse } from '../contracts.js';

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export type XmlValue = string | number | boolean | Date | undefined | null | XmlObject | readonly XmlValue[];
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;

export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

/** Appends `<name>…</name>` (string building: this is the hot path of large Describe* answers). */
function renderValue(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    let out = `<${name}>`;
    for (const item of value as readonly XmlValue[]) out += renderValue('item', item);
    return out + `</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') {
    let out = `<${name}>`;
    const object = value as XmlObject;
    for (const child in object) out += renderValue(child, object[child]);
    return out + `</${name}>`;
  }
  return `<${name}>${typeof value === 'string' ? escapeXml(value) : String(value)}</${name}>`;
}

/** `<{Action}Response xmlns=…><requestId/>…</{Action}Response>` with HTTP 200. */
export function renderEc2Response(action: string, requestId: string, body: XmlObject): AwsResponse {
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>`;
  for (const name in body) out += renderValue(name, body[name]);
  out += `</${action}Response>`;
  return { status: 200, contentType: 'text/xml;charset=UTF-8', body: out };
}

/** EC2's error document: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`. */
export function renderEc2Error(error: AwsError, requestId: string): AwsResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>`;
  return { status: error.status, contentType: 'text/xml;charset=UTF-8', body };
}

/** The awsQuery error document of STS, IAM and the other Query services (not EC2's). */
export function renderQueryError(error: AwsError, requestId: string): AwsResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse>` +
    `<Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status: error.status, contentType: 'text/xml;charset=UTF-8', body };
}
