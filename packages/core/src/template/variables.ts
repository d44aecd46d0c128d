// Input variables (types.variables.go): `variable` blocks and `variables {}` shorthand, their values from every
// source in precedence order (default < PKR_VAR_* < auto var files < -var-file < -var), type conversion with
// `optional()` defaults, and `validation` blocks. Packer keeps every assignment and uses the last one.
import {
  applyDefaults,
  bodyContent,
  bodyJustAttributes,
  bodyPartialContent,
  BoolType,
  convert,
  DynamicPseudoType,
  DynamicVal,
  evaluate,
  goQuote,
  hasErrors,
  makeEnvFunction,
  objectVal,
  packerFunctions,
  parseExpression,
  rangeToString,
  StringType,
  stringVal,
  typeConstraintWithDefaults,
  typeEquals,
  unknownVal,
  variables as exprVariables,
  type Attribute,
  type Block,
  type Body,
  type BodySchema,
  type Defaults,
  type Diagnostic,
  type EvalContext,
  type Expression,
  type Range,
  type Value,
} from '@tspacker/hcl';
import { identEnd } from '@tspacker/hcl/syntax/chars.js';
import { decodeExpression, decodeOptionalAttribute } from './decode-attributes.js';
import type { PackerConfig, ValueSource, Variable, VariableAssignment, VariableValidation } from './types.js';

/** The detail of every "not a valid identifier" diagnostic. */
export const badIdentifierDetail =
  'A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.';

/** hclsyntax.ValidIdentifier: (ID_Start | "_") (ID_Continue | "-")*. */
export function validIdentifier(name: string): boolean {
  return name.length > 0 && identEnd(name, 0) === name.length;
}

const variableBlockSchema: BodySchema = {
  attributes: [{ name: 'description' }, { name: 'default' }, { name: 'type' }, { name: 'sensitive' }],
  blocks: [{ type: 'validation' }],
};
const validationBlockSchema: BodySchema = {
  attributes: [
    { name: 'condition', required: true },
    { name: 'error_message', required: true },
  ],
};

/** Variable defaults may call `env()` and nothing else. */
export function variableDefaultContext(env: Readonly<Record<string, string | undefined>>): EvalContext {
  return { functions: new Map([['env', makeEnvFunction(env)]]) };
}

/** Variable.Value(): the last assignment, or unknown of the variable's type when there is none. */
export function variableValue(v: Variable): Value {
  const last = v.values[v.values.length - 1];
  return last ? last.value : unknownVal(v.type);
}

/** Variables.Values() as the `var`/`local` object. */
export function variablesObject(vars: ReadonlyMap<string, Variable>): Value {
  return objectVal([...vars].map(([k, v]) => [k, variableValue(v)] as [string, Value]));
}

/** Converts a value to a variable's type after applying `optional()` defaults; the error text on failure. */
function convertForVariable(v: Variable, value: Value): { value: Value; error?: string } {
  let val = value;
  if (v.typeDefaults && !val.isNull) val = applyDefaults(v.typeDefaults as Defaults, val);
  try {
    return { value: convert(val, v.type) };
  } catch (e) {
    return { value: DynamicVal, error: (e as Error).message };
  }
}

/** decodeVariableBlock: one `variable "NAME" {}` block into config.inputVariables. */
export function decodeVariableBlock(config: PackerConfig, block: Block, ectx: EvalContext): Diagnostic[] {
  const name = block.labels[0]!;
  if (config.inputVariables.has(name)) {
    return [{ severity: 'error', summary: 'Duplicate variable', detail: `Duplicate ${name} variable definition found.`, context: block.defRange }];
  }
  const { content, diags } = bodyContent(block.body, variableBlockSchema);
  if (!validIdentifier(name)) {
    diags.push({ severity: 'error', summary: 'Invalid variable name', detail: badIdentifierDetail, subject: block.labelRanges[0] });
  }
  const v: Variable = { name, range: block.defRange, type: DynamicPseudoType, description: '', sensitive: false, values: [], validations: [] };
  const description = decodeOptionalAttribute(content, 'description', 'string', undefined, diags);
  const typeAttr = content.attributes.get('type');
  if (typeAttr) {
    const t = typeConstraintWithDefaults(typeAttr.expr);
    diags.push(...t.diags);
    if (hasErrors(t.diags)) return diags;
    v.type = t.type;
    if (t.defaults) v.typeDefaults = t.defaults;
  }
  v.sensitive = decodeOptionalAttribute(content, 'sensitive', 'bool', undefined, diags);
  const def = content.attributes.get('default');
  if (def) {
    const r = evaluate(def.expr, ectx);
    diags.push(...r.diags);
    if (hasErrors(r.diags)) return diags;
    const converted = convertForVariable(v, r.value);
    if (converted.error !== undefined) {
      diags.push({
        severity: 'error',
        summary: 'Invalid default value for variable',
        detail: `This default value is not compatible with the variable's type constraint: ${converted.error}.`,
        subject: def.expr.range,
      });
    }
    v.values.push({ from: 'default', value: converted.value, expr: def.expr, range: def.expr.range });
    // Without a type, the default's type becomes the variable's, except for `{}` and `[]`.
    const t = converted.value.type;
    const emptyStructural = (t.kind === 'object' && t.attributes.size === 0) || (t.kind === 'tuple' && t.elements.length === 0);
    if (v.type.kind === 'dynamic' && !emptyStructural) v.type = t;
  }
  const validations: VariableValidation[] = [];
  for (const b of content.blocks) {
    if (b.type !== 'validation') continue;
    const r = decodeValidationBlock(name, b);
    diags.push(...r.diags);
    if (r.validation) validations.push(r.validation);
  }
  config.inputVariables.set(name, { ...v, description, validations });
  return diags;
}

