// Hash and crypto functions (go-cty-funcs): hex digests of the NFC UTF-8 bytes, bcrypt with Go's version, cost
// rules and limits, and rsadecrypt with PKCS #1 keys and Go's error texts.
import bcrypt from 'bcryptjs';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { stringVal } from '../../src/values/value.js';
import { callWith, evaluator, table } from './packer-eval.js';

const failed = (fn: string, msg: string) => `error: Error in function call: Call to function "${fn}" failed: ${msg}.`;
const INT_RANGE = 'value must be a whole number, between -9223372036854775808 and 9223372036854775807';

// Reference digests from Python's hashlib.
const ev = evaluator();
describe('md5 / sha1 / sha256 / sha512', () => {
  table(ev, [
    ['md5("")', '"d41d8cd98f00b204e9800998ecf8427e"'],
    ['md5("hello")', '"5d41402abc4b2a76b9719d911017c592"'],
    ['md5("años")', '"a587736f77f430a8754d5bc5997f4c74"'],
    // A decomposed ñ is normalised to NFC before hashing.
    ['md5("an\u0303os")', '"a587736f77f430a8754d5bc5997f4c74"'],
    ['sha1("hello")', '"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"'],
    ['sha1("años")', '"36b6586725ba1e8d13764069b79faa076115d9f3"'],
    ['sha256("")', '"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"'],
    ['sha256("hello")', '"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"'],
    [
      'sha512("hello")',
      '"9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043"',
    ],
    ['md5(12)', '"c20ad4d76fe97759aa27a0c99bff6710"'],
    ['sha256(null)', 'error: Invalid function argument: Invalid value for "str" parameter: argument must not be null.'],
  ]);
});

describe('bcrypt', () => {
  const hash = (src: string) => ev.value(src).asString();
  test('default cost 10, version 2a, verifiable, salted', () => {
    const h = hash('bcrypt("hunter2")');
    expect(h).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.compareSync('hunter2', h)).toBe(true);
    expect(bcrypt.compareSync('hunter3', h)).toBe(false);
    expect(hash('bcrypt("hunter2")')).not.toBe(h);
  });
  test('costs', () => {
    expect(hash('bcrypt("x", 4)')).toMatch(/^\$2a\$04\$/);
    expect(hash('bcrypt("x", 5)')).toMatch(/^\$2a\$05\$/);
    // Costs below the minimum fall back to the default.
    expect(hash('bcrypt("x", 3)')).toMatch(/^\$2a\$10\$/);
    expect(hash('bcrypt("x", -1)')).toMatch(/^\$2a\$10\$/);
    expect(bcrypt.compareSync('añb', hash('bcrypt("añb", 4)'))).toBe(true);
  });
  test('errors', () => {
    expect(ev('bcrypt("x", 32)')).toBe(failed('bcrypt', 'error occured generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)'));
    expect(ev('bcrypt("x", 4.5)')).toBe(failed('bcrypt', INT_RANGE));
    expect(ev('bcrypt("x", 4, 5)')).toBe(failed('bcrypt', 'bcrypt() takes no more than two arguments'));
    expect(ev(`bcrypt("${'a'.repeat(73)}", 4)`)).toBe(failed('bcrypt', 'error occured generating password bcrypt: password length exceeds 72 bytes'));
    // 36 two-byte characters are 72 bytes: still allowed.
    expect(hash(`bcrypt("${'é'.repeat(36)}", 4)`)).toMatch(/^\$2a\$04\$/);
    expect(ev(`bcrypt("${'é'.repeat(37)}", 4)`)).toBe(failed('bcrypt', 'error occured generating password bcrypt: password length exceeds 72 bytes'));
  });
});

describe('rsadecrypt', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encrypt = (text: string) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString('base64');
  const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const call = (ct: string, key: string) => callWith(ev, 'rsadecrypt', stringVal(ct), stringVal(key));

  test('decrypts PKCS #1 v1.5 ciphertexts with a PKCS #1 key', () => {
    expect(call(encrypt('Hello, world!'), pkcs1)).toBe('"Hello, world!"');
    expect(call(encrypt('añb'), pkcs1)).toBe('"añb"');
    expect(call(encrypt(''), pkcs1)).toBe('""');
    // Go's base64 decoder skips line breaks.
    const ct = encrypt('wrapped');
    expect(call(ct.slice(0, 20) + '\n' + ct.slice(20), pkcs1)).toBe('"wrapped"');
    // Text around the PEM block is ignored.
    expect(call(ct, `junk before\n${pkcs1}junk after\n`)).toBe('"wrapped"');
  });
  test('errors', () => {
    expect(call('not base64!', pkcs1)).toBe(failed('rsadecrypt', 'failed to decode input "not base64!": cipher text must be base64-encoded'));
    expect(call('YQ', pkcs1)).toBe(failed('rsadecrypt', 'failed to decode input "YQ": cipher text must be base64-encoded'));
    expect(call(encrypt('x'), 'not a key')).toBe(failed('rsadecrypt', 'failed to parse key: no key found'));
    expect(call(encrypt('x'), pkcs8)).toBe(
      failed('rsadecrypt', 'x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)'),
    );
    const encryptedPem = pkcs1.replace('-----BEGIN RSA PRIVATE KEY-----\n', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n');
    expect(call(encrypt('x'), encryptedPem)).toBe(
      failed('rsadecrypt', 'failed to parse key: password protected keys are not supported. Please decrypt the key prior to use'),
    );
    expect(call(encrypt('x'), other)).toBe(failed('rsadecrypt', 'crypto/rsa: decryption error'));
    expect(call(Buffer.from('short').toString('base64'), pkcs1)).toBe(failed('rsadecrypt', 'crypto/rsa: decryption error'));
  });
});
