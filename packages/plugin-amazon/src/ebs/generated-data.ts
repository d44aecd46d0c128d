// What templates rendered during a build see of the source AMI (Packer's interpolate_build_info.go): the
// `{{ .SourceAMI }}`-style data of run_tags, run_volume_tags, ami_description, tags, snapshot_tags... (rendered by
// common/tags.ts), and the generated data (`build.SourceAMI`, `{{ build `SourceAMI` }}`) StepSetGeneratedData
// publishes.
import type { EbsState } from './state.js';

/** The tag every temporary resource of a build carries, so leftovers can be found (value: the run id). */
export const RUN_ID_TAG = 'tspacker:run-id';

/** Packer's BuildInfoTemplate: `.BuildRegion`, `.SourceAMI`, ..., `.SourceAMITags.<key>`. */
export interface BuildInfo {
  readonly BuildRegion: string;
  readonly SourceAMI: string;
  readonly SourceAMICreationDate: string;
  readonly SourceAMIName: string;
  readonly SourceAMIOwner: string;
  readonly SourceAMIOwnerName: string;
  readonly SourceAMITags: Readonly<Record<string, string>>;
}

/**
 * extractBuildInfo: the data templates are rendered with. Before the source image is known only BuildRegion is
 * set (the other fields are empty, as Go's zero values).
 */
export function buildInfoData(state: Pick<EbsState, 'session' | 'sourceImage'>): BuildInfo {
  const image = state.sourceImage;
  const tags: Record<string, string> = {};
  for (const tag of image?.Tags ?? []) tags[tag.Key ?? ''] = tag.Value ?? '';
  return {
    BuildRegion: state.session.region,
    SourceAMI: image?.ImageId ?? '',
    SourceAMICreationDate: image?.CreationDate ?? '',
    SourceAMIName: image?.Name ?? '',
    SourceAMIOwner: image?.OwnerId ?? '',
    SourceAMIOwnerName: image?.ImageOwnerAlias ?? '',
    SourceAMITags: tags,
  };
}

/** The generated data of the source image (what StepSetGeneratedData puts into state.generatedData). */
export function sourceGeneratedData(state: Pick<EbsState, 'session' | 'sourceImage'>): Record<string, string> {
  const info = buildInfoData(state);
  return {
    BuildRegion: info.BuildRegion,
    SourceAMI: info.SourceAMI,
    SourceAMICreationDate: info.SourceAMICreationDate,
    SourceAMIName: info.SourceAMIName,
    SourceAMIOwner: info.SourceAMIOwner,
    SourceAMIOwnerName: info.SourceAMIOwnerName,
  };
}
