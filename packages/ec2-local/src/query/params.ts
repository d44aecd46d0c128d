// Reading EC2 Query parameters: flat `Name.N` lists and `Prefix.N.Member` structures, as both the Go and the JS
// SDKs flatten them. Empty strings were removed by the front (Packer 1.6.6 sends them for "not set").
import { AwsError } from '../contracts.js';

export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface TagSpecification {
  readonly resourceType: string;
  readonly tags: readonly Tag[];
}

export class QueryParams {
  /** `indexed` per prefix: an action reads several lists, each would walk every parameter again. */
  private readonly groupsByPrefix = new Map<string, Map<number, Map<string, string>>>();

  constructor(readonly map: ReadonlyMap<string, string>) {}

  get(name: string): string | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  required(name: string): string {
    const value = this.map.get(name);
    if (value === undefined) throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.map.get(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new AwsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected: 'true' or 'false'.`);
  }

  int(name: string): number | undefined {
    const value = this.map.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw new AwsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected an integer.`);
    }
    return Number(value);
  }

  /** `Name.1`, `Name.2`, … in index order. */
  list(name: string): string[] {
    return [...this.indexed(name)].map(([, sub]) => sub.get('')).filter((v): v is string => v !== undefined);
  }

  /** `Prefix.N.Member…` as one sub-parameter set per N, in index order. */
  structs(prefix: string): QueryParams[] {
    return [...this.indexed(prefix)].map(([, sub]) => new QueryParams(sub));
  }

  /** The parameters under `Prefix.` (a single nested structure such as `Placement.`). */
  struct(prefix: string): QueryParams {
    const sub = new Map<string, string>();
    const start = prefix + '.';
    for (const [key, value] of this.map) if (key.startsWith(start)) sub.set(key.slice(start.length), value);
    return new QueryParams(sub);
  }

  get size(): number {
    return this.map.size;
  }

  filters(): Filter[] {
    return this.structs('Filter').map((f) => ({ name: f.required('Name'), values: f.list('Value') }));
  }

  tags(prefix = 'Tag'): Tag[] {
    return this.structs(prefix).map((t) => ({ key: t.required('Key'), value: t.get('Value') ?? '' }));
  }

  tagSpecifications(): TagSpecification[] {
    return this.structs('TagSpecification').map((s) => ({ resourceType: s.required('ResourceType'), tags: s.tags('Tag') }));
  }

  /** Groups `Prefix.N` and `Prefix.N.Rest` by N; a bare `Prefix.N` is stored under the empty member name. */
  private indexed(prefix: string): Map<number, Map<string, string>> {
    let cached = this.groupsByPrefix.get(prefix);
    if (!cached) this.groupsByPrefix.set(prefix, (cached = this.group(prefix)));
    return cached;
  }

  private group(prefix: string): Map<number, Map<string, string>> {
    const groups = new Map<number, Map<string, string>>();
    const start = prefix + '.';
    for (const [key, value] of this.map) {
      if (!key.startsWith(start)) continue;
      const rest = key.slice(start.length);
      const dot = rest.indexOf('.');
      const indexText = dot < 0 ? rest : rest.slice(0, dot);
      if (!/^\d+$/.test(indexText)) continue;
      const index = Number(indexText);
      let group = groups.get(index);
      if (!group) groups.set(index, (group = new Map()));
      group.set(dot < 0 ? '' : rest.slice(dot + 1), value);
    }
    return new Map([...groups].sort((a, b) => a[0] - b[0]));
  }
}
