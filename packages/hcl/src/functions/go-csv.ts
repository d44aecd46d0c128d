// encoding/csv's Reader with its default settings (comma separator, no comments, strict quoting), as cty's
// csvdecode uses it: records may span lines inside quotes, CRLF becomes LF, blank lines are skipped, and errors
// carry the line numbers Go reports.

export class CsvParseError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** encoding/csv's Reader with default settings (comma ',', no comments, strict quotes). */
export class CsvReader {
  private pos = 0;
  private numLine = 0;
  constructor(
    private readonly text: string,
    private fieldsPerRecord = 0,
  ) {}

  /** readLine: the next line with its "\n" (CRLF normalised), or undefined at EOF; counts lines either way. */
  private readLine(): string | undefined {
    let line: string | undefined;
    if (this.pos < this.text.length) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl < 0) {
        line = this.text.slice(this.pos);
        this.pos = this.text.length;
        if (line.endsWith('\r')) line = line.slice(0, -1); // a trailing CR before EOF is dropped
      } else {
        line = this.text.slice(this.pos, nl + 1);
        this.pos = nl + 1;
      }
    }
    this.numLine++;
    if (line !== undefined && line.endsWith('\r\n')) line = line.slice(0, -2) + '\n';
    return line;
  }

  /** Read: one record, or undefined at EOF. */
  read(): string[] | undefined {
    let line: string | undefined;
    for (;;) {
      line = this.readLine();
      if (line === undefined) return undefined;
      if (line === '' || line === '\n') continue; // blank lines are skipped
      break;
    }
    const recLine = this.numLine;
    const fields: string[] = [];
    const lengthNL = (x: string): number => (x.endsWith('\n') ? 1 : 0);
    parse: for (;;) {
      if (line.length === 0 || line[0] !== '"') {
        // A non-quoted field runs to the next comma or the end of the line.
        const i = line.indexOf(',');
        const f = i >= 0 ? line.slice(0, i) : line.slice(0, line.length - lengthNL(line));
        if (f.includes('"')) throw new CsvParseError(this.numLine, 'bare " in non-quoted-field');
        fields.push(f);
        if (i >= 0) {
          line = line.slice(i + 1);
          continue parse;
        }
        break parse;
      }
      // A quoted field: "" is a quote, and it may span lines.
      line = line.slice(1);
      let field = '';
      for (;;) {
        const i = line.indexOf('"');
        if (i >= 0) {
          field += line.slice(0, i);
          line = line.slice(i + 1);
          if (line[0] === '"') {
            field += '"';
            line = line.slice(1);
          } else if (line[0] === ',') {
            line = line.slice(1);
            fields.push(field);
            continue parse;
          } else if (lengthNL(line) === line.length) {
            fields.push(field);
            break parse;
          } else {
            throw new CsvParseError(this.numLine, 'extraneous or missing " in quoted-field');
          }
        } else if (line.length > 0) {
          field += line;
          line = this.readLine() ?? '';
        } else {
          // The input ended inside the quotes.
          throw new CsvParseError(this.numLine, 'extraneous or missing " in quoted-field');
        }
      }
    }
    if (this.fieldsPerRecord > 0) {
      if (fields.length !== this.fieldsPerRecord) throw new CsvParseError(recLine, 'wrong number of fields');
    } else if (this.fieldsPerRecord === 0) this.fieldsPerRecord = fields.length;
    return fields;
  }
}
