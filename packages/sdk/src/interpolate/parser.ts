// Go text/template's parser (text/template/parse/parse.go semantics and messages) for the subset Packer templates
// use: text, actions, pipelines, parenthesised pipelines, variables, if/else/range/with/break/continue/end.
// `define`, `template` and `block` (named templates) are reported as not supported.
import type {
  ActionNode, BoolNode, ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode,
  StringNode, VariableNode,
} from './ast.js';
import { nodeString } from './ast.js';
import { InterpolateError } from './errors.js';
import { goQuote, lex, tokenString } from './lexer.js';
import type { Token, TokenType } from './lexer.js';
import { unquoteChar, unquoteGo } from './strconv.js';

/** Internal markers for `{{end}}` and `{{else}}` returned by itemList. */
interface EndMarker { kind: 'end'; pos: number }
interface ElseMarker { kind: 'else'; pos: number; line: number }
type ListItem = Node | EndMarker | ElseMarker;

export interface ParseOptions {
  /** Template name used in messages; Packer's is "root". */
  readonly name?: string;
  /** Functions the template may call; any other identifier is `function "x" not defined`. */
  readonly functions: ReadonlySet<string>;
}

/** Parses a template; throws InterpolateError with Go's message on a syntax error. */
export function parseTemplate(text: string, options: ParseOptions): ListNode {
  return new Parser(text, options).parse();
}

const OPERAND_START = new Set<TokenType>([
  'bool', 'charConstant', 'complex', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable',
  'leftParen',
]);

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private last: Token;
  private readonly name: string;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(text: string, private readonly options: ParseOptions) {
    this.tokens = lex(text);
    this.last = this.tokens[0]!;
    this.name = options.name ?? 'root';
  }

  parse(): ListNode {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.index;
        this.next();
        if (this.nextNonSpace().type === 'define') this.notSupported('define');
        this.index = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected {{${n.kind}}}`);
      root.nodes.push(n as Node);
    }
    return root;
  }

  // ---- token stream ----------------------------------------------------------------------------------------------
  private next(): Token {
    const t = this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
    this.index++;
    this.last = t;
    return t;
  }
  private backup(): void {
    this.index--;
  }
  private peek(): Token {
    const t = this.next();
    this.backup();
    return t;
  }
  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next(); while (t.type === 'space');
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- errors ----------------------------------------------------------------------------------------------------
  private errorf(msg: string): never {
    throw new InterpolateError(`template: ${this.name}:${this.last.line}: ${msg}`);
  }
  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }
  private notSupported(what: string): never {
    this.errorf(`{{${what}}} is not supported by tspacker's template engine`);
  }

  // ---- grammar ---------------------------------------------------------------------------------------------------
  private itemList(): { list: ListNode; next: EndMarker | ElseMarker } {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return { list, next: n };
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): ListItem {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): ListItem {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block': this.notSupported('block'); break;
      case 'template': this.notSupported('template'); break;
      case 'define': this.notSupported('define'); break;
      case 'break': return this.loopControl(t, 'break');
      case 'continue': return this.loopControl(t, 'continue');
      case 'else': return this.elseControl();
      case 'end': return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if': return this.control('if');
      case 'range': return this.control('range');
      case 'with': return this.control('with');
    }
    this.backup();
    const peek = this.peek();
    const pipe = this.pipeline('command', 'rightDelim');
    const action: ActionNode = { kind: 'action', pos: peek.pos, line: peek.line, pipe };
    return action;
  }

  private loopControl(t: Token, which: 'break' | 'continue'): Node {
    const close = this.nextNonSpace();
    if (close.type !== 'rightDelim') this.unexpected(close, `{{${which}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${which}}} outside {{range}}`);
    return { kind: which, pos: t.pos };
  }

  private elseControl(): ElseMarker {
    const peek = this.peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos, line: peek.line };
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos, line: t.line };
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const { list, next } = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.kind === 'else') {
        const peek = this.peek();
        if ((context === 'if' && peek.type === 'if') || (context === 'with' && peek.type === 'with')) {
          // "{{else if x}}" is "{{else}}{{if x}}...{{end}}" sharing the outer {{end}}.
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.control(context)] };
        } else {
          const rest = this.itemList();
          if (rest.next.kind !== 'end') this.errorf('expected end; found {{else}}');
          elseList = rest.list;
        }
      }
      return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private pipeline(context: string, end: TokenType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    // Declarations: "$x :=", "$x =", or in range "$i, $e :=".
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const vIndex = this.index;
      this.next();
      const nextTok = this.peekNonSpace();
      if (nextTok.type === 'assign' || nextTok.type === 'declare') {
        pipe.isAssign = nextTok.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        break;
      }
      if (nextTok.type === 'char' && nextTok.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ kind: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.index = vIndex;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (OPERAND_START.has(t.type)) {
        this.backup();
        pipe.cmds.push(this.command());
        continue;
      }
      this.unexpected(t, context);
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]!.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().type === 'field') {
      const fields: string[] = [];
      const pos = this.peek().pos;
      while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
      switch (node.kind) {
        case 'field':
          node = { kind: 'field', pos, ident: [...node.ident, ...fields] } satisfies FieldNode;
          break;
        case 'variable':
          node = { kind: 'variable', pos, ident: [...node.ident, ...fields] } satisfies VariableNode;
          break;
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          this.errorf(`unexpected . after term ${goQuoteNode(node)}`);
          break;
        default:
          node = { kind: 'chain', pos, node, field: fields } satisfies ChainNode;
      }
    }
    return node;
  }

  private term(): Node | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.options.functions.has(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, ident: t.val } satisfies IdentifierNode;
      case 'dot': return { kind: 'dot', pos: t.pos };
      case 'nil': return { kind: 'nil', pos: t.pos };
      case 'variable': return this.useVar(t);
      case 'field': return { kind: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool': return { kind: 'bool', pos: t.pos, value: t.val === 'true' } satisfies BoolNode;
      case 'charConstant': case 'complex': case 'number': return this.number(t);
      case 'leftParen': return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string': case 'rawString': {
        const text = unquoteGo(t.val);
        if (text === undefined) this.errorf('invalid syntax');
        return { kind: 'string', pos: t.pos, quoted: t.val, text } satisfies StringNode;
      }
    }
    this.backup();
    return undefined;
  }

  private useVar(t: Token): VariableNode {
    const ident = t.val.split('.');
    if (!this.vars.includes(ident[0]!)) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
    return { kind: 'variable', pos: t.pos, ident };
  }

  private number(t: Token): NumberNode {
    const n: NumberNode = {
      kind: 'number', pos: t.pos, text: t.val, isInt: false, isUint: false, isFloat: false, isComplex: false,
      int: 0n, float: 0,
    };
    if (t.type === 'charConstant') {
      const r = unquoteChar(t.val.slice(1), "'");
      if (r === undefined) this.errorf('invalid syntax');
      if (r.tail !== "'") this.errorf(`malformed character constant: ${t.val}`);
      return { ...n, isInt: true, isUint: true, isFloat: true, int: BigInt(r.value), float: r.value };
    }
    const imaginary = t.val.endsWith('i') && parseGoFloat(t.val.slice(0, -1)) !== undefined;
    if (t.type === 'complex' || imaginary) this.errorf(`complex number ${t.val} is not supported by tspacker's template engine`);
    const i = parseGoInt(t.val);
    if (i !== undefined) {
      const isInt = i >= -(2n ** 63n) && i < 2n ** 63n;
      const isUint = i >= 0n && i < 2n ** 64n;
      if (isInt || isUint) return { ...n, isInt, isUint, isFloat: true, int: i, float: Number(i) };
    }
    const f = parseGoFloat(t.val);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(t.val) || (i !== undefined)) this.errorf(`integer overflow: ${goQuote(t.val)}`);
      const whole = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
      return { ...n, isFloat: true, float: f, isInt: whole, isUint: whole && f >= 0, int: whole ? BigInt(f) : 0n };
    }
    this.errorf(`illegal number syntax: ${goQuote(t.val)}`);
  }
}

