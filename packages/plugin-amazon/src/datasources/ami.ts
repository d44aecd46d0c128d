// Data source `amazon-ami` (Packer's datasource/ami): the one AMI that filters and owners designate (the newest
// with `most_recent`), as `data.amazon-ami.NAME.id` etc. The AWS SDK loads only when the data source is read.
import { packerCoreSpec, resultOf, attr, type ConfigOf, type ConfigSpec, type DataSourceComponent } from '@tspacker/sdk';
import { accessSpec } from '../access/config.js';
import { prepareAccess } from '../access/prepare-access.js';
import { amiFilterIsEmpty, amiFilterHasNoOwner, amiFilterSpec } from '../common/ami-filter-spec.js';

export const amiDataSpec = { ...amiFilterSpec, ...accessSpec, ...packerCoreSpec } satisfies ConfigSpec;

export const amiDataOutputSpec = {
  id: attr.string({ doc: 'The ID of the AMI.' }),
  name: attr.string({ doc: 'The name of the AMI.' }),
  creation_date: attr.string({ doc: 'The date of creation of the AMI.' }),
  owner: attr.string({ doc: 'The AWS account ID of the owner.' }),
  owner_name: attr.string({ doc: 'The owner alias.' }),
  tags: attr.map(attr.string(), { doc: 'The key/value combination of the tags assigned to the AMI.' }),
} satisfies ConfigSpec;

export type AmiDataConfig = ConfigOf<typeof amiDataSpec>;

export const amiDataSource: DataSourceComponent<typeof amiDataSpec, typeof amiDataOutputSpec> = {
  configSpec: amiDataSpec,
  outputSpec: amiDataOutputSpec,
  prepare(c) {
    const errors = prepareAccess(c);
    if (amiFilterIsEmpty(c)) errors.push('The `filters` must be specified');
    if (amiFilterHasNoOwner(c)) errors.push('For security reasons, you must declare an owner.');
    return resultOf(errors);
  },
  async execute(c) {
    const [{ withDataSourceSession }, { findImage }] = await Promise.all([import('./data-source-session.js'), import('../common/ami-filter.js')]);
    return withDataSourceSession(c, async (session) => {
      const image = await findImage(session.ec2(), {
        filters: c.filters,
        owners: c.owners,
        mostRecent: c.most_recent,
        includeDeprecated: c.include_deprecated,
      });
      const tags: Record<string, string> = {};
      for (const tag of image.Tags ?? []) tags[tag.Key ?? ''] = tag.Value ?? '';
      return {
        id: image.ImageId ?? '',
        name: image.Name ?? '',
        creation_date: image.CreationDate ?? '',
        owner: image.OwnerId ?? '',
        owner_name: image.ImageOwnerAlias ?? '',
        tags,
      };
    });
  },
};
