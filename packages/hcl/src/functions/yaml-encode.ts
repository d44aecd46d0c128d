// yamlencode as go-cty-yaml produces it: cty values become libyaml events (strings double-quoted, or literal
// block style when they contain a newline; numbers, bools and null plain; block sequences and mappings with
// sorted keys) which libyaml's emitter writes with its default settings (indent 2, width 80, unicode output).
// The emitter logic below follows libyaml's (emitterc.go in go-cty-yaml) for the events cty produces, at the
// UTF-8 byte level where libyaml decides by bytes (printable characters, line breaks, widths).
import { compareStrings } from '../values/types.js';
import type { Value } from '../values/value.js';
import { FunctionError } from './function.js';

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';
type Event =
  | { t: 'STREAM_START' | 'STREAM_END' | 'DOC_START' | 'DOC_END' | 'SEQ_START' | 'SEQ_END' | 'MAP_START' | 'MAP_END' }
  | { t: 'SCALAR'; value: Buffer; style: ScalarStyle };

/** go-cty-yaml's marshal: the event stream for a value. */
function events(v: Value): Event[] {
  const out: Event[] = [{ t: 'STREAM_START' }, { t: 'DOC_START' }];
  const emit = (x: Value): void => {
    if (x.isNull) {
      out.push({ t: 'SCALAR', value: Buffer.from('null'), style: 'plain' });
      return;
    }
    if (!x.isKnown) throw new FunctionError('cannot serialize unknown value as YAML');
    switch (x.type.kind) {
      case 'string': {
        const s = x.asString();
        out.push({ t: 'SCALAR', value: Buffer.from(s, 'utf8'), style: s.includes('\n') ? 'literal' : 'double' });
        return;
      }
      case 'number':
        out.push({ t: 'SCALAR', value: Buffer.from(x.asNumber().toString()), style: 'plain' });
        return;
      case 'bool':
        out.push({ t: 'SCALAR', value: Buffer.from(x.asBool() ? 'true' : 'false'), style: 'plain' });
        return;
      case 'list':
      case 'set':
      case 'tuple':
        out.push({ t: 'SEQ_START' });
        for (const e of x.asElements()) emit(e);
        out.push({ t: 'SEQ_END' });
        return;
      case 'map':
      case 'object':
        out.push({ t: 'MAP_START' });
        for (const [k, e] of [...x.asEntries()].sort((a, b) => compareStrings(a[0], b[0]))) {
          out.push({ t: 'SCALAR', value: Buffer.from(k, 'utf8'), style: k.includes('\n') ? 'literal' : 'double' });
          emit(e);
        }
        out.push({ t: 'MAP_END' });
        return;
      default:
        throw new FunctionError(`can't marshal ${x.type.kind} as YAML`);
    }
  };
  emit(v);
  out.push({ t: 'DOC_END' }, { t: 'STREAM_END' });
  return out;
}

// ---- byte predicates (yamlprivateh.go) ---------------------------------------------------------------------------

const at = (b: Buffer, i: number): number => (i < b.length ? b[i]! : 0);
function width(c: number): number {
  if ((c & 0x80) === 0x00) return 1;
  if ((c & 0xe0) === 0xc0) return 2;
  if ((c & 0xf0) === 0xe0) return 3;
  if ((c & 0xf8) === 0xf0) return 4;
  return 0;
}
function isPrintable(b: Buffer, i: number): boolean {
  const c = at(b, i);
  const c1 = at(b, i + 1);
  const c2 = at(b, i + 2);
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c === 0xc2 && c1 >= 0xa0) ||
    (c > 0xc2 && c < 0xed) ||
    (c === 0xed && c1 < 0xa0) ||
    c === 0xee ||
    (c === 0xef && !(c1 === 0xbb && c2 === 0xbf) && !(c1 === 0xbf && (c2 === 0xbe || c2 === 0xbf)))
  );
}
const isSpace = (b: Buffer, i: number): boolean => at(b, i) === 0x20;
const isBlank = (b: Buffer, i: number): boolean => at(b, i) === 0x20 || at(b, i) === 0x09;
function isBreak(b: Buffer, i: number): boolean {
  const c = at(b, i);
  return (
    c === 0x0d ||
    c === 0x0a ||
    (c === 0xc2 && at(b, i + 1) === 0x85) ||
    (c === 0xe2 && at(b, i + 1) === 0x80 && (at(b, i + 2) === 0xa8 || at(b, i + 2) === 0xa9))
  );
}
const isBlankz = (b: Buffer, i: number): boolean => isBlank(b, i) || isBreak(b, i) || i >= b.length || at(b, i) === 0;
/** libyaml's is_bom looks at the start of the value, whatever the index (a quirk kept for identical output). */
const isBom = (b: Buffer): boolean => at(b, 0) === 0xef && at(b, 1) === 0xbb && at(b, 2) === 0xbf;

