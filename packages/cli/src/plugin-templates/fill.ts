// The names a scaffolded plugin derives from NAME, and filling them into the templates' __PLACEHOLDERS__.

/** What `tspacker plugins new KIND NAME` derives from NAME. */
export interface PluginNames {
  /** The plugin's name, as templates use it (`provisioner "NAME"`). */
  readonly name: string;
  /** `tspacker-plugin-NAME`. */
  readonly packageName: string;
  /** NAME as a JavaScript identifier: `my-thing` → `myThing`. */
  readonly camel: string;
  /** `MyThing`, for type names. */
  readonly pascal: string;
}

export const PACKAGE_PREFIX = 'tspacker-plugin-';

/** Lower-case words of letters and digits joined by hyphens, starting with a letter. */
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The names for NAME (a `tspacker-plugin-` prefix is dropped), or the reason NAME cannot be a plugin name. */
export function pluginNames(input: string): PluginNames | string {
  const name = input.startsWith(PACKAGE_PREFIX) ? input.slice(PACKAGE_PREFIX.length) : input;
  if (!NAME_PATTERN.test(name)) {
    return `Invalid plugin name ${JSON.stringify(input)}: use lower-case letters, digits and single hyphens, starting with a letter (e.g. "my-tool").`;
  }
  const words = name.split('-');
  const camel = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return { name, packageName: PACKAGE_PREFIX + name, camel, pascal: camel[0]!.toUpperCase() + camel.slice(1) };
}

/** Replaces every `__KEY__` of `values` in `template`. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/__([A-Z][A-Z_]*[A-Z])__/g, (whole, key: string) => values[key] ?? whole);
}
