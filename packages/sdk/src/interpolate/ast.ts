// The parse tree of a Go text/template (text/template/parse node.go), with Go's String() forms, which appear in
// execution error messages (`executing "root" at <split "a" "-" 3>`).
import { goQuote } from './lexer.js';

export type Node =
  | TextNode | ActionNode | IfNode | RangeNode | WithNode | ListNode
  | PipeNode | CommandNode | IdentifierNode | FieldNode | VariableNode | ChainNode
  | DotNode | NilNode | BoolNode | NumberNode | StringNode | LoopControlNode;

export interface ListNode { kind: 'list'; pos: number; nodes: Node[] }
export interface TextNode { kind: 'text'; pos: number; text: string }
export interface ActionNode { kind: 'action'; pos: number; line: number; pipe: PipeNode }
export interface BranchNode { pos: number; line: number; pipe: PipeNode; list: ListNode; elseList?: ListNode }
export interface IfNode extends BranchNode { kind: 'if' }
export interface RangeNode extends BranchNode { kind: 'range' }
export interface WithNode extends BranchNode { kind: 'with' }
export interface PipeNode { kind: 'pipe'; pos: number; line: number; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[] }
export interface CommandNode { kind: 'command'; pos: number; args: Node[] }
export interface IdentifierNode { kind: 'identifier'; pos: number; ident: string }
/** `.A.B` → ident ['A', 'B']. */
export interface FieldNode { kind: 'field'; pos: number; ident: string[] }
/** `$x.A` → ident ['$x', 'A']. */
export interface VariableNode { kind: 'variable'; pos: number; ident: string[] }
/** `(pipe).A.B` */
export interface ChainNode { kind: 'chain'; pos: number; node: Node; field: string[] }
/** `{{break}}` / `{{continue}}` inside a range. */
export interface LoopControlNode { kind: 'break' | 'continue'; pos: number }
export interface DotNode { kind: 'dot'; pos: number }
export interface NilNode { kind: 'nil'; pos: number }
export interface BoolNode { kind: 'bool'; pos: number; value: boolean }
export interface NumberNode {
  kind: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int: bigint;
  float: number;
}
export interface StringNode { kind: 'string'; pos: number; quoted: string; text: string }

/** Go's Node.String(). */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list': return n.nodes.map(nodeString).join('');
    case 'text': return goQuote(n.text);
    case 'action': return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier': return n.ident;
    case 'field': return n.ident.map((i) => `.${i}`).join('');
    case 'variable': return n.ident.join('.');
    case 'chain': {
      const base = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return base + n.field.map((f) => `.${f}`).join('');
    }
    case 'break': return '{{break}}';
    case 'continue': return '{{continue}}';
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return n.value ? 'true' : 'false';
    case 'number': return n.text;
    case 'string': return n.quoted;
  }
}
