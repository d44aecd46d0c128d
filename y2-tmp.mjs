import { parseAllDocuments } from 'yaml';
for (const y of JSON.parse(process.argv[2])) {
  const d = parseAllDocuments(y, { version: '1.1', schema: 'failsafe', uniqueKeys: false });
  console.log(JSON.stringify(y), Array.isArray(d) ? d.length : 'x', (Array.isArray(d) ? d : [d]).flatMap((x) => x.errors.map((e) => [e.code, e.message.split('\n')[0], e.pos])));
}