// ---- the emitter ---------------------------------------------------------------------------------------------------

interface ScalarData {
  value: Buffer;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  style: ScalarStyle;
}

type State =
  | 'STREAM_START' | 'FIRST_DOCUMENT_START' | 'DOCUMENT_START' | 'DOCUMENT_CONTENT' | 'DOCUMENT_END'
  | 'FLOW_SEQUENCE_FIRST_ITEM' | 'FLOW_SEQUENCE_ITEM' | 'FLOW_MAPPING_FIRST_KEY' | 'FLOW_MAPPING_KEY'
  | 'FLOW_MAPPING_SIMPLE_VALUE' | 'FLOW_MAPPING_VALUE' | 'BLOCK_SEQUENCE_FIRST_ITEM' | 'BLOCK_SEQUENCE_ITEM'
  | 'BLOCK_MAPPING_FIRST_KEY' | 'BLOCK_MAPPING_KEY' | 'BLOCK_MAPPING_SIMPLE_VALUE' | 'BLOCK_MAPPING_VALUE' | 'END';

class Emitter {
  private readonly out: number[] = [];
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;
  private state: State = 'STREAM_START';
  private readonly states: State[] = [];
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private rootContext = false;
  private mappingContext = false;
  private simpleKeyContext = false;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private scalar!: ScalarData;
  private head = 0;

  constructor(private readonly evs: readonly Event[]) {}

  run(): string {
    for (this.head = 0; this.head < this.evs.length; this.head++) {
      const ev = this.evs[this.head]!;
      if (ev.t === 'SCALAR') this.analyzeScalar(ev.value);
      this.dispatch(ev);
    }
    return Buffer.from(this.out).toString('utf8');
  }