function goQuoteNode(n: Node): string {
  return JSON.stringify(nodeString(n));
}

function underscoreOK(text: string): boolean {
  let s = text;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let saw = '^';
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(text, 0, ...) without the range check; undefined on a syntax error. */
export function parseGoInt(text: string): bigint | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  let s = text.replace(/_/g, '');
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let re = /^[0-9]+$/;
  let prefix = '';
  if (/^0[xX]/.test(s)) { re = /^[0-9a-fA-F]+$/; prefix = '0x'; s = s.slice(2); }
  else if (/^0[bB]/.test(s)) { re = /^[01]+$/; prefix = '0b'; s = s.slice(2); }
  else if (/^0[oO]/.test(s)) { re = /^[0-7]+$/; prefix = '0o'; s = s.slice(2); }
  else if (/^0[0-9]/.test(s)) { re = /^[0-7]+$/; prefix = '0o'; s = s.slice(1); }
  if (!re.test(s)) return undefined;
  const v = BigInt(prefix + s);
  return neg ? -v : v;
}

/** strconv.ParseFloat(text, 64) for decimal and hex floats; undefined on a syntax error. */
export function parseGoFloat(text: string): number | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  const hex = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (hex) {
    const [, int = '', frac = '', exp = '0'] = hex;
    if (int === '' && frac === '') return undefined;
    const mant = parseInt(int + frac || '0', 16);
    return sign * mant * 2 ** (Number(exp) - 4 * frac.length);
  }
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return undefined;
  return sign * Number(s);
}
