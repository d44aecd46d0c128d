// The seeded public images every region starts with: real publishers' account ids, naming schemes, root
// devices and default users, several dated releases per series, so that `source_ami_filter` blocks from real
// templates resolve (`most_recent` picks the newest). Optionally N synthetic images for the benchmark.
import { createHash } from 'node:crypto';

export const CANONICAL = '099720109477';
export const AMAZON = '137112412989';
export const DEBIAN = '136693071363';
export const FEDORA = '125523088429';

export interface CatalogImage {
  readonly name: string;
  readonly description: string;
  readonly ownerId: string;
  readonly ownerAlias?: string;
  readonly architecture: 'x86_64' | 'arm64';
  readonly creationDate: Date;
  readonly rootDeviceName: string;
  readonly volumeSize: number;
  readonly volumeType: string;
  readonly enaSupport: boolean;
  readonly sriovNetSupport?: string;
  readonly bootMode?: string;
  readonly defaultUser: string;
}

interface Series {
  readonly ownerId: string;
  readonly ownerAlias?: string;
  readonly defaultUser: string;
  readonly rootDeviceName: string;
  readonly volumeType: string;
  readonly architectures: readonly ('x86_64' | 'arm64')[];
  /** Release dates, YYYYMMDD. */
  readonly releases: readonly string[];
  name(arch: 'x86_64' | 'arm64', release: string): string;
  description(arch: 'x86_64' | 'arm64', release: string): string;
}

const ubuntuArch = (arch: string) => (arch === 'x86_64' ? 'amd64' : 'arm64');
const iso = (release: string) => `${release.slice(0, 4)}-${release.slice(4, 6)}-${release.slice(6, 8)}`;

function ubuntu(codename: string, version: string, store: string, releases: string[]): Series {
  return {
    ownerId: CANONICAL,
    defaultUser: 'ubuntu',
    rootDeviceName: '/dev/sda1',
    volumeType: store === 'hvm-ssd-gp3' ? 'gp3' : 'gp2',
    architectures: ['x86_64', 'arm64'],
    releases,
    name: (arch, release) => `ubuntu/images/${store}/ubuntu-${codename}-${version}-${ubuntuArch(arch)}-server-${release}`,
    description: (arch, release) => `Canonical, Ubuntu, ${version} LTS, ${ubuntuArch(arch)} ${codename} image build on ${iso(release)}`,
  };
}

const SERIES: readonly Series[] = [
  ubuntu('xenial', '16.04', 'hvm-ssd', ['20201014', '20210429', '20210721']),
  ubuntu('bionic', '18.04', 'hvm-ssd', ['20200112', '20201026', '20210128', '20230516']),
  ubuntu('focal', '20.04', 'hvm-ssd', ['20200907', '20201026', '20201210', '20230517', '20240821']),
  ubuntu('jammy', '22.04', 'hvm-ssd', ['20220420', '20230516', '20240301']),
  ubuntu('noble', '24.04', 'hvm-ssd-gp3', ['20240423', '20240801', '20241109']),
  {
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    defaultUser: 'ec2-user',
    rootDeviceName: '/dev/xvda',
    volumeType: 'gp2',
    architectures: ['x86_64', 'arm64'],
    releases: ['20200917', '20201126', '20210126', '20230404'],
    name: (arch, release) => `amzn2-ami-hvm-2.0.${release}.0-${arch}-gp2`,
    description: () => 'Amazon Linux 2 AMI 2.0 x86_64 HVM gp2',
  },
  {
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    defaultUser: 'ec2-user',
    rootDeviceName: '/dev/xvda',
    volumeType: 'gp3',
    architectures: ['x86_64', 'arm64'],
    releases: ['20230315', '20230809', '20240610'],
    name: (arch, release) => `al2023-ami-2023.1.${release}.0-kernel-6.1-${arch}`,
    description: () => 'Amazon Linux 2023 AMI',
  },
  {
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    defaultUser: 'ec2-user',
    rootDeviceName: '/dev/xvda',
    volumeType: 'gp2',
    architectures: ['x86_64'],
    releases: ['20200617', '20201028'],
    name: (arch, release) => `amzn-ami-hvm-2018.03.0.${release}.0-${arch}-gp2`,
    description: () => 'Amazon Linux AMI 2018.03.0 x86_64 HVM gp2',
  },
  {
    ownerId: DEBIAN,
    defaultUser: 'admin',
    rootDeviceName: '/dev/xvda',
    volumeType: 'gp2',
    architectures: ['x86_64', 'arm64'],
    releases: ['20201207', '20210329'],
    name: (arch, release) => `debian-10-${ubuntuArch(arch)}-${release}-477`,
    description: () => 'Debian 10 (20201207-477)',
  },
  {
    ownerId: DEBIAN,
    defaultUser: 'admin',
    rootDeviceName: '/dev/xvda',
    volumeType: 'gp2',
    architectures: ['x86_64', 'arm64'],
    releases: ['20230124', '20230515', '20240717'],
    name: (arch, release) => `debian-12-${ubuntuArch(arch)}-${release}-1381`,
    description: () => 'Debian 12 (bookworm)',
  },
  {
    ownerId: FEDORA,
    defaultUser: 'fedora',
    rootDeviceName: '/dev/sda1',
    volumeType: 'gp2',
    architectures: ['x86_64'],
    releases: ['20201020', '20210423'],
    name: (arch, release) => `Fedora-Cloud-Base-33-${release}.0.${arch}-hvm-us-east-1-gp2-0`,
    description: () => 'Fedora-Cloud-Base-33',
  },
];