  // -- output primitives --
  private put(c: number): void {
    this.out.push(c);
    this.column++;
  }
  private putBreak(): void {
    this.out.push(0x0a);
    this.column = 0;
  }
  private write(b: Buffer, i: number): number {
    const w = width(b[i]!);
    for (let k = 0; k < w; k++) this.out.push(b[i + k]!);
    this.column++;
    return i + w;
  }
  private writeAll(s: string): void {
    const b = Buffer.from(s);
    for (let i = 0; i < b.length; ) i = this.write(b, i);
  }
  private writeBreak(b: Buffer, i: number): number {
    if (b[i] === 0x0a) {
      this.putBreak();
      return i + 1;
    }
    const j = this.write(b, i);
    this.column = 0;
    return j;
  }
  private writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(0x20);
    this.whitespace = true;
    this.indention = true;
  }
  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(0x20);
    this.writeAll(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  private popState(): void {
    this.state = this.states.pop()!;
  }

  // -- state machine --
  private dispatch(ev: Event): void {
    switch (this.state) {
      case 'STREAM_START':
        this.indent = -1;
        this.column = 0;
        this.whitespace = true;
        this.indention = true;
        this.state = 'FIRST_DOCUMENT_START';
        return;
      case 'FIRST_DOCUMENT_START':
      case 'DOCUMENT_START':
        if (ev.t === 'DOC_START') {
          if (this.state !== 'FIRST_DOCUMENT_START') {
            // Only the first document may have an implicit start.
            this.writeIndent();
            this.writeIndicator('---', true, false, false);
          }
          this.state = 'DOCUMENT_CONTENT';
        } else {
          if (this.openEnded) {
            this.writeIndicator('...', true, false, false);
            this.writeIndent();
          }
          this.state = 'END';
        }
        return;
      case 'DOCUMENT_CONTENT':
        this.states.push('DOCUMENT_END');
        this.emitNode(ev, true, false, false, false);
        return;
      case 'DOCUMENT_END':
        this.writeIndent();
        this.state = 'DOCUMENT_START';
        return;
      case 'FLOW_SEQUENCE_FIRST_ITEM':
      case 'FLOW_SEQUENCE_ITEM':
        this.flowSequenceItem(ev, this.state === 'FLOW_SEQUENCE_FIRST_ITEM');
        return;
      case 'FLOW_MAPPING_FIRST_KEY':
      case 'FLOW_MAPPING_KEY':
        this.flowMappingKey(ev, this.state === 'FLOW_MAPPING_FIRST_KEY');
        return;
      case 'FLOW_MAPPING_SIMPLE_VALUE':
      case 'FLOW_MAPPING_VALUE':
        this.flowMappingValue(ev, this.state === 'FLOW_MAPPING_SIMPLE_VALUE');
        return;
      case 'BLOCK_SEQUENCE_FIRST_ITEM':
      case 'BLOCK_SEQUENCE_ITEM':
        this.blockSequenceItem(ev, this.state === 'BLOCK_SEQUENCE_FIRST_ITEM');
        return;
      case 'BLOCK_MAPPING_FIRST_KEY':
      case 'BLOCK_MAPPING_KEY':
        this.blockMappingKey(ev, this.state === 'BLOCK_MAPPING_FIRST_KEY');
        return;
      case 'BLOCK_MAPPING_SIMPLE_VALUE':
      case 'BLOCK_MAPPING_VALUE':
        this.blockMappingValue(ev, this.state === 'BLOCK_MAPPING_SIMPLE_VALUE');
        return;
      case 'END':
        throw new FunctionError('expected nothing after STREAM-END');
    }
  }

  private flowSequenceItem(ev: Event, first: boolean): void {
    if (first) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
    }
    if (ev.t === 'SEQ_END') {
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      this.popState();
      return;
    }
    if (!first) this.writeIndicator(',', false, false, false);
    if (this.column > this.bestWidth) this.writeIndent();
    this.states.push('FLOW_SEQUENCE_ITEM');
    this.emitNode(ev, false, true, false, false);
  }

  private flowMappingKey(ev: Event, first: boolean): void {
    if (first) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
    }
    if (ev.t === 'MAP_END') {
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      this.popState();
      return;
    }
    if (!first) this.writeIndicator(',', false, false, false);
    if (this.column > this.bestWidth) this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push('FLOW_MAPPING_SIMPLE_VALUE');
      this.emitNode(ev, false, false, true, true);
      return;
    }
    this.writeIndicator('?', true, false, false);
    this.states.push('FLOW_MAPPING_VALUE');
    this.emitNode(ev, false, false, true, false);
  }

  private flowMappingValue(ev: Event, simple: boolean): void {
    if (simple) this.writeIndicator(':', false, false, false);
    else {
      if (this.column > this.bestWidth) this.writeIndent();
      this.writeIndicator(':', true, false, false);
    }
    this.states.push('FLOW_MAPPING_KEY');
    this.emitNode(ev, false, false, true, false);
  }

  private blockSequenceItem(ev: Event, first: boolean): void {
    if (first) this.increaseIndent(false, this.mappingContext && !this.indention);
    if (ev.t === 'SEQ_END') {
      this.popIndent();
      this.popState();
      return;
    }
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.states.push('BLOCK_SEQUENCE_ITEM');
    this.emitNode(ev, false, true, false, false);
  }

  private blockMappingKey(ev: Event, first: boolean): void {
    if (first) this.increaseIndent(false, false);
    if (ev.t === 'MAP_END') {
      this.popIndent();
      this.popState();
      return;
    }
    this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push('BLOCK_MAPPING_SIMPLE_VALUE');
      this.emitNode(ev, false, false, true, true);
      return;
    }
    this.writeIndicator('?', true, false, true);
    this.states.push('BLOCK_MAPPING_VALUE');
    this.emitNode(ev, false, false, true, false);
  }

  private blockMappingValue(ev: Event, simple: boolean): void {
    if (simple) this.writeIndicator(':', false, false, false);
    else {
      this.writeIndent();
      this.writeIndicator(':', true, false, true);
    }
    this.states.push('BLOCK_MAPPING_KEY');
    this.emitNode(ev, false, false, true, false);
  }

  private emitNode(ev: Event, root: boolean, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.rootContext = root;
    void sequence; // libyaml records it but never reads it
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (ev.t) {
      case 'SCALAR':
        this.selectScalarStyle(ev.style);
        this.increaseIndent(true, false);
        this.processScalar();
        this.popIndent();
        this.popState();
        return;
      case 'SEQ_START':
        this.state = this.flowLevel > 0 || this.checkEmpty('SEQ_START', 'SEQ_END') ? 'FLOW_SEQUENCE_FIRST_ITEM' : 'BLOCK_SEQUENCE_FIRST_ITEM';
        return;
      case 'MAP_START':
        this.state = this.flowLevel > 0 || this.checkEmpty('MAP_START', 'MAP_END') ? 'FLOW_MAPPING_FIRST_KEY' : 'BLOCK_MAPPING_FIRST_KEY';
        return;
      default:
        throw new FunctionError(`expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS, but got ${ev.t}`);
    }
  }

  private checkEmpty(start: Event['t'], end: Event['t']): boolean {
    return this.evs[this.head]?.t === start && this.evs[this.head + 1]?.t === end;
  }

  private checkSimpleKey(): boolean {
    const ev = this.evs[this.head]!;
    switch (ev.t) {
      case 'SCALAR':
        if (this.scalar.multiline) return false;
        return this.scalar.value.length <= 128;
      case 'SEQ_START':
        return this.checkEmpty('SEQ_START', 'SEQ_END');
      case 'MAP_START':
        return this.checkEmpty('MAP_START', 'MAP_END');
      default:
        return false;
    }
  }

  private selectScalarStyle(requested: ScalarStyle): void {
    const d = this.scalar;
    let style = requested;
    if (this.simpleKeyContext && d.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !d.flowPlainAllowed) || (this.flowLevel === 0 && !d.blockPlainAllowed)) style = 'single';
      if (d.value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !d.singleQuotedAllowed) style = 'double';
    if ((style === 'literal' || style === 'folded') && (!d.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) {
      style = 'double';
    }
    d.style = style;
  }

  private analyzeScalar(value: Buffer): void {
    const d: ScalarData = {
      value,
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
      style: 'plain',
    };
    this.scalar = d;
    if (value.length === 0) return;
    let blockIndicators = false;
    let flowIndicators = false;
    let lineBreaks = false;
    let specialCharacters = false;
    let leadingSpace = false;
    let leadingBreak = false;
    let trailingSpace = false;
    let trailingBreak = false;
    let breakSpace = false;
    let spaceBreak = false;
    let previousSpace = false;
    let previousBreak = false;
    const s3 = value.subarray(0, 3).toString('latin1');
    if (value.length >= 3 && (s3 === '---' || s3 === '...')) {
      blockIndicators = true;
      flowIndicators = true;
    }
    let precededByWhitespace = true;
    for (let i = 0, w = 0; i < value.length; i += w) {
      w = width(value[i]!) || 1;
      const followedByWhitespace = i + w >= value.length || isBlank(value, i + w);
      const c = String.fromCharCode(value[i]!);
      if (i === 0) {
        if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
          flowIndicators = true;
          blockIndicators = true;
        } else if (c === '?' || c === ':') {
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
        } else if (c === '-' && followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      } else if (',?[]{}'.includes(c)) {
        flowIndicators = true;
      } else if (c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (!isPrintable(value, i)) specialCharacters = true;
      if (isSpace(value, i)) {
        if (i === 0) leadingSpace = true;
        if (i + w === value.length) trailingSpace = true;
        if (previousBreak) breakSpace = true;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(value, i)) {
        lineBreaks = true;
        if (i === 0) leadingBreak = true;
        if (i + w === value.length) trailingBreak = true;
        if (previousSpace) spaceBreak = true;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlankz(value, i);
    }
    d.multiline = lineBreaks;
    d.flowPlainAllowed = true;
    d.blockPlainAllowed = true;
    d.singleQuotedAllowed = true;
    d.blockAllowed = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      d.flowPlainAllowed = false;
      d.blockPlainAllowed = false;
    }
    if (trailingSpace) d.blockAllowed = false;
    if (breakSpace) {
      d.flowPlainAllowed = false;
      d.blockPlainAllowed = false;
      d.singleQuotedAllowed = false;
    }
    if (spaceBreak || specialCharacters) {
      d.flowPlainAllowed = false;
      d.blockPlainAllowed = false;
      d.singleQuotedAllowed = false;
      d.blockAllowed = false;
    }
    if (lineBreaks) {
      d.flowPlainAllowed = false;
      d.blockPlainAllowed = false;
    }
    if (flowIndicators) d.flowPlainAllowed = false;
    if (blockIndicators) d.blockPlainAllowed = false;
  }

  private processScalar(): void {
    const { value, style } = this.scalar;
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(value, allowBreaks);
        return;
      case 'single':
        this.writeSingleQuoted(value, allowBreaks);
        return;
      case 'double':
        this.writeDoubleQuoted(value, allowBreaks);
        return;
      case 'literal':
        this.writeLiteral(value);
        return;
      case 'folded':
        throw new FunctionError('folded scalars are never emitted for cty values');
    }
  }

  private writePlain(value: Buffer, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(0x20);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; ) {
      if (isSpace(value, i)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpace(value, i + 1)) {
          this.writeIndent();
          i += 1;
        } else i = this.write(value, i);
        spaces = true;
      } else if (isBreak(value, i)) {
        if (!breaks && value[i] === 0x0a) this.putBreak();
        i = this.writeBreak(value, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        i = this.write(value, i);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
    if (this.rootContext) this.openEnded = true;
  }

  private writeSingleQuoted(value: Buffer, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; ) {
      if (isSpace(value, i)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < value.length - 1 && !isSpace(value, i + 1)) {
          this.writeIndent();
          i += 1;
        } else i = this.write(value, i);
        spaces = true;
      } else if (isBreak(value, i)) {
        if (!breaks && value[i] === 0x0a) this.putBreak();
        i = this.writeBreak(value, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (value[i] === 0x27) this.put(0x27);
        i = this.write(value, i);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: Buffer, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < value.length; ) {
      if (!isPrintable(value, i) || isBom(value) || isBreak(value, i) || value[i] === 0x22 || value[i] === 0x5c) {
        let octet = value[i]!;
        let w = width(octet) || 1;
        let v = w === 1 ? octet & 0x7f : w === 2 ? octet & 0x1f : w === 3 ? octet & 0x0f : octet & 0x07;
        for (let k = 1; k < w; k++) {
          octet = at(value, i + k);
          v = (v << 6) + (octet & 0x3f);
        }
        i += w;
        this.put(0x5c);
        const short: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
          0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
        };
        const esc = short[v];
        if (esc !== undefined) this.put(esc.charCodeAt(0));
        else {
          let digits: number;
          if (v <= 0xff) {
            this.put(0x78); // x
            digits = 2;
          } else if (v <= 0xffff) {
            this.put(0x75); // u
            digits = 4;
          } else {
            this.put(0x55); // U
            digits = 8;
          }
          for (const ch of v.toString(16).toUpperCase().padStart(digits, '0')) this.put(ch.charCodeAt(0));
        }
        spaces = false;
      } else if (isSpace(value, i)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < value.length - 1) {
          this.writeIndent();
          if (isSpace(value, i + 1)) this.put(0x5c);
          i += 1;
        } else i = this.write(value, i);
        spaces = true;
      } else {
        i = this.write(value, i);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(value: Buffer): void {
    if (isSpace(value, 0) || isBreak(value, 0)) this.writeIndicator(String(this.bestIndent), false, false, false);
    this.openEnded = false;
    let chomp = '';
    if (value.length === 0) chomp = '-';
    else {
      let i = value.length - 1;
      while ((value[i]! & 0xc0) === 0x80) i--;
      if (!isBreak(value, i)) chomp = '-';
      else if (i === 0) {
        chomp = '+';
        this.openEnded = true;
      } else {
        i--;
        while ((value[i]! & 0xc0) === 0x80) i--;
        if (isBreak(value, i)) {
          chomp = '+';
          this.openEnded = true;
        }
      }
    }
    if (chomp !== '') this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(value: Buffer): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(value);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < value.length; ) {
      if (isBreak(value, i)) {
        i = this.writeBreak(value, i);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        i = this.write(value, i);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** Standard.Marshal(v) of go-cty-yaml. */
export function yamlEncode(v: Value): string {
  return new Emitter(events(v)).run();
}
