// UUID functions (go-cty-funcs over google/uuid): random v4, name-based v5 with the named namespaces and every
// namespace spelling google/uuid.Parse accepts, and its error texts.
import { evaluator, table } from './packer-eval.js';

const ev = evaluator();
const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;

describe('uuidv5', () => {
  // Reference values from Python's uuid.uuid5, an independent implementation of RFC 4122.
  table(ev, [
    ['uuidv5("dns", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("dns", "www.terraform.io")', '"a5008fae-b28c-5ba5-96cd-82b4c53552d6"'],
    ['uuidv5("url", "https://www.terraform.io/")', '"9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"'],
    ['uuidv5("oid", "1.2.3.4")', '"67448b45-6d15-536b-bef7-8a78c3d10ac6"'],
    ['uuidv5("x500", "CN=Example")', '"fc36744a-3783-5ebd-aac6-5c7766b1e223"'],
    ['uuidv5("12345678-1234-5678-1234-567812345678", "añb")', '"4e927065-5ba2-57f0-b44d-80efc929a663"'],
    // The same namespace in google/uuid's other spellings.
    ['uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("6ba7b8109dad11d180b400c04fd430c8", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    // google/uuid never looks at the closing brace.
    ['uuidv5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8)", "python.org")', '"886313e1-3b8a-5372-9b90-0c9aee199e5d"'],
    ['uuidv5("DNS", "x")', failed('uuidv5', "uuidv5() doesn't support namespace DNS (invalid UUID length: 3)")],
    ['uuidv5("", "x")', failed('uuidv5', "uuidv5() doesn't support namespace  (invalid UUID length: 0)")],
    ['uuidv5("6ba7b810_9dad_11d1_80b4_00c04fd430c8", "x")', failed('uuidv5', "uuidv5() doesn't support namespace 6ba7b810_9dad_11d1_80b4_00c04fd430c8 (invalid UUID format)")],
    ['uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "x")', failed('uuidv5', "uuidv5() doesn't support namespace 6ba7b810-9dad-11d1-80b4-00c04fd430cg (invalid UUID format)")],
    ['uuidv5("urn:uuix:6ba7b810-9dad-11d1-80b4-00c04fd430c8", "x")', failed('uuidv5', 'uuidv5() doesn\'t support namespace urn:uuix:6ba7b810-9dad-11d1-80b4-00c04fd430c8 (invalid urn prefix: "urn:uuix:")')],
  ]);
});

describe('uuidv4', () => {
  test('random version 4 UUIDs, different on every call', () => {
    const a = ev.value('uuidv4()').asString();
    const b = ev.value('uuidv4()').asString();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
  test('takes no arguments', () => {
    expect(ev('uuidv4(1)')).toBe('error: Too many function arguments: Function "uuidv4" expects only 0 argument(s).');
  });
});
