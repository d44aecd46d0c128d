// Secret masking for every sink (terminal, machine-readable output, logs, the manifest, error messages): Packer's
// LogSecretFilter, which replaces each sensitive value by `<sensitive>` wherever it appears, and more: a secret is
// also masked in the forms it takes when written into JSON or into a shell command, where it no longer appears
// verbatim (`"a\"b"`, `'it'\''s'`).
export const SENSITIVE = '<sensitive>';

/** The texts that reveal `secret`: itself, JSON-escaped, and single-quoted for a POSIX shell. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), secret.replaceAll("'", `'\\''`)]);
  return [...forms].filter((f) => f !== '');
}

/**
 * A masking function over a set that may still grow (sensitive values are registered while templates are
 * evaluated). Longest forms first, so a secret that contains another is masked whole.
 */
export function createMasker(secrets: ReadonlySet<string>): (text: string) => string {
  let size = -1;
  let ordered: string[] = [];
  return (text) => {
    if (secrets.size === 0) return text;
    if (secrets.size !== size) {
      ordered = [...new Set([...secrets].flatMap(secretForms))].sort((a, b) => b.length - a.length);
      size = secrets.size;
    }
    let masked = text;
    for (const form of ordered) {
      if (masked.includes(form)) masked = masked.replaceAll(form, SENSITIVE);
    }
    return masked;
  };
}
