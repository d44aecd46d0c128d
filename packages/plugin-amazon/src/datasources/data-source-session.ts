// The session a data source reads in: Packer's data sources make no STS call (the credentials are checked by the
// call itself), and the session is closed once the read is done. Loaded only when a data source runs (it brings
// the AWS SDK).
import type { AccessConfig } from '../access/config.js';
import { createAwsSession } from '../access/create-session.js';
import type { AwsSession } from '../access/session.js';

export async function withDataSourceSession<T>(access: AccessConfig, read: (session: AwsSession) => Promise<T>): Promise<T> {
  const session = await createAwsSession({ ...access, skip_credential_validation: true });
  try {
    return await read(session);
  } finally {
    session.destroy();
  }
}
