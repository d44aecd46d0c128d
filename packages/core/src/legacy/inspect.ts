// `inspect` of a legacy JSON template (packer.Core.InspectConfig): description, required variables, optional
// variables with their raw defaults (aligned), builders (with their type when the name differs), provisioners,
// then a note on build names. Each line goes to `say`; `machine` gets Packer's template-* records.
import type { LegacyTemplate } from './types.js';

export interface InspectUi {
  say(message: string): void;
  machine(type: string, ...args: string[]): void;
}

export function inspectLegacyTemplate(tpl: LegacyTemplate, ui: InspectUi): void {
  ui.say('Packer Inspect: JSON mode');
  if (tpl.description !== '') {
    ui.say('Description:\n');
    ui.say(tpl.description + '\n');
  }

  // Packer masks any variable whose default equals a sensitive variable's default.
  const sensitiveDefaults = new Set(tpl.sensitiveVariables.map((v) => v.default));
  const shown = (d: string): string => (sensitiveDefaults.has(d) ? '<sensitive>' : d);
  if (tpl.variables.size === 0) {
    ui.say('Variables:\n');
    ui.say('  <No variables>');
  } else {
    // Go walks a map for the required ones; sorted here.
    const keys = [...tpl.variables.keys()].sort();
    const required = keys.filter((k) => tpl.variables.get(k)!.required);
    if (required.length > 0) {
      ui.say('Required variables:\n');
      for (const k of required) {
        ui.machine('template-variable', k, shown(tpl.variables.get(k)!.default), '1');
        ui.say('  ' + k);
      }
      ui.say('');
    }
    ui.say('Optional variables and their defaults:\n');
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) {
      const v = tpl.variables.get(k)!;
      if (v.required) continue;
      ui.machine('template-variable', k, shown(v.default), '0');
      ui.say(`  ${k}${' '.repeat(width - k.length)} = ${shown(v.default)}`);
    }
  }
  ui.say('');

  ui.say('Builders:\n');
  if (tpl.builders.size === 0) {
    ui.say('  <No builders>');
  } else {
    const keys = [...tpl.builders.keys()].sort();
    const width = Math.max(...keys.map((k) => k.length));
    for (const k of keys) {
      const b = tpl.builders.get(k)!;
      let line = `  ${k}${' '.repeat(width - k.length)}`;
      if (b.name !== b.type) line += ` (${b.type})`;
      ui.machine('template-builder', k, b.type);
      ui.say(line);
    }
  }
  ui.say('');

  ui.say('Provisioners:\n');
  if (tpl.provisioners.length === 0) {
    ui.say('  <No provisioners>');
  } else {
    for (const p of tpl.provisioners) {
      ui.machine('template-provisioner', p.type);
      ui.say(`  ${p.type}`);
    }
  }
  ui.say(
    '\nNote: If your build names contain user variables or template\n' +
      "functions such as 'timestamp', these are processed at build time,\n" +
      'and therefore only show in their raw form here.',
  );
}
