// Packer's template functions (packer-plugin-sdk template/interpolate/funcs.go), with its error texts.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { strftime } from '@tspacker/hcl/functions/datetime.js';
import { format as formatGoTime, fromDate, RFC3339 } from '@tspacker/hcl/functions/go-time.js';
import { externalFunctions } from '@tspacker/hcl/functions/external.js';
import { nullVal, stringVal, StringType } from '@tspacker/hcl';
import type { InterpolateContext } from './context.js';
import { FunctionError } from './exec.js';
import type { TemplateFunction } from './exec.js';
import type { GoValue } from './values.js';

/** Packer's packerbuilderdata.PlaceholderMsg: generated-data values holding it are not known yet. */
export const PLACEHOLDER_MSG = 'To set this dynamically in the Packer template, you must use the `build` function';

/** Packer core's BuilderDataCommonKeys: the generated data every builder may provide. */
export const BUILDER_DATA_COMMON_KEYS: readonly string[] = [
  'ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPPort', 'PackerHTTPIP',
  'PackerHTTPAddr', 'SSHPublicKey', 'SSHPrivateKey', 'WinRMPassword',
];

/**
 * Packer's BasicPlaceholderData: the data provisioners are prepared with before the build runs, so that
 * `{{ build \`ID\` }}` renders as `{{.ID}}` (kept for the second rendering at provision time).
 */
export function basicPlaceholderData(): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key of BUILDER_DATA_COMMON_KEYS) data[key] = `Build_${key}. ${PLACEHOLDER_MSG}`;
  data['WinRMPassword'] = '{{.WinRMPassword}}'; // backwards compatibility in Packer
  return data;
}

/** Process start time: Packer renders one constant time for the whole run. */
const INIT_TIME = new Date();

const str = (v: string): GoValue => ({ t: 'string', v });
const arg = (a: GoValue[], i: number): string => (a[i] as { v: string }).v;
const intArg = (a: GoValue[], i: number): number => (a[i] as { v: number }).v;

function fn(params: TemplateFunction['params'], call: (a: GoValue[]) => string, variadic?: 'string'): TemplateFunction {
  return { params, variadic, call: (a) => str(call(a)) };
}
const fail = (msg: string): never => {
  throw new FunctionError(msg);
};

/** Go's strings.Split: an empty separator splits after each UTF-8 sequence. */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return Array.from(s);
  return s.split(sep);
}

/** Go's strings.Replace(s, old, new, n); n < 0 means all. */
export function goReplace(s: string, old: string, replacement: string, n: number): string {
  if (old === replacement || n === 0) return s;
  if (old === '') {
    // Matches at the start and after each UTF-8 sequence.
    const chars = Array.from(s);
    let out = '';
    let done = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (n < 0 || done < n) {
        out += replacement;
        done++;
      }
      if (i < chars.length) out += chars[i];
    }
    return out;
  }
  let out = '';
  let from = 0;
  for (let done = 0; n < 0 || done < n; done++) {
    const at = s.indexOf(old, from);
    if (at < 0) break;
    out += s.slice(from, at) + replacement;
    from = at + old.length;
  }
  return out + s.slice(from);
}

/** Go's unicode.ToUpper/ToLower per rune: one-to-one mappings only (no "ß" → "SS"). */
function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = f(c);
    out += Array.from(m).length === 1 ? m : c;
  }
  return out;
}

/** Packer's uuid.TimeOrderedUUID: 8 hex digits of unix time then 96 random bits. */
export function timeOrderedUUID(now: Date = new Date()): string {
  const unix = (Math.floor(now.getTime() / 1000) >>> 0).toString(16).padStart(8, '0');
  const b = randomBytes(12).toString('hex');
  return `${unix}-${b.slice(0, 4)}-${b.slice(4, 8)}-${b.slice(8, 12)}-${b.slice(12, 16)}${b.slice(16)}`;
}

