// parseLegacyTemplate (core/src/legacy/parse.ts, Packer's template/parse.go): the model a JSON template becomes,
// and the error texts of templates that do not parse, byte for byte as packer-plugin-sdk's mapstructure and
// go-multierror write them (the same texts are checked against `packer validate` in test/legacy/cli-oracle.test.ts).
import { parseLegacyTemplate } from '@tspacker/core/legacy/parse.js';
import type { LegacyTemplate } from '@tspacker/core/legacy/types.js';

function parsed(text: string, path = '/x/t.json'): LegacyTemplate {
  const r = parseLegacyTemplate(text, path);
  if ('error' in r) throw new Error(`unexpected parse error: ${r.error}`);
  return r.template;
}

function parseError(text: string): string {
  const r = parseLegacyTemplate(text, '/x/t.json');
  if (!('error' in r)) throw new Error('expected a parse error');
  return r.error;
}

const NULL_BUILDER = '{"type":"null","communicator":"none"}';
const withBuilders = (rest: string) => `{"builders":[${NULL_BUILDER}]${rest}}`;

describe('the model', () => {
  test('root fields, comments, variables in document order, sensitive ones', () => {
    const t = parsed(
      '{"description":"d","min_packer_version":"1.5","_c":"note","push":{"name":"x"},' +
        '"variables":{"z":"1","a":null,"m":"{{user `z`}}"},"sensitive-variables":["m","nope"],' +
        `"builders":[${NULL_BUILDER}]}`,
    );
    expect(t.path).toBe('/x/t.json');
    expect(t.description).toBe('d');
    expect(t.minVersion).toBe('1.5');
    expect([...t.comments]).toEqual([['_c', 'note']]);
    expect([...t.variables.values()]).toEqual([
      { key: 'z', default: '1', required: false },
      { key: 'a', default: '', required: true },
      { key: 'm', default: '{{user `z`}}', required: false },
    ]);
    expect(t.sensitiveVariables).toEqual([{ key: 'm', default: '{{user `z`}}', required: false }]);
  });

  test('root keys match case-insensitively (mapstructure), null sections are empty', () => {
    const t = parsed(`{"Builders":[${NULL_BUILDER}],"DESCRIPTION":"up","provisioners":null,"variables":null}`);
    expect(t.description).toBe('up');
    expect([...t.builders.keys()]).toEqual(['null']);
    expect(t.provisioners).toEqual([]);
    expect(t.variables.size).toBe(0);
  });

  test('builders: name defaults to the type, weakly typed name, the rest is the configuration', () => {
    const t = parsed('{"builders":[{"type":"null","communicator":"none"},{"type":"file","name":12.5},{"type":"null","name":"n"}]}');
    expect([...t.builders.values()]).toEqual([
      { name: 'null', type: 'null', config: { communicator: 'none' } },
      { name: '12.5', type: 'file' },
      { name: 'n', type: 'null' },
    ]);
  });

  test('provisioners: meta keys out of the configuration, durations in milliseconds, weak lists', () => {
    const t = parsed(
      withBuilders(
        ',"provisioners":[{"type":"shell-local","inline":["a"],"only":"null","pause_before":"1m30s","timeout":"2s",' +
          '"max_retries":3,"override":{"null":{"inline":["b"]}}},{"type":"file","except":["null"],"timeout":5000000}]',
      ),
    );
    expect(t.provisioners).toEqual([
      {
        type: 'shell-local',
        only: ['null'],
        except: [],
        config: { inline: ['a'] },
        override: { null: { inline: ['b'] } },
        pauseBefore: 90000,
        maxRetries: '3',
        timeout: 2000,
      },
      { type: 'file', only: [], except: ['null'], pauseBefore: 0, maxRetries: '', timeout: 5 },
    ]);
  });

  test('post-processors: a type string, an object, a chain; name defaults to the type', () => {
    const t = parsed(
      withBuilders(
        ',"post-processors":["manifest",{"type":"checksum","name":"sum","keep_input_artifact":true,"only":["null"]},' +
          '[{"type":"shell-local","inline":["x"]},"manifest"]]',
      ),
    );
    expect(t.postProcessors).toEqual([
      [{ name: 'manifest', type: 'manifest', only: [], except: [] }],
      [{ name: 'sum', type: 'checksum', only: ['null'], except: [], keepInputArtifact: true }],
      [
        { name: 'shell-local', type: 'shell-local', only: [], except: [], config: { inline: ['x'] } },
        { name: 'manifest', type: 'manifest', only: [], except: [] },
      ],
    ]);
  });

  test('error-cleanup-provisioner', () => {
    const t = parsed(withBuilders(',"error-cleanup-provisioner":{"type":"shell-local","inline":["c"]}'));
    expect(t.cleanupProvisioner).toEqual({ type: 'shell-local', only: [], except: [], config: { inline: ['c'] }, pauseBefore: 0, maxRetries: '', timeout: 0 });
  });

  test('`__proto__` keys are ordinary data', () => {
    const t = parsed('{"builders":[{"type":"null","__proto__":{"x":1}}],"variables":{"__proto__":"v"}}');
    expect(t.variables.get('__proto__')).toEqual({ key: '__proto__', default: 'v', required: false });
    expect(Object.keys(t.builders.get('null')!.config!)).toEqual(['__proto__']);
  });

  test('no builders parses (validation is Initialize’s job), nor does a `null` document', () => {
    expect(parsed('{"variables":{"a":"b"}}').builders.size).toBe(0);
    expect(parsed('null').builders.size).toBe(0);
  });
});

