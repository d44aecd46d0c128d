import { builtinComponents, multiErrorText, prepareErrorText } from '@tspacker/plugin-builtin';

test('builtinComponents names every bundled component by its Packer type name', () => {
  const registry = builtinComponents();
  expect([...registry.builders.keys()]).toEqual(['null', 'file']);
  expect([...registry.provisioners.keys()].sort()).toEqual(
    ['breakpoint', 'file', 'powershell', 'shell', 'shell-local', 'sleep', 'windows-restart', 'windows-shell'],
  );
  expect([...registry.postProcessors.keys()].sort()).toEqual(['artifice', 'checksum', 'compress', 'manifest', 'shell-local']);
  expect([...registry.dataSources.keys()].sort()).toEqual(['http', 'null']);
});

test('each call gives a fresh registry', () => {
  expect(builtinComponents().builders).not.toBe(builtinComponents().builders);
});

test('error texts: MultiError for lists (also of one), a plain error as is', () => {
  expect(multiErrorText(['a'])).toBe('1 error(s) occurred:\n\n* a');
  expect(prepareErrorText({ errors: ['a', 'b'] })).toBe('2 error(s) occurred:\n\n* a\n* b');
  expect(prepareErrorText({ error: 'plain', errors: ['ignored'] })).toBe('plain');
  expect(prepareErrorText({ errors: [], warnings: ['w'] })).toBeUndefined();
});
