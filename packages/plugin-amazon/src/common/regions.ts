// Facts about AWS partitions the steps depend on.

/** China and GovCloud: no tags at creation (Packer's IsRestricted). */
export function isRestrictedRegion(region: string): boolean {
  return region.startsWith('cn-') || region.startsWith('us-gov-');
}
