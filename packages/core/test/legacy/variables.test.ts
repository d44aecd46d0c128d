// renderUserVariables (core/src/legacy/variables.ts, Packer's Core.renderVarsRecursively): user variables
// rendered in the variables section's context — references in any order, env allowed, `{{ .Field }}` kept for
// later, command-line values over defaults — and Packer's error texts when that fails. The same cases run
// through `packer` 1.6.6 in test/legacy/cli-oracle.test.ts.
import type { InterpolateContext } from '@tspacker/sdk/interpolate/index.js';
import { renderKeeping, renderUserVariables } from '@tspacker/core/legacy/variables.js';

const context: InterpolateContext = {
  mode: 'json',
  templatePath: '/tpl/dir/t.json',
  userVariables: {},
  coreVersion: '1.16.0',
  env: { TSP_FRUIT: 'kiwi' },
  cwd: '/work/here',
};

/** The rendered variables, or the error text. */
function render(defaults: Record<string, string>, given: Record<string, string> = {}): Record<string, string> | string {
  const variables = { ...given };
  const error = renderUserVariables({ defaults: new Map(Object.entries(defaults)), variables, context });
  return error ?? variables;
}

describe('rendering', () => {
  test('variables referencing each other in any order', () => {
    expect(render({ z: '{{user `a`}}-z', a: '{{user `m`}}-a', m: 'm', b: 'b{{user `z`}}' })).toEqual({
      a: 'm-a',
      b: 'bm-a-z',
      m: 'm',
      z: 'm-a-z',
    });
  });

  test('env, template_dir, pwd, packer_version and string functions are available', () => {
    expect(
      render({
        e: '{{env `TSP_FRUIT`}}',
        unset: '{{env `TSP_NOT_SET_ANYWHERE`}}',
        d: '{{template_dir}}|{{pwd}}|{{packer_version}}',
        f: '{{upper `abc`}}-{{lower `DEF`}}-{{split `a,b,c` `,` 1}}-{{replace `a` `b` 1 `aaa`}}-{{replace_all `a` `b` `aaa`}}',
      }),
    ).toEqual({ e: 'kiwi', unset: '', d: '/tpl/dir|/work/here|1.16.0', f: 'ABC-def-b-baa-bbb' });
  });

  test('timestamp, uuid and isotime render', () => {
    const r = render({ t: '{{timestamp}}', u: '{{uuid}}', i: '{{isotime `2006`}}' }) as Record<string, string>;
    expect(r.t).toMatch(/^\d{10}$/);
    expect(r.u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(r.i).toBe(String(new Date().getUTCFullYear()));
  });

  test('`{{ .Field }}` actions are left for the components', () => {
    expect(render({ f: '{{ .Name }}/{{.HTTPIP}}:{{ user `p` }}', p: '8' })).toEqual({ f: '{{ .Name }}/{{.HTTPIP}}:8', p: '8' });
  });

  test('command-line values win over defaults and take part in references; required ones come only from there', () => {
    expect(render({ a: 'default', b: '{{user `a`}}!' }, { a: 'given', req: '{{user `b`}}?' })).toEqual({
      a: 'given',
      b: 'given!',
      req: 'given!?',
    });
  });

  test('renderKeeping keeps what the pattern matches, even when repeated', () => {
    expect(renderKeeping('{{.X}}-{{upper `a`}}-{{.X}}', context, /\{\{(\s|)\.(.*?)(\s|)\}\}/g)).toBe('{{.X}}-A-{{.X}}');
  });
});

describe('errors', () => {
  const notSet = (key: string, value: string, missing: string, at: string) =>
    `Failed to interpolate "${key}": "${value}"; error: template: root:1:${at}: executing "root" at <user \`${missing}\`>: ` +
    `error calling user: Error: variable not set: ${missing}: Please make sure that the variable you're referencing has ` +
    "been defined; Packer treats all variables used to interpolate other user variables as required.";

  test('a reference to an undefined variable', () => {
    expect(render({ a: '{{user `nope`}}' })).toBe(notSet('a', '{{user `nope`}}', 'nope', '2'));
  });

  test('a cycle is a reference that never gets defined (the last failure is reported)', () => {
    expect(render({ a: '{{user `b`}}', b: '{{user `a`}}' })).toBe(notSet('b', '{{user `a`}}', 'a', '2'));
  });

  test('a template that does not parse', () => {
    expect(render({ a: '{{ nope }}' })).toBe(`error interpolating default value for 'a': template: root:1: function "nope" not defined`);
  });

  test('a function that fails: its error as it is', () => {
    expect(render({ a: '{{ split `a` `,` 3 }}' })).toBe(
      'template: root:1:3: executing "root" at <split `a` `,` 3>: error calling split: the substring 3 was unavailable using the separator value, ,, only 1 values were found',
    );
  });
});
