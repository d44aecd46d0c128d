// The regions and availability zones this endpoint answers for (a subset of AWS's, with their zone ids).
import { AwsError } from '../contracts.js';

interface RegionInfo {
  readonly name: string;
  /** Zone id prefix (`use1` → `use1-az1`). */
  readonly zoneIdPrefix: string;
  readonly zones: number;
  readonly optInRequired?: boolean;
}

export const REGIONS: readonly RegionInfo[] = [
  { name: 'us-east-1', zoneIdPrefix: 'use1', zones: 6 },
  { name: 'us-east-2', zoneIdPrefix: 'use2', zones: 3 },
  { name: 'us-west-1', zoneIdPrefix: 'usw1', zones: 2 },
  { name: 'us-west-2', zoneIdPrefix: 'usw2', zones: 4 },
  { name: 'ca-central-1', zoneIdPrefix: 'cac1', zones: 3 },
  { name: 'eu-west-1', zoneIdPrefix: 'euw1', zones: 3 },
  { name: 'eu-west-2', zoneIdPrefix: 'euw2', zones: 3 },
  { name: 'eu-west-3', zoneIdPrefix: 'euw3', zones: 3 },
  { name: 'eu-central-1', zoneIdPrefix: 'euc1', zones: 3 },
  { name: 'eu-north-1', zoneIdPrefix: 'eun1', zones: 3 },
  { name: 'ap-south-1', zoneIdPrefix: 'aps1', zones: 3 },
  { name: 'ap-northeast-1', zoneIdPrefix: 'apne1', zones: 3 },
  { name: 'ap-northeast-2', zoneIdPrefix: 'apne2', zones: 4 },
  { name: 'ap-southeast-1', zoneIdPrefix: 'apse1', zones: 3 },
  { name: 'ap-southeast-2', zoneIdPrefix: 'apse2', zones: 3 },
  { name: 'sa-east-1', zoneIdPrefix: 'sae1', zones: 3 },
  { name: 'af-south-1', zoneIdPrefix: 'afs1', zones: 3, optInRequired: true },
];

export interface Zone {
  readonly name: string;
  readonly id: string;
}

export function regionInfo(region: string): RegionInfo {
  const info = REGIONS.find((r) => r.name === region);
  // AWS has no endpoint for an unknown region; the closest answer of one shared endpoint is AuthFailure.
  if (!info) throw new AwsError('AuthFailure', `AWS was not able to validate the provided access credentials (unknown region ${region})`, 401);
  return info;
}

export function zonesOf(region: string): Zone[] {
  const info = regionInfo(region);
  return Array.from({ length: info.zones }, (_, i) => ({
    name: `${region}${String.fromCharCode(97 + i)}`,
    id: `${info.zoneIdPrefix}-az${i + 1}`,
  }));
}