/** A stable time of day per name (creation dates compare by full timestamp under most_recent). */
function creationDate(name: string, release: string): Date {
  const seconds = createHash('sha256').update(name).digest().readUInt32BE(0) % 86_400;
  return new Date(Date.parse(`${iso(release)}T00:00:00.000Z`) + seconds * 1000);
}

function seeded(): CatalogImage[] {
  const images: CatalogImage[] = [];
  for (const series of SERIES) {
    for (const arch of series.architectures) {
      for (const release of series.releases) {
        const name = series.name(arch, release);
        images.push({
          name,
          description: series.description(arch, release),
          ownerId: series.ownerId,
          ownerAlias: series.ownerAlias,
          architecture: arch,
          creationDate: creationDate(name, release),
          rootDeviceName: series.rootDeviceName,
          volumeSize: 8,
          volumeType: series.volumeType,
          enaSupport: true,
          sriovNetSupport: 'simple',
          bootMode: arch === 'arm64' ? 'uefi' : undefined,
          defaultUser: series.defaultUser,
        });
      }
    }
  }
  return images;
}

const SYNTHETIC_OWNERS = ['111122223333', '444455556666', '777788889999', CANONICAL, AMAZON];

/** `count` extra public images named `synthetic/<family>-<n>-<arch>-<date>` (benchmark catalogs). */
function synthetic(count: number): CatalogImage[] {
  const images: CatalogImage[] = [];
  for (let n = 0; n < count; n++) {
    const arch = n % 3 === 0 ? 'arm64' : 'x86_64';
    const release = new Date(Date.UTC(2018, 0, 1) + (n % 2500) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const name = `synthetic/family-${n % 100}-${n}-${arch}-${release}`;
    images.push({
      name,
      description: `Synthetic image ${n}`,
      ownerId: SYNTHETIC_OWNERS[n % SYNTHETIC_OWNERS.length]!,
      architecture: arch,
      creationDate: creationDate(name, release),
      rootDeviceName: '/dev/xvda',
      volumeSize: 8,
      volumeType: 'gp3',
      enaSupport: true,
      defaultUser: 'ec2-user',
    });
  }
  return images;
}

export function catalogImages(syntheticCount = 0): readonly CatalogImage[] {
  return [...seeded(), ...synthetic(syntheticCount)];
}

/** The same image has a different but stable id in every region, as on AWS. */
export function catalogImageId(region: string, name: string): string {
  return `ami-${createHash('sha256').update(`${region}\0${name}`).digest('hex').slice(0, 17)}`;
}

export function catalogSnapshotId(region: string, name: string): string {
  return `snap-${createHash('sha256').update(`snapshot\0${region}\0${name}`).digest('hex').slice(0, 17)}`;
}
