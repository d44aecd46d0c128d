// Packer's terminal colours (packer.ColoredUi and command/build.go): one colour per build, cycling, errors in red.
export const AnsiColor = { Red: 31, Green: 32, Yellow: 33, Blue: 34, Magenta: 35, Cyan: 36 } as const;
export type AnsiColor = (typeof AnsiColor)[keyof typeof AnsiColor];

/** The order `packer build` hands colours to builds (build i gets BUILD_COLORS[i % 5]). */
export const BUILD_COLORS: readonly AnsiColor[] = [AnsiColor.Green, AnsiColor.Cyan, AnsiColor.Magenta, AnsiColor.Yellow, AnsiColor.Blue];

/** `ESC[<1|0>;<colour>m…ESC[0m`: bold for say and error, normal weight for 1.6.6's indented message lines. */
export function colorize(text: string, color: AnsiColor, bold: boolean): string {
  return `\u001b[${bold ? 1 : 0};${color}m${text}\u001b[0m`;
}

/**
 * Colour codes are emitted unless PACKER_NO_COLOR (Packer) or NO_COLOR (no-color.org) is set to a non-empty value.
 * Packer emits them even when stdout is not a terminal; so do we.
 */
export function colorAllowedByEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  return !env['PACKER_NO_COLOR'] && !env['NO_COLOR'];
}
