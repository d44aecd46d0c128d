// The AMI lookup options shared by the amazon-ebs `source_ami_filter` block and the amazon-ami data source
// (Packer's AmiFilterOptions).
import { attr, type ConfigOf, type ConfigSpec } from '@tspacker/sdk';

export const amiFilterSpec = {
  filters: attr.map(attr.string(), {
    doc: 'DescribeImages filters, e.g. `name = "ubuntu/images/*"`, `virtualization-type = "hvm"`.',
  }),
  owners: attr.list(attr.string(), {
    doc: 'Account ids, aliases (`amazon`, `self`, ...) whose images may be chosen; required for safety.',
  }),
  most_recent: attr.bool({ doc: 'Choose the newest of several matches instead of failing.' }),
  include_deprecated: attr.bool({ doc: 'Also consider deprecated images.' }),
} satisfies ConfigSpec;

export type AmiFilterConfig = ConfigOf<typeof amiFilterSpec>;

/** AmiFilterOptions.Empty(): neither owners nor filters. */
export function amiFilterIsEmpty(f: AmiFilterConfig | undefined): boolean {
  return f === undefined || (f.owners.length === 0 && Object.keys(f.filters).length === 0);
}

/** AmiFilterOptions.NoOwner(): the filter names no owner (also true for an absent filter, as in Packer). */
export function amiFilterHasNoOwner(f: AmiFilterConfig | undefined): boolean {
  return f === undefined || f.owners.length === 0;
}