describe('errors, as Packer words them', () => {
  test.each<[string, string, string]>([
    ['JSON syntax', '{\n  "builders": [\n    {"type": "null",}\n  ]\n}', "Error parsing JSON: invalid character '}' looking for beginning of object key string\nAt line 3, column 22 (offset 39):\n    2:   \"builders\": [\n    3:     {\"type\": \"null\",}\n                           ^\n"],
    ['a duplicate key', '{"builders":[{"type":"null","communicator":"none","communicator":"ssh"}]}', 'template has duplicate field: communicator'],
    ['not an object', '[1,2]', "'' expected a map, got 'slice'"],
    ['a comment that is not a string', withBuilders(',"_c":5'), 'Failed to cast root level comment value in comment "_c" to string.'],
    [
      'unknown root keys (sorted)',
      withBuilders(',"zeta":1,"alpha":2,"_c":"x"'),
      "2 errors occurred:\n\t* Unknown root level key in template: 'alpha'\n\t* Unknown root level key in template: 'zeta'\n\n",
    ],
    [
      'root sections of the wrong type',
      '{"builders":{"a":1},"variables":[1],"description":5,"sensitive-variables":"x"}',
      "4 error(s) decoding:\n\n* 'Description' expected type 'string', got unconvertible type 'float64', value: '5'\n" +
        "* 'Variables' expected a map, got 'slice'\n* 'builders': source data must be an array or slice, got map\n" +
        "* 'sensitive-variables': source data must be an array or slice, got string",
    ],
    [
      'non-string variable defaults',
      '{"variables":{"a":5,"b":true,"c":["x"],"d":{"k":1}},"builders":[' + NULL_BUILDER + ']}',
      "4 errors occurred:\n\t* variable a: '' expected type 'string', got unconvertible type 'float64', value: '5'\n" +
        "\t* variable b: '' expected type 'string', got unconvertible type 'bool', value: 'true'\n" +
        "\t* variable c: '' expected type 'string', got unconvertible type '[]interface {}', value: '[x]'\n" +
        "\t* variable d: '' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[k:1]'\n\n",
    ],
    ['a builder without type', '{"builders":[{"name":"x"},' + NULL_BUILDER + ']}', "1 error occurred:\n\t* builder 1: missing 'type'\n\n"],
    ['a null builder (Packer crashes)', '{"builders":[null]}', "1 error occurred:\n\t* builder 1: missing 'type'\n\n"],
    [
      '`config` keys that are not objects',
      '{"builders":[{"type":"null","config":"x"}],"provisioners":[{"type":"shell-local","config":5}],"post-processors":[{"type":"manifest","config":[]}]}',
      "3 errors occurred:\n\t* builder 1: 1 error(s) decoding:\n\n* 'Config' expected a map, got 'string'\n" +
        "\t* post-processor 1.1: 1 error(s) decoding:\n\n* 'Config' expected a map, got 'slice'\n" +
        "\t* provisioner 1: Error decoding provisioner: 1 error(s) decoding:\n\n* 'Config' expected a map, got 'float64'\n\n",
    ],
    [
      'only/except of the wrong type',
      withBuilders(',"provisioners":[{"type":"shell-local","only":{"a":1}}],"post-processors":[{"type":"manifest","except":"null"}]'),
      "2 errors occurred:\n\t* post-processor 1.1: 1 error(s) decoding:\n\n* 'Except': source data must be an array or slice, got string\n" +
        "\t* provisioner 1: Error decoding provisioner: 1 error(s) decoding:\n\n* 'Only[0]' expected type 'string', got unconvertible type 'map[string]interface {}', value: 'map[a:1]'\n\n",
    ],
    ['a null provisioner', withBuilders(',"provisioners":[null]'), "1 error occurred:\n\t* provisioner 1: Provisioner missing 'type'\n\n"],
    ['a builder that is not an object', '{"builders":["null"]}', "1 error occurred:\n\t* builder 1: '' expected a map, got 'string'\n\n"],
    [
      'duplicate builder names',
      `{"builders":[${NULL_BUILDER},${NULL_BUILDER}]}`,
      "1 error occurred:\n\t* builder 2: builder with name 'null' already exists\n\n",
    ],
    [
      'post-processor formats (format errors of a chain are flattened into the list)',
      withBuilders(',"post-processors":[5,[["a"]],[5,true],[{"name":"x"}],{"type":"manifest","keep_input_artifact":"yes"}]'),
      '6 errors occurred:\n\t* post-processor 1: bad format\n\t* post-processor 2.1: sequence not allowed to be nested in a sequence\n' +
        '\t* post-processor 3.1: unknown format\n\t* post-processor 3.2: unknown format\n\t* post-processor 4.1: type is required\n' +
        "\t* post-processor 5.1: 1 error(s) decoding:\n\n* 'keep_input_artifact' expected type 'bool', got unconvertible type 'string', value: 'yes'\n\n",
    ],
    [
      'provisioners without type or not objects',
      withBuilders(',"provisioners":[{"inline":["x"]},"str"]'),
      "2 errors occurred:\n\t* provisioner 1: Provisioner missing 'type'\n\t* provisioner 2: Error decoding provisioner: '' expected a map, got 'string'\n\n",
    ],
    [
      'a bad pause_before',
      withBuilders(',"provisioners":[{"type":"shell-local","inline":["x"],"pause_before":"5 parsecs"}]'),
      '1 error occurred:\n\t* provisioner 1: Error decoding provisioner: 1 error(s) decoding:\n\n' +
        `* error decoding 'pause_before': time: unknown unit " parsecs" in duration "5 parsecs"\n\n`,
    ],
    [
      'a timeout of the wrong type',
      withBuilders(',"provisioners":[{"type":"shell-local","inline":["x"],"pause_before":true,"timeout":[1]}]'),
      '1 error occurred:\n\t* provisioner 1: Error decoding provisioner: 1 error(s) decoding:\n\n' +
        "* 'timeout' expected type 'time.Duration', got unconvertible type '[]interface {}', value: '[1]'\n\n",
    ],
    [
      'max_retries of the wrong type',
      withBuilders(',"provisioners":[{"type":"shell-local","inline":["x"],"max_retries":[1]}]'),
      '1 error occurred:\n\t* provisioner 1: Error decoding provisioner: 1 error(s) decoding:\n\n' +
        "* 'max_retries' expected type 'string', got unconvertible type '[]interface {}', value: '[1]'\n\n",
    ],
    [
      'an error-cleanup-provisioner without type',
      withBuilders(',"error-cleanup-provisioner":{"inline":["x"]}'),
      "1 error occurred:\n\t* On Error Cleanup Provisioner error: Provisioner missing 'type'\n\n",
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseError(text)).toBe(expected);
  });

  test('empty input and trailing data', () => {
    expect(parseError('')).toBe('Error parsing JSON: unexpected end of JSON input\nAt line 1, column 0 (offset 0):\n    1: \n     ^\n');
    expect(parseError(withBuilders('') + ' xx')).toMatch(/^Error parsing JSON: invalid character 'x' after top-level value\nAt line 1, column \d+/);
  });
});
