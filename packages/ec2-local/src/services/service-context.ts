// What the non-EC2 services share with the rest of the endpoint: the account they answer for (it appears in every
// ARN and must be the owner id EC2 reports for `self`) and the eventual-consistency hook of the operations layer.

/** The account id of the local cloud unless configured otherwise (the documentation account id AWS uses). */
export const LOCAL_ACCOUNT_ID = '123456789012';

/** The part of the operations layer a store uses to make newly created resources invisible for a while. */
export interface Visibility {
  created(resourceId: string, now: number): void;
  hidden(resourceId: string, now: number): boolean;
}

export interface ServiceContext {
  readonly accountId: string;
  readonly visibility?: Visibility;
  /** The clock (ms since the epoch); tests may pass their own. */
  readonly now: () => number;
}

export function serviceContext(options: Partial<ServiceContext> = {}): ServiceContext {
  return { accountId: options.accountId ?? LOCAL_ACCOUNT_ID, visibility: options.visibility, now: options.now ?? Date.now };
}
