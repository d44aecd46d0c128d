// Finding one AMI by id and/or filters (Packer's AmiFilterOptions.GetFilteredImage), shared by amazon-ebs's
// StepSourceAMIInfo and the amazon-ami data source: zero matches is an error, several need `most_recent`
// (the newest CreationDate wins).
import { DescribeImagesCommand, type DescribeImagesCommandInput, type EC2Client, type Filter, type Image } from '@aws-sdk/client-ec2';
import { awsErrorText } from './aws-errors.js';

export interface ImageQuery {
  readonly imageIds?: readonly string[];
  /** Filter name → value; a value may list several comma-separated values (CSV, as Packer reads it). */
  readonly filters?: Readonly<Record<string, string>>;
  readonly owners?: readonly string[];
  readonly mostRecent?: boolean;
  readonly includeDeprecated?: boolean;
}

/** Packer's buildEc2Filters: each value is one CSV record (`a, b` → ["a", "b"]; quotes group commas). */
export function ec2Filters(filters: Readonly<Record<string, string>>): Filter[] {
  return Object.entries(filters).map(([name, value]) => ({ Name: name, Values: csvRecord(value) }));
}

// encoding/csv with TrimLeadingSpace and LazyQuotes, for one line.
function csvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i++;
          } else if (line[i + 1] === ',' || i + 1 === line.length) {
            i++;
            break;
          } else field += '"'; // lazy quote
        } else field += line[i];
      }
    } else {
      const end = line.indexOf(',', i);
      field = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (line[i] !== ',') return fields;
    i++;
  }
}

/** The query as the AWS SDK v1 prints an input (Packer 1.6.6's "No AMI was found matching filters: …"). */
export function describeQuery(input: DescribeImagesCommandInput): string {
  const list = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(',')}]`;
  const parts: string[] = [];
  if (input.Filters?.length) {
    const filters = input.Filters.map((f) => `{\n      Name: ${JSON.stringify(f.Name ?? '')},\n      Values: ${list(f.Values ?? [])}\n    }`);
    parts.push(`  Filters: [${filters.join(',')}]`);
  }
  if (input.ImageIds?.length) parts.push(`  ImageIds: ${list(input.ImageIds)}`);
  if (input.IncludeDeprecated) parts.push('  IncludeDeprecated: true');
  if (input.Owners?.length) parts.push(`  Owners: ${list(input.Owners)}`);
  return `{\n${parts.join(',\n')}\n}`;
}

/** The newest image by CreationDate (RFC 3339; an unparsable date counts as the oldest). */
export function mostRecentImage(images: readonly Image[]): Image {
  const time = (i: Image): number => {
    const t = Date.parse(i.CreationDate ?? '');
    return Number.isNaN(t) ? -Infinity : t;
  };
  return images.reduce((best, image) => (time(image) >= time(best) ? image : best));
}

/** The one image the query designates; throws Packer's errors otherwise. */
export async function findImage(ec2: EC2Client, query: ImageQuery, signal?: AbortSignal): Promise<Image> {
  const input: DescribeImagesCommandInput = { IncludeDeprecated: query.includeDeprecated ?? false };
  if (query.imageIds?.length) input.ImageIds = [...query.imageIds];
  if (query.filters && Object.keys(query.filters).length > 0) input.Filters = ec2Filters(query.filters);
  if (query.owners?.length) input.Owners = [...query.owners];
  let images: Image[];
  try {
    images = (await ec2.send(new DescribeImagesCommand(input), { abortSignal: signal })).Images ?? [];
  } catch (e) {
    throw new Error(`Error querying AMI: ${awsErrorText(e)}`);
  }
  if (images.length === 0) throw new Error(`No AMI was found matching filters: ${describeQuery(input)}`);
  if (images.length > 1 && !query.mostRecent) {
    throw new Error('Your query returned more than one result. Please try a more specific search, or set most_recent to true.');
  }
  return query.mostRecent ? mostRecentImage(images) : images[0]!;
}
