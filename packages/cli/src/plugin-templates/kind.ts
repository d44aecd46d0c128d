// What `tspacker plugins new` knows about one kind of component: where its code goes in the package, how the
// manifest names it, and the texts of its files (with __PLACEHOLDERS__, see fill.ts).

/** The kinds a plugin can be scaffolded for, as the command line names them. */
export type PluginKind = 'provisioner' | 'builder' | 'post-processor' | 'data-source';

export interface KindTemplate {
  readonly kind: PluginKind;
  /** The component's module in the package. */
  readonly file: string;
  /** The PluginManifest key the component is registered under. */
  readonly manifestKey: 'provisioners' | 'builders' | 'postProcessors' | 'dataSources';
  /** The component's export is the plugin's camelCase name followed by this (`greetProvisioner`). */
  readonly componentSuffix: string;
  /** How a template names the component (`provisioner "__NAME__"`). */
  readonly use: string;
  /** The body of scripts/docs.js's documentation(): JavaScript over `configDocs` and `__COMPONENT__`. */
  readonly docsExpression: string;
  /** package.json's description. */
  readonly description: string;
  readonly component: string;
  readonly types: string;
  readonly test: string;
  /** example/build.pkr.hcl. */
  readonly example: string;
  /** The README's usage snippet. */
  readonly usage: string;
  /** More files, by path in the package. */
  readonly extraFiles?: readonly (readonly [string, string])[];
}
