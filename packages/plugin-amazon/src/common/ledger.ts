// Every AWS resource a build created and has not deleted yet, by region. Steps record what they create and
// release what they delete; what is left when the build ends was leaked (or kept on purpose by -on-error=abort),
// and the ledger says how to delete each with the AWS CLI.
export type ResourceKind = 'instance' | 'key-pair' | 'security-group' | 'volume' | 'image' | 'snapshot' | 'launch-template';

export interface LedgerEntry {
  readonly region: string;
  readonly kind: ResourceKind;
  readonly id: string;
}

export class ResourceLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  record(region: string, kind: ResourceKind, id: string): void {
    this.entries.set(`${region}/${kind}/${id}`, { region, kind, id });
  }

  release(region: string, kind: ResourceKind, id: string): void {
    this.entries.delete(`${region}/${kind}/${id}`);
  }

  /** What is still there, in the order it was created. */
  remaining(): LedgerEntry[] {
    return [...this.entries.values()];
  }
}

/** The AWS CLI command that deletes a resource (shown when -on-error=abort leaves it in place). */
export function deleteCommand(entry: LedgerEntry): string {
  const r = `--region ${entry.region}`;
  switch (entry.kind) {
    case 'instance':
      return `aws ec2 terminate-instances ${r} --instance-ids ${entry.id}`;
    case 'key-pair':
      return `aws ec2 delete-key-pair ${r} --key-name ${entry.id}`;
    case 'security-group':
      return `aws ec2 delete-security-group ${r} --group-id ${entry.id}`;
    case 'volume':
      return `aws ec2 delete-volume ${r} --volume-id ${entry.id}`;
    case 'image':
      return `aws ec2 deregister-image ${r} --image-id ${entry.id}`;
    case 'snapshot':
      return `aws ec2 delete-snapshot ${r} --snapshot-id ${entry.id}`;
    case 'launch-template':
      return `aws ec2 delete-launch-template ${r} --launch-template-id ${entry.id}`;
  }
}