/** decodeVariable: one attribute of a `variables {}` block; its value is the default and gives the type. */
export function decodeVariableAttribute(config: PackerConfig, name: string, attr: Attribute, ectx: EvalContext): Diagnostic[] {
  if (config.inputVariables.has(name)) {
    return [{ severity: 'error', summary: 'Duplicate variable', detail: `Duplicate ${name} variable definition found.`, subject: attr.nameRange }];
  }
  const { value, diags } = evaluate(attr.expr, ectx);
  if (hasErrors(diags)) return diags;
  config.inputVariables.set(name, {
    name,
    type: value.type,
    description: '',
    sensitive: false,
    values: [{ from: 'default', value, expr: attr.expr, range: attr.expr.range }],
    validations: [],
    range: attr.range,
  });
  return diags;
}

/** decodeVariableValidationBlock: the condition may refer to `var.<self>` only. */
function decodeValidationBlock(varName: string, block: Block): { validation?: VariableValidation; diags: Diagnostic[] } {
  const { content, diags } = bodyContent(block.body, validationBlockSchema);
  const condition = content.attributes.get('condition');
  if (condition) {
    let goodRefs = 0;
    for (const traversal of exprVariables(condition.expr)) {
      const step = traversal[1];
      if (traversal[0]?.kind === 'root' && traversal[0].name === 'var' && step?.kind === 'attr' && step.name === varName) {
        goodRefs++;
        continue;
      }
      diags.push({
        severity: 'error',
        summary: 'Invalid reference in variable validation',
        detail: `The condition for variable ${goQuote(varName)} can only refer to the variable itself, using var.${varName}.`,
        subject: traversalRange(traversal),
      });
    }
    if (goodRefs < 1) {
      diags.push({
        severity: 'error',
        summary: 'Invalid variable validation condition',
        detail: `The condition for variable ${goQuote(varName)} must refer to var.${varName} in order to test incoming values.`,
        subject: condition.expr.range,
      });
    }
  }
  let errorMessage = '';
  const message = content.attributes.get('error_message');
  if (message) {
    const r = decodeExpression(message.expr, undefined, 'string');
    diags.push(...r.diags);
    if (!hasErrors(r.diags)) {
      errorMessage = r.value;
      const summary = 'Invalid validation error message';
      if (errorMessage === '') {
        diags.push({ severity: 'error', summary, detail: 'An empty string is not a valid nor useful error message.', subject: message.expr.range });
      } else if (!looksLikeSentences(errorMessage)) {
        diags.push({
          severity: 'error',
          summary,
          detail:
            'Validation error message must be at least one full sentence starting with an uppercase letter ( if the alphabet permits it ) and ending with a period or question mark.',
          subject: message.expr.range,
        });
      }
    }
  }
  if (!condition) return { diags };
  return { validation: { condition: condition.expr, errorMessage, range: block.defRange }, diags };
}

function traversalRange(traversal: readonly { readonly range: Range }[]): Range {
  const first = traversal[0]!.range;
  const last = traversal[traversal.length - 1]!.range;
  return { filename: first.filename, start: first.start, end: last.end };
}

// A message must read as a sentence: an uppercase first letter (where the alphabet has case), final . ? or !.
function looksLikeSentences(s: string): boolean {
  const t = s.trim();
  if (t.length < 1) return false;
  const runes = [...t];
  const first = runes[0]!;
  const last = runes[runes.length - 1]!;
  if (/\p{L}/u.test(first) && !/\p{Lu}|\p{Lt}/u.test(first)) return false;
  return last === '.' || last === '?' || last === '!';
}

