// The amazon-ebs artifact (Packer's awscommon.Artifact): the AMIs by region. Its id is `region:ami,...` sorted,
// which post-processors and the manifest record; destroy() removes the AMIs and their snapshots.
import type { Artifact } from '@tspacker/sdk';
import type { AwsSession } from '../access/session.js';
import { destroyAmis } from '../common/destroy-amis.js';
import { EBS_BUILDER_ID } from './artifact-id.js';

export class EbsArtifact implements Artifact {
  readonly builderId = EBS_BUILDER_ID;
  readonly files: readonly string[] = [];

  /**
   * `openSession` gives destroy() its clients (the build's own session is closed when the build ends);
   * `generatedData` is the build's (State("generated_data")).
   */
  constructor(
    readonly amis: ReadonlyMap<string, string>,
    private readonly openSession: () => Promise<Pick<AwsSession, 'ec2' | 'destroy'>>,
    private readonly generatedData: Readonly<Record<string, unknown>>,
  ) {}

  private sortedPairs(separator: string): string[] {
    return [...this.amis].map(([region, ami]) => `${region}${separator}${ami}`).sort();
  }

  get id(): string {
    return this.sortedPairs(':').join(',');
  }

  toString(): string {
    return `AMIs were created:\n${this.sortedPairs(': ').join('\n')}\n`;
  }

  state(name: string): unknown {
    switch (name) {
      case 'atlas.artifact.metadata':
        return Object.fromEntries([...this.amis].map(([region, ami]) => [`region.${region}`, ami]));
      case 'generated_data':
        return this.generatedData;
      default:
        return undefined;
    }
  }

  /** Deregisters every AMI and deletes its snapshots, region by region; all regions are tried before failing. */
  async destroy(): Promise<void> {
    const errors: string[] = [];
    const session = await this.openSession();
    try {
      for (const [region, imageId] of this.amis) {
        try {
          await destroyAmis(session.ec2(region), region, [{ imageId }]);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    } finally {
      session.destroy();
    }
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) throw new Error(`${errors.length} errors occurred:\n${errors.map((e) => `\t* ${e}`).join('\n')}\n`);
  }
}
