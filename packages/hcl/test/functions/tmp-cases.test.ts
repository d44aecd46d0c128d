import { readFileSync } from 'node:fs';
import { encodingFunctions } from '../../src/functions/encoding.js';
import { jsonencodeFunc } from '../../src/functions/encoding.js';
import { call, s } from './helpers.js';
test('cases', () => {
  const out: string[] = [];
  for (const file of ['/tmp/fa/enc-out.txt', '/tmp/fa/yaml-out.txt']) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const [expr, want] = line.split('\t');
      const m = /^(\w+)\((".*")\)$/.exec(expr!);
      if (!m) continue;
      const fn = encodingFunctions[m[1]!];
      if (!fn) continue;
      let arg: string;
      try { arg = JSON.parse(m[2]!); } catch { continue; }
      const r = call(fn, s(arg));
      let got: string;
      if (r.error !== undefined) got = `Call to function "${m[1]}" failed: ${r.error}.`;
      else {
        const j = call(jsonencodeFunc, r.value!);
        got = j.error !== undefined ? `Call to function "jsonencode" failed: ${j.error}.` : j.value!.asString();
        if (!r.value!.isKnown) got = '<unknown>';
      }
      const w = want!.trim();
      if (got.replace(/\s+/g, ' ') !== w.replace(/\s+/g, ' ')) out.push(`${expr}\n   want: ${w}\n   got:  ${got}`);
    }
  }
  console.log(out.join('\n'));
});