/** decodeInputVariables: the `variable` and `variables` blocks of one file body. */
export function decodeInputVariables(config: PackerConfig, blocks: readonly Block[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const ectx = variableDefaultContext(config.options.env);
  for (const block of blocks) {
    if (block.type === 'variable') diags.push(...decodeVariableBlock(config, block, ectx));
    else if (block.type === 'variables') {
      const attrs = bodyJustAttributes(block.body);
      diags.push(...attrs.diags);
      for (const [name, attr] of attrs.attributes) diags.push(...decodeVariableAttribute(config, name, attr, ectx));
    }
  }
  return diags;
}

const envPrefix = 'PKR_VAR_';

/** The zero range Go gives literal values that come from no file (a `-var` or `PKR_VAR_` string). */
const noRange: Range = { filename: '', start: { line: 0, column: 0, byte: 0 }, end: { line: 0, column: 0, byte: 0 } };

/**
 * expressionFromVariableDefinition: for string, number and untyped variables the text is taken literally;
 * other types parse it as an HCL expression (`["a", "b"]`, `{ k = "v" }`).
 */
function valueFromText(
  variable: Variable,
  text: string,
  filename: string,
): { value?: Value; expr?: Expression; range: Range; diags: Diagnostic[] } {
  const t = variable.type;
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'dynamic') return { value: stringVal(text), range: noRange, diags: [] };
  const parsed = parseExpression(text, filename);
  if (hasErrors(parsed.diags)) return { range: noRange, diags: parsed.diags };
  const r = evaluate(parsed.expr);
  return { value: r.value, expr: parsed.expr, range: parsed.expr.range, diags: [...parsed.diags, ...r.diags] };
}

function assign(variable: Variable, a: VariableAssignment): void {
  variable.values.push(a);
}

/**
 * collectInputVariableValues: PKR_VAR_* from the environment, then var files (auto ones first, already in
 * order), then `-var` arguments (the last one per name wins).
 */
export function collectInputVariableValues(config: PackerConfig, varFiles: readonly Body[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const vars = config.inputVariables;

  for (const [key, raw] of Object.entries(config.options.env)) {
    if (!key.startsWith(envPrefix) || raw === undefined) continue;
    const name = key.slice(envPrefix.length);
    const variable = vars.get(name);
    if (variable) assignFromText(variable, name, raw, 'env', diags);
  }

  for (const body of varFiles) {
    // Declaring a variable in a var file is a common mistake: say so instead of JustAttributes' message.
    const probe = bodyPartialContent(body, { blocks: [{ type: 'variable', labelNames: ['name'] }] });
    for (const block of probe.content.blocks) {
      const name = block.labels[0]!;
      diags.push({
        severity: 'error',
        summary: 'Variable declaration in a .pkrvar file',
        detail:
          `A .pkrvar file is used to assign values to variables that have already been declared in .pkr files, not to declare new variables. To declare variable ${goQuote(name)}, place this block in one of your .pkr files, such as variables.pkr.hcl\n\n` +
          `To set a value for this variable in ${block.typeRange.filename}, use the definition syntax instead:\n    ${name} = <value>`,
        subject: block.typeRange,
      });
    }
    if (hasErrors(diags)) return diags;

    const attrs = bodyJustAttributes(body);
    diags.push(...attrs.diags);
    for (const [name, attr] of attrs.attributes) {
      const variable = vars.get(name);
      if (!variable) {
        if (!config.options.warnOnUndeclaredVar) continue;
        diags.push({
          severity: 'warning',
          summary: 'Undefined variable',
          detail:
            `The variable ${goQuote(name)} was set but was not declared as an input variable.\n` +
            `To declare variable ${goQuote(name)} place this block in one of your .pkr.hcl files, such as variables.pkr.hcl\n\n` +
            `variable ${goQuote(name)} {\n  type    = string\n  default = null\n}`,
          context: attr.range,
        });
        continue;
      }
      const r = evaluate(attr.expr);
      diags.push(...r.diags);
      const converted = convertForVariable(variable, r.value);
      if (converted.error !== undefined) diags.push(incompatibleValue(name, converted.error, attr.expr.range));
      assign(variable, { from: 'varfile', value: converted.value, expr: attr.expr, range: attr.expr.range });
    }
  }

  // Packer keeps -var values in a map: the last one per name wins.
  const argVars = new Map<string, string>();
  for (const [name, value] of config.options.vars) argVars.set(name, value);
  for (const [name, text] of argVars) {
    const variable = vars.get(name);
    if (!variable) {
      diags.push({
        severity: 'error',
        summary: 'Undefined -var variable',
        detail: `A ${goQuote(name)} variable was passed in the command line but was not found in known variables. To declare variable ${goQuote(name)}, place this block in one of your .pkr files, such as variables.pkr.hcl`,
      });
      continue;
    }
    assignFromText(variable, name, text, 'cmd', diags);
  }
  return diags;
}

/**
 * Assigns a PKR_VAR_ or -var value: its text read as valueFromText does, converted to the variable's type (Packer
 * words a mismatch differently for the two).
 */
function assignFromText(variable: Variable, name: string, text: string, from: 'env' | 'cmd', diags: Diagnostic[]): void {
  const r = valueFromText(variable, text, `<value for var.${name} from ${from === 'env' ? 'env' : 'arguments'}>`);
  diags.push(...r.diags);
  if (r.value === undefined) return;
  const converted = convertForVariable(variable, r.value);
  if (converted.error !== undefined) {
    diags.push(
      from === 'env'
        ? incompatibleValue(name, converted.error, r.range)
        : {
            severity: 'error',
            summary: 'Invalid argument value for -var variable',
            detail: `The received arg value for ${name} is not compatible with the variable's type constraint: ${converted.error}.`,
          },
    );
  }
  assign(variable, { from, value: converted.value, range: r.range, ...(r.expr ? { expr: r.expr } : {}) });
}

/** A PKR_VAR_ or var file value that does not convert to the variable's type. */
function incompatibleValue(name: string, error: string, subject: Range): Diagnostic {
  return {
    severity: 'error',
    summary: 'Invalid value for variable',
    detail: `The value for ${name} is not compatible with the variable's type constraint: ${error}.`,
    subject,
  };
}

/** ValidateValues: every input variable must have a value; the final value must pass its validation rules. */
export function validateVariableValues(config: PackerConfig): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const v of config.inputVariables.values()) {
    const last = v.values[v.values.length - 1];
    if (!last) {
      diags.push({
        severity: 'error',
        summary: `Unset variable ${goQuote(v.name)}`,
        detail: 'A used variable must be set or have a default value; see https://packer.io/docs/templates/hcl_templates/syntax for details.',
        context: v.range,
      });
      continue;
    }
    diags.push(...validateAssignment(v, last));
  }
  return diags;
}

