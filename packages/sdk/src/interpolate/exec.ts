// Go text/template's executor (text/template/exec.go semantics and messages) over the parse tree: evaluates
// pipelines against the data ("dot"), calls functions with Go's argument checks, and writes values as fmt does.
import type { ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode, VariableNode } from './ast.js';
import { nodeString } from './ast.js';
import { InterpolateError } from './errors.js';
import { formatValue, INVALID, isTrue, NIL, fromJS, typeName } from './values.js';
import type { GoValue } from './values.js';

/** Go parameter types a template function declares: `value` is reflect.Value (builtins), `any` is interface{}. */
export type ParamType = 'string' | 'int' | 'bool' | 'any' | 'value';

export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** Type of a trailing `...T` parameter. */
  readonly variadic?: ParamType;
  /** Throw FunctionError for Go's returned error; the message becomes `error calling NAME: MSG`. */
  call(args: GoValue[]): GoValue;
}

/** The error a template function returns (Go's `(string, error)`). */
export class FunctionError extends Error {}

/** Thrown inside a function to report Go's text verbatim, without the `error calling` wrapper. */
export class ExecFailure extends Error {}

export interface ExecOptions {
  readonly name: string;
  readonly text: string;
  readonly functions: ReadonlyMap<string, TemplateFunction>;
}

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

interface Variable { name: string; value: GoValue }

/** Executes a parsed template against `data` and returns the output. Throws InterpolateError. */
export function execute(root: ListNode, data: GoValue, options: ExecOptions): string {
  return new State(options, data).run(root);
}

class State {
  private out = '';
  private node: Node | undefined;
  private vars: Variable[];

  constructor(private readonly options: ExecOptions, data: GoValue) {
    this.vars = [{ name: '$', value: data }];
  }

  run(root: ListNode): string {
    this.walk(this.vars[0]!.value, root);
    return this.out;
  }

  // ---- errors ----------------------------------------------------------------------------------------------------
  private at(n: Node): void {
    this.node = n;
  }

