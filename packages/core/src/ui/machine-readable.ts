// Packer's -machine-readable format (packer.MachineReadableUi): `<unix time>,<target>,<type>,<data…>` per event.

/** Escapes one data field: commas become `%!(PACKER_COMMA)`, CR and LF become the two characters `\r`, `\n`. */
export function escapeMachineField(field: string): string {
  return field.replaceAll(',', '%!(PACKER_COMMA)').replaceAll('\r', '\\r').replaceAll('\n', '\\n');
}

/** One line, newline included. No data leaves a trailing comma, as in Packer. */
export function machineReadableLine(time: Date, target: string, type: string, data: readonly string[]): string {
  return `${Math.floor(time.getTime() / 1000)},${target},${type},${data.map(escapeMachineField).join(',')}\n`;
}
