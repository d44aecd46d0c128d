// A component's configuration, declared once in a typed form (Packer's generated hcl2spec + mapstructure struct
// + docs, in one place). From a spec come: the HCL schema core decodes the component's body with (decode.ts),
// the plain configuration object the component receives (to-js.ts), its TypeScript type (ConfigOf), and its
// documentation (docs.ts).
//
//   const spec = {
//     ami_name: attr.string({ required: true, doc: 'The name of the resulting AMI.' }),
//     ami_regions: attr.list(attr.string(), { doc: 'Regions to copy the AMI to.' }),
//     ssh_timeout: attr.duration({ default: '5m' }),
//     tags: attr.map(attr.string()),
//     launch_block_device_mappings: block.list({ device_name: attr.string(), volume_size: attr.int() }),
//   } satisfies ConfigSpec;
//   type Config = ConfigOf<typeof spec>;   // { ami_name: string; ami_regions: string[]; ssh_timeout: number; ... }
//
// Names are the HCL names (snake_case), also used as the keys of the configuration object.

/** What an attribute holds; `duration` is a Go duration string in HCL ("1m30s") and milliseconds in the config. */
export type ValueKind =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'any' }
  | { readonly kind: 'list'; readonly element: ValueKind }
  | { readonly kind: 'map'; readonly element: ValueKind };

interface CommonOptions {
  /** Markdown, for the generated documentation. */
  readonly doc?: string;
  /** The attribute is deprecated: a warning with this text when it is set. */
  readonly deprecated?: string;
}

export interface AttrOptions<T> extends CommonOptions {
  /** "Missing required argument" when absent. */
  readonly required?: boolean;
  /** Used when the attribute is absent (in HCL terms, for `duration` a Go duration string). */
  readonly default?: T;
  /** Other names accepted for the same attribute (older spellings); they warn as deprecated. */
  readonly aliases?: readonly string[];
  /**
   * Strings are rendered as Packer `{{ }}` templates when the configuration is prepared, except where a
   * component renders them itself later (Packer's interpolate Exclude list, e.g. `execute_command`): `false`.
   */
  readonly interpolate?: boolean;
  /** Absent stays `undefined` instead of the zero value (Packer's config.Trilean: unset, true or false). */
  readonly unsetIsUndefined?: boolean;
}

export interface AttrSpec<T = unknown> extends AttrOptions<unknown> {
  readonly kind: 'attr';
  readonly value: ValueKind;
  /** Type-level only: the JavaScript type of the configured value. */
  readonly __type?: T;
}

export interface BlockOptions extends CommonOptions {
  /** For `single`: "Missing X block" when absent. For `list`: at least one ("Insufficient X blocks"). */
  readonly required?: boolean;
}

/** Bounds on the number of blocks of a `list` (hcldec's BlockListSpec MinItems / MaxItems). */
export interface ListBlockOptions extends BlockOptions {
  /** "Insufficient X blocks" below this many. */
  readonly minItems?: number;
  /** "Too many X blocks" above this many (0 or absent: no limit). */
  readonly maxItems?: number;
}

/** A nested block: at most one (`single`) or any number (`list`), without labels. */
export interface BlockSpec<S extends ConfigSpec = ConfigSpec> extends ListBlockOptions {
  readonly kind: 'block';
  readonly nesting: 'single' | 'list';
  readonly spec: S;
}

export type ConfigSpec = { readonly [name: string]: AttrSpec | BlockSpec };

type ValueOf<A> = A extends AttrSpec<infer T> ? T : never;
type BlockValueOf<B> = B extends BlockSpec<infer S> ? (B['nesting'] extends 'single' ? ConfigOf<S> | undefined : ConfigOf<S>[]) : never;

/** The configuration object a component receives for a spec. */
export type ConfigOf<S extends ConfigSpec> = {
  -readonly [K in keyof S]: S[K] extends AttrSpec ? ValueOf<S[K]> : S[K] extends BlockSpec ? BlockValueOf<S[K]> : never;
};

const attrOf = <T>(value: ValueKind, options: AttrOptions<unknown> = {}): AttrSpec<T> => ({ kind: 'attr', value, ...options });

/** Attribute constructors. An absent attribute without a default has its type's zero value ('', 0, false, [], {}). */
export const attr = {
  string: (options?: AttrOptions<string>) => attrOf<string>({ kind: 'string' }, options),
  number: (options?: AttrOptions<number>) => attrOf<number>({ kind: 'number' }, options),
  /** A whole number (Go int); a fractional value is an error. */
  int: (options?: AttrOptions<number>) => attrOf<number>({ kind: 'int' }, options),
  bool: (options?: AttrOptions<boolean>) => attrOf<boolean>({ kind: 'bool' }, options),
  /** Packer's config.Trilean: a bool that may be unset (`undefined`), e.g. `encrypt_boot` (unset: keep the source's). */
  trilean: (options?: Omit<AttrOptions<boolean>, 'default' | 'unsetIsUndefined'>) =>
    attrOf<boolean | undefined>({ kind: 'bool' }, { ...options, unsetIsUndefined: true }),
  /** A Go duration string in HCL (`"1h2m3.5s"`), milliseconds in the configuration. */
  duration: (options?: AttrOptions<string>) => attrOf<number>({ kind: 'duration' }, options),
  /** Any value, passed as plain JSON-like data. */
  any: (options?: AttrOptions<unknown>) => attrOf<unknown>({ kind: 'any' }, options),
  list: <T>(element: AttrSpec<T>, options?: AttrOptions<T[]>) => attrOf<T[]>({ kind: 'list', element: element.value }, options),
  map: <T>(element: AttrSpec<T>, options?: AttrOptions<Record<string, T>>) =>
    attrOf<Record<string, T>>({ kind: 'map', element: element.value }, options),
};

/** Nested block constructors. */
export const block = {
  single: <S extends ConfigSpec>(spec: S, options: BlockOptions = {}): BlockSpec<S> & { nesting: 'single' } => ({
    kind: 'block',
    nesting: 'single',
    spec,
    ...options,
  }),
  list: <S extends ConfigSpec>(spec: S, options: ListBlockOptions = {}): BlockSpec<S> & { nesting: 'list' } => ({
    kind: 'block',
    nesting: 'list',
    spec,
    ...options,
  }),
};