  errorf(msg: string): never {
    const name = this.options.name;
    if (!this.node) throw new InterpolateError(`template: ${name}: ${msg}`);
    const text = this.options.text.slice(0, this.node.pos);
    const nl = text.lastIndexOf('\n');
    const lineNum = 1 + (text.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(nl < 0 ? text : text.slice(nl + 1), 'utf8');
    throw new InterpolateError(
      `template: ${name}:${lineNum}:${col}: executing ${JSON.stringify(name)} at <${nodeString(this.node)}>: ${msg}`,
    );
  }

  // ---- walking ---------------------------------------------------------------------------------------------------
  private walk(dot: GoValue, node: Node): void {
    this.at(node);
    switch (node.kind) {
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node);
          this.out += formatValue(val);
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        try {
          const val = this.evalPipeline(dot, node.pipe);
          if (isTrue(val)) this.walk(node.kind === 'with' ? val : dot, node.list);
          else if (node.elseList) this.walk(dot, node.elseList);
        } finally {
          this.vars.length = mark;
        }
        return;
      }
      case 'range':
        this.walkRange(dot, node.pipe, node.list, node.elseList);
        return;
      case 'break':
      case 'continue':
        throw new LoopSignal(node.kind);
    }
    this.errorf(`unknown node: ${nodeString(node)}`);
  }

  private walkRange(dot: GoValue, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, pipe);
      const mark2 = this.vars.length;
      const items: Array<[GoValue, GoValue]> = [];
      switch (val.t) {
        case 'slice':
          val.v.forEach((e, i) => items.push([{ t: 'int', v: i }, fromJS(e)]));
          break;
        case 'map':
          for (const k of Object.keys(val.v).sort()) items.push([{ t: 'string', v: k }, fromJS(val.v[k])]);
          break;
        case 'int':
          if (pipe.decl.length > 1) this.errorf(`can't use ${val.v} to iterate over more than one variable`);
          for (let i = 0; i < val.v; i++) items.push([{ t: 'int', v: i }, { t: 'int', v: i }]);
          break;
        case 'invalid':
          break;
        default:
          this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      for (const [index, elem] of items) {
        if (pipe.decl.length > 0) {
          if (pipe.isAssign) this.setVar(pipe.decl[0]!.ident[0]!, pipe.decl.length > 1 ? index : elem);
          else this.vars[this.vars.length - 1]!.value = elem;
        }
        if (pipe.decl.length > 1) {
          if (pipe.isAssign) this.setVar(pipe.decl[1]!.ident[0]!, elem);
          else this.vars[this.vars.length - 2]!.value = index;
        }
        try {
          this.walk(elem, list);
        } catch (e) {
          if (!(e instanceof LoopSignal)) throw e;
          if (e.kind === 'break') break;
        } finally {
          this.vars.length = mark2;
        }
      }
      if (items.length === 0 && elseList) this.walk(dot, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  // ---- variables -------------------------------------------------------------------------------------------------
  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- evaluation ------------------------------------------------------------------------------------------------
  private evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value.t === 'nil') value = INVALID; // reflect.ValueOf(nil interface) is the invalid Value
    }
    const result = value ?? INVALID;
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, result);
      else this.vars.push({ name: v.ident[0]!, value: result });
    }
    return result;
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: GoValue | undefined): GoValue {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field': return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': return this.evalVariableNode(first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return { t: 'bool', v: first.value };
      case 'dot': return dot;
      case 'nil': this.errorf('nil is not a command');
      case 'number': return this.idealConstant(first);
      case 'string': return { t: 'string', v: first.text };
    }
    this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    const looksFloat = /[.eEpP]/.test(n.text) && !/^[+-]?0[xX]/.test(n.text) && !n.text.startsWith("'");
    if (n.isFloat && looksFloat) return { t: 'float', v: n.float };
    if (n.isInt) {
      if (n.int < -(2n ** 63n) || n.int >= 2n ** 63n) this.errorf(`${n.text} overflows int`);
      return { t: 'int', v: Number(n.int) };
    }
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return INVALID;
  }

  private notAFunction(args: readonly Node[], final: GoValue | undefined): void {
    if (args.length > 1 || final !== undefined) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly Node[], final: GoValue | undefined): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, field.ident, args, final);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly Node[], final: GoValue | undefined): GoValue {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(pipe, chain.field, args, final);
  }

  private evalVariableNode(v: VariableNode, args: readonly Node[], final: GoValue | undefined): GoValue {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(receiver: GoValue, ident: readonly string[], args: readonly Node[], final: GoValue | undefined): GoValue {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(ident[i]!, [], undefined, r);
    return this.evalField(ident[ident.length - 1]!, args, final, r);
  }

  private evalField(name: string, args: readonly Node[], final: GoValue | undefined, receiver: GoValue): GoValue {
    if (receiver.t === 'invalid') return INVALID;
    const hasArgs = args.length > 1 || final !== undefined;
    if (receiver.t === 'nil') this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (receiver.t === 'struct' && Object.prototype.hasOwnProperty.call(receiver.v, name)) {
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return fromJS(receiver.v[name]);
    }
    if (receiver.t === 'map') {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return Object.prototype.hasOwnProperty.call(receiver.v, name) ? fromJS(receiver.v[name]) : INVALID;
    }
    this.errorf(`can't evaluate field ${name} in type ${typeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: Node, args: readonly Node[], final: GoValue | undefined): GoValue {
    this.at(node);
    const fn = this.options.functions.get(node.ident);
    if (!fn) this.errorf(`${JSON.stringify(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.ident, args, final);
  }

  private evalCall(
    dot: GoValue, fn: TemplateFunction, node: Node, name: string, allArgs: readonly Node[], final: GoValue | undefined,
  ): GoValue {
    const args = allArgs.slice(1);
    const numIn = args.length + (final !== undefined ? 1 : 0);
    const numParams = fn.params.length + (fn.variadic ? 1 : 0);
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== numParams) {
      this.errorf(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }
    if (name === 'and' || name === 'or') {
      // Short-circuit builtins: evaluate arguments only until the result is known.
      let v: GoValue = INVALID;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== undefined) v = final;
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fn.params[i]!, args[i]!));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i]!));
    if (final !== undefined) {
      const t = fn.variadic && numIn - 1 >= numFixed ? fn.variadic : (fn.params[numIn - 1] ?? fn.variadic!);
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (e instanceof FunctionError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      if (e instanceof ExecFailure) this.errorf(e.message);
      throw e;
    }
  }

  private evalArg(dot: GoValue, typ: ParamType | undefined, n: Node): GoValue {
    this.at(n);
    switch (n.kind) {
      case 'dot': return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'any') return NIL;
        if (typ === 'value' || typ === undefined) return INVALID;
        this.errorf(`cannot assign nil to ${typ}`);
      case 'field': return this.validateType(this.evalFieldNode(dot, n, [n], undefined), typ);
      case 'variable': return this.validateType(this.evalVariableNode(n, [], undefined), typ);
      case 'pipe': return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier': return this.validateType(this.evalFunction(dot, n, n, [n], undefined), typ);
      case 'chain': return this.validateType(this.evalChainNode(dot, n, [], undefined), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.kind === 'bool') return { t: 'bool', v: n.value };
        this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'int':
        if (n.kind === 'number' && n.isInt) {
          if (n.int < -(2n ** 63n) || n.int >= 2n ** 63n) this.errorf(`${n.text} overflows int`);
          return { t: 'int', v: Number(n.int) };
        }
        this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'string':
        if (n.kind === 'string') return { t: 'string', v: n.text };
        this.errorf(`expected string; found ${nodeString(n)}`);
      default:
        switch (n.kind) {
          case 'bool': return { t: 'bool', v: n.value };
          case 'number': return this.idealConstant(n);
          case 'string': return { t: 'string', v: n.text };
        }
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  private validateType(value: GoValue, typ: ParamType | undefined): GoValue {
    if (typ === undefined || typ === 'value') return value;
    if (value.t === 'invalid') {
      if (typ === 'any') return NIL;
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === 'any') return value;
    const want = typ === 'int' ? 'int' : typ;
    if (value.t !== want) this.errorf(`wrong type for value; expected ${typ}; got ${typeName(value)}`);
    return value;
  }
}