function validateAssignment(v: Variable, val: VariableAssignment): Diagnostic[] {
  if (v.validations.length === 0) return [];
  const diags: Diagnostic[] = [];
  const ctx: EvalContext = {
    variables: new Map([['var', objectVal({ [v.name]: val.value })]]),
    functions: packerFunctions({ baseDir: '' }),
  };
  const invalid = 'Invalid variable validation result';
  for (const rule of v.validations) {
    const r = evaluate(rule.condition, ctx);
    diags.push(...r.diags);
    let result = r.value;
    if (!result.isKnown) continue; // decided later, when the value is known
    if (result.isNull) {
      diags.push({
        severity: 'error',
        summary: invalid,
        detail: 'Validation condition expression must return either true or false, not null.',
        subject: rule.condition.range,
        expression: rule.condition,
        evalContext: ctx,
      });
      continue;
    }
    try {
      result = convert(result, BoolType);
    } catch (e) {
      diags.push({
        severity: 'error',
        summary: invalid,
        detail: `Invalid validation condition result value: ${(e as Error).message}.`,
        subject: rule.condition.range,
        expression: rule.condition,
        evalContext: ctx,
      });
      continue;
    }
    if (result.isKnown && !result.isNull && !result.asBool()) {
      diags.push({
        severity: 'error',
        summary: `Invalid value for ${val.from satisfies ValueSource} variable`,
        detail: `${rule.errorMessage}\n\nThis was checked by the validation rule at ${rangeToString(rule.range)}.`,
        subject: val.expr ? val.expr.range : (val.range ?? rule.range),
      });
    }
  }
  return diags;
}


/** Every known string inside a value (what Packer registers as secrets for sensitive variables). */
export function stringLeaves(value: Value): string[] {
  const out: string[] = [];
  const walk = (v: Value): void => {
    if (!v.isKnown || v.isNull) return;
    const k = v.type.kind;
    if (typeEquals(v.type, StringType)) out.push(v.asString());
    else if (k === 'list' || k === 'set' || k === 'tuple') v.asElements().forEach(walk);
    else if (k === 'map' || k === 'object') for (const e of v.asEntries().values()) walk(e);
  };
  walk(value);
  return out;
}
