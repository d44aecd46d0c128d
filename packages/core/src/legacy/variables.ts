// User variables of a legacy JSON template (packer.Core's validate and renderVarsRecursively): required ones must
// be given; then every value — template defaults overlaid by -var / -var-file values — is rendered as a `{{ }}`
// template in the variables section's context (env, vault, aws_secretsmanager… allowed), in sorted order and
// over up to 100 passes, so that variables may use each other (`{{user `a`}}-x`) in any order.
import { randomUUID } from 'node:crypto';
import { interpolate, type InterpolateContext } from '@tspacker/sdk/interpolate/index.js';

/** interpolate.ErrVariableNotSetString: an exec error with it is retried in a later pass. */
const VARIABLE_NOT_SET = 'Error: variable not set:';
/** `{{ .Field }}` actions are left for the components to render later (renderFilter). */
const FIELD_ACTION = /\{\{(\s|)\.(.*?)(\s|)\}\}/g;
/** A value that still uses another user variable is rendered again in the next pass (isDoneInterpolating). */
const USES_USER_VARIABLE = /\{\{\s*user\s*`.*`\s*\}\}/;

/** Go's text/template ExecError (as opposed to a parse error): "template: root:1:2: executing ...". */
function isExecError(message: string): boolean {
  return /^template: [^:]*:\d+:\d+: executing /.test(message);
}

/** interpolate.RenderRegex: renders `text` once, keeping what `pattern` matches as it is. */
export function renderKeeping(text: string, ctx: InterpolateContext, pattern: RegExp): string {
  const kept = new Map<string, string>();
  let masked = text;
  for (const match of text.matchAll(pattern)) {
    const id = randomUUID();
    kept.set(id, match[0]);
    masked = masked.replaceAll(match[0], id);
  }
  let rendered = interpolate(masked, ctx);
  for (const [id, original] of kept) rendered = rendered.replaceAll(id, original);
  return rendered;
}

export interface RenderVariablesOptions {
  /** Template defaults (required ones excluded), by name. */
  readonly defaults: ReadonlyMap<string, string>;
  /** -var / -var-file values; they win over defaults. Updated in place with the rendered values. */
  readonly variables: Record<string, string>;
  /** The template's context (template path, version, env, cwd, secrets providers) without user variables. */
  readonly context: InterpolateContext;
}

/** renderVarsRecursively: the rendered values in `options.variables`, or Packer's error text. */
export function renderUserVariables(options: RenderVariablesOptions): string | undefined {
  const { variables } = options;
  const ctx: { -readonly [K in keyof InterpolateContext]: InterpolateContext[K] } = {
    ...options.context,
    enableEnv: true,
    userVariables: {},
  };
  const pending: { key: string; value: string }[] = [];
  const keys: string[] = [];
  const values = new Map<string, string>();
  for (const [k, v] of options.defaults) {
    values.set(k, v);
    keys.push(k);
  }
  for (const [k, v] of Object.entries(variables)) {
    values.set(k, v);
    keys.push(k);
  }
  // Go sorts the keys (a name given both ways appears twice, rendered twice to the same value).
  for (const k of keys.sort()) pending.push({ key: k, value: values.get(k)! });

  let shouldRetry = true;
  let changed = false;
  let failed = '';
  for (let pass = 0; pass < 100; pass++) {
    shouldRetry = false;
    changed = false;
    const done = new Set<string>();
    for (const { key, value } of pending) {
      let rendered: string;
      try {
        rendered = renderKeeping(value, ctx, FIELD_ACTION);
      } catch (e) {
        const message = (e as Error).message;
        if (!isExecError(message)) return `error interpolating default value for '${key}': ${message}`;
        if (!message.includes(VARIABLE_NOT_SET)) return message;
        shouldRetry = true;
        failed = `"${key}": "${value}"; error: ${message}`;
        continue;
      }
      changed = true;
      setVariable(variables, key, rendered);
      // Go points the context at the variables map itself (no copy): later renders see every value set since.
      ctx.userVariables = variables;
      if (USES_USER_VARIABLE.test(value)) shouldRetry = true;
      else done.add(key);
    }
    if (!shouldRetry) break;
    // Go removes only the first entry of each finished name.
    for (const key of done) pending.splice(pending.findIndex((p) => p.key === key), 1);
  }
  if (!changed && shouldRetry) {
    return (
      `Failed to interpolate ${failed}: Please make sure that the variable you're referencing has been defined; ` +
      'Packer treats all variables used to interpolate other user variables as required.'
    );
  }
  return undefined;
}

function setVariable(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