/** The functions Packer's interpolate.Funcs(ctx) provides for this context. */
export function packerFunctions(ctx: InterpolateContext): Map<string, TemplateFunction> {
  const now = ctx.now ?? INIT_TIME;
  const cwd = ctx.cwd ?? process.cwd();
  const json = ctx.mode === 'json';
  const enableEnv = json && ctx.enableEnv === true;
  const userVariables = json ? ctx.userVariables : undefined;
  const templatePath = json ? ctx.templatePath : undefined;
  const env = ctx.env ?? process.env;

  const fns = new Map<string, TemplateFunction>([
    ['build_name', fn([], () => ctx.buildName || fail('build_name not available'))],
    ['build_type', fn([], () => ctx.buildType || fail('build_type not available'))],
    ['env', fn(['string'], (a) => (enableEnv ? env[arg(a, 0)] ?? '' : fail('env vars are not allowed here')))],
    ['isotime', fn([], (a) => {
      if (a.length > 1) fail(`too many values, 1 needed: [${a.map((_, i) => arg(a, i)).join(' ')}]`);
      return formatGoTime(fromDate(now), a.length === 0 ? RFC3339 : arg(a, 0));
    }, 'string')],
    ['strftime', fn(['string'], (a) => strftime(arg(a, 0), fromDate(now)))],
    ['pwd', fn([], () => cwd)],
    ['split', fn(['string', 'string', 'int'], (a) => {
      const sep = arg(a, 1);
      const i = intArg(a, 2);
      const parts = goSplit(arg(a, 0), sep);
      if (parts.length <= i) {
        fail(`the substring ${i} was unavailable using the separator value, ${sep}, only ${parts.length} values were found`);
      }
      // Go would panic on a negative index; Packer reports it as a failed call.
      if (i < 0) fail(`runtime error: index out of range [${i}]`);
      return parts[i]!;
    })],
    ['template_dir', fn([], () => {
      if (!templatePath) fail('template path not available');
      return path.resolve(cwd, path.dirname(templatePath!));
    })],
    ['timestamp', fn([], () => String(Math.floor(now.getTime() / 1000)))],
    ['uuid', fn([], () => timeOrderedUUID())],
    ['user', fn(['string'], (a) => {
      if (!userVariables) fail('test'); // Packer's literal message when no user variables were given
      const k = arg(a, 0);
      const has = Object.prototype.hasOwnProperty.call(userVariables, k);
      if (enableEnv && !has) fail(`Error: variable not set: ${k}`);
      return has ? userVariables![k]! : '';
    })],
    ['packer_version', fn([], () => ctx.coreVersion || fail('packer_version not available'))],
    ['consul_key', fn(['string'], (a) => {
      if (!enableEnv) fail('consul_key is not allowed here');
      return external(ctx, 'consul_key', [arg(a, 0)]);
    })],
    ['vault', fn(['string', 'string'], (a) => {
      if (!enableEnv) fail('Vault vars are only allowed in the variables section');
      return external(ctx, 'vault', [arg(a, 0), arg(a, 1)]);
    })],
    ['aws_secretsmanager', fn([], (a) => {
      if (!enableEnv) fail('AWS Secrets Manager is only allowed in the variables section');
      if (a.length === 0) fail('secret name must be provided');
      if (a.length > 2) fail('only secret name and optional secret key can be provided.');
      return external(ctx, 'aws_secretsmanager', [arg(a, 0), a.length === 2 ? arg(a, 1) : null]);
    }, 'string')],
    ['aws_secretsmanager_raw', fn(['string'], (a) => {
      if (!enableEnv) fail('AWS Secrets Manager is only allowed in the variables section');
      return external(ctx, 'aws_secretsmanager_raw', [arg(a, 0)]);
    })],
    ['sed', fn(['string', 'string'], () =>
      fail('template function `sed` is deprecated use `replace` or `replace_all` instead.Documentation: https://www.packer.io/docs/templates/engine'))],
    ['build', fn(['string'], (a) => buildValue(ctx, arg(a, 0)))],
    ['replace', fn(['string', 'string', 'int', 'string'], (a) => goReplace(arg(a, 3), arg(a, 0), arg(a, 1), intArg(a, 2)))],
    ['replace_all', fn(['string', 'string', 'string'], (a) => goReplace(arg(a, 2), arg(a, 0), arg(a, 1), -1))],
    ['upper', fn(['string'], (a) => mapRunes(arg(a, 0), (c) => c.toUpperCase()))],
    ['lower', fn(['string'], (a) => mapRunes(arg(a, 0), (c) => c.toLowerCase()))],
  ]);
  for (const [name, f] of Object.entries(ctx.funcs ?? {})) {
    fns.set(name, {
      params: Array.from({ length: f.length }, () => 'string' as const),
      call: (a) => {
        try {
          return str(f(...a.map((_, i) => arg(a, i))));
        } catch (e) {
          throw new FunctionError(e instanceof Error ? e.message : String(e));
        }
      },
    });
  }
  return fns;
}

/**
 * consul_key, vault and the AWS Secrets Manager functions of a JSON template's variables section: the same lookups
 * (and messages) as HCL2's functions of those names (Packer's commontpl), through the context's secrets provider.
 */
function external(ctx: InterpolateContext, name: string, args: readonly (string | null)[]): string {
  const fns = externalFunctions({ secrets: ctx.secrets, env: ctx.env });
  try {
    return fns[name]!.impl(args.map((v) => (v === null ? nullVal(StringType) : stringVal(v))), StringType).asString();
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/** `build KEY`: generated data; a value still holding the placeholder renders as `{{.KEY}}` for a later pass. */
function buildValue(ctx: InterpolateContext, key: string): string {
  if (!ctx.data || ctx.dataType !== undefined) {
    fail(`Error validating build variable: the given variable ${key} will not be passed into your plugin.`);
  }
  const v = Object.prototype.hasOwnProperty.call(ctx.data, key) ? ctx.data![key] : undefined;
  if (typeof v !== 'string') fail(`loaded data, but couldnt find ${key} in it.`);
  return (v as string).includes(PLACEHOLDER_MSG) ? `{{.${key}}}` : (v as string);
}
