// Running builds with Packer's semantics (packer.CoreBuild.Run, the provisioner wrappers, command/build.go's
// loop and summary) on real templates with the runnable test components of test/support/run-components.ts.
import fs from 'node:fs';
import path from 'node:path';
import { getBuilds, runBuilds, type CoreBuild, type RootBuildsUi, type RunBuildsOptions } from '@tspacker/core';
import type { BuildUi } from '@tspacker/core/ui/index.js';
import { durationText } from '@tspacker/core/build/durafmt.js';
import type { Progress, Ui } from '@tspacker/sdk';
import { hasErrors } from '@tspacker/hcl';
import { loadAndInitialize } from '../../../test/support/data-components.js';
import { runComponents, type RunRegistry } from '../../../test/support/run-components.js';
import { tempDir } from '../../../test/support/temp-dir.js';

/** A RootUi that keeps every line (Packer's plain UI: `==> TARGET: msg` for targets). */
class RecordingUi implements RootBuildsUi {
  readonly lines: string[] = [];
  readonly machines: string[] = [];
  say(message: string): void {
    this.lines.push(...message.split('\n'));
  }
  error(message: string): void {
    this.lines.push(...message.split('\n'));
  }
  machine(type: string, ...data: string[]): void {
    this.machines.push(['', type, ...data].join(','));
  }
  /** A target's UI: `==> TARGET: line` per line, machine events targeted. */
  private targeted(name: string, prefix: string): Ui {
    const line = (m: string): void => void this.lines.push(...m.split('\n').map((l) => `${prefix}${l}`));
    return {
      say: line,
      message: line,
      error: line,
      ask: async (q) => {
        this.lines.push(`${prefix}? ${q}`);
        return '';
      },
      progress: (): Progress => ({ update: () => {}, done: () => {} }),
      machine: (type, ...data) => void this.machines.push([name, type, ...data].join(',')),
    };
  }
  forBuilds(names: readonly string[]): BuildUi[] {
    return names.map((name) => ({
      name,
      ...this.targeted(name, `==> ${name}: `),
      plain: this.targeted(name, ''),
      withTarget: (target: string) => this.targeted(target, `==> ${target}: `),
    }));
  }
}

interface Run {
  ui: RecordingUi;
  registry: RunRegistry;
  exitCode: number;
  builds: CoreBuild[];
  dir: string;
  result: Awaited<ReturnType<typeof runBuilds>>;
}

async function build(
  template: string,
  options: Partial<RunBuildsOptions> & { only?: string[]; except?: string[] } = {},
): Promise<Run> {
  const dir = tempDir({ 'build.pkr.hcl': template });
  const registry = runComponents();
  const { config, diags } = await loadAndInitialize(dir, { components: registry, cwd: dir });
  expect(diags.filter((d) => d.severity === 'error').map((d) => d.summary)).toEqual([]);
  const got = getBuilds(config!, { only: options.only ?? [], except: options.except ?? [] });
  expect(got.diags.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  const ui = new RecordingUi();
  const result = await runBuilds(got.builds, {
    ui,
    signal: options.signal ?? new AbortController().signal,
    parallelBuilds: options.parallelBuilds ?? 0,
    onError: options.onError ?? '',
    debug: options.debug ?? false,
  });
  return { ui, registry, exitCode: result.exitCode, builds: got.builds, dir, result };
}

/** Lines with durations masked. */
const masked = (lines: readonly string[]) => lines.map((l) => l.replace(/after \d+ [a-z]+( \d+ [a-z]+)?/, 'after D'));

describe('one build', () => {
  test('provisioners in declaration order inside the builder, post-processors after it, Packer summary', async () => {
    const r = await build(`
source "recorder" "a" { id = "A" }
build {
  sources = ["source.recorder.a"]
  provisioner "write" { text = "one" }
  post-processor "wrap" { suffix = "p1" }
  provisioner "write" { text = "two" }
}`);
    expect(r.exitCode).toBe(0);
    expect(r.registry.log).toEqual([
      'step create',
      'step provision',
      'provision one',
      'provision two',
      'step export',
      'cleanup export',
      'cleanup provision',
      'cleanup create',
      'pp p1 on A',
      'destroy A',
    ]);
    expect(masked(r.ui.lines)).toEqual([
      '==> recorder.a: provisioning one',
      '==> recorder.a: provisioning two',
      '==> recorder.a: cleanup export',
      '==> recorder.a: cleanup provision',
      '==> recorder.a: cleanup create',
      '==> recorder.a: Running post-processor:  (type wrap)',
      '==> recorder.a (wrap): wrapping A',
      "Build 'recorder.a' finished after D.",
      '',
      '==> Wait completed after D',
      '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> recorder.a: test artifact A+p1',
    ]);
    expect(r.ui.machines).toEqual([
      'recorder.a,artifact-count,1',
      'recorder.a,artifact,0,builder-id,test.wrap',
      'recorder.a,artifact,0,id,A+p1',
      'recorder.a,artifact,0,string,test artifact A+p1',
      'recorder.a,artifact,0,files-count,0',
      'recorder.a,artifact,0,end',
    ]);
  });

  test('a builder without artifact: no post-processors, "no artifacts were created"', async () => {
    const r = await build(`
source "recorder" "a" { no_artifact = true }
build {
  sources = ["source.recorder.a"]
  post-processor "wrap" { suffix = "p1" }
}`);
    expect(r.exitCode).toBe(0);
    expect(r.registry.log.filter((l) => l.startsWith('pp'))).toEqual([]);
    expect(r.ui.lines.slice(-2)).toEqual(['', '==> Builds finished but no artifacts were created.']);
  });

  test('provisioners are re-prepared with the generated data: build.* and {{ .X }}', async () => {
    const r = await build(`
source "recorder" "a" {
  id = "the-id"
  generated = { Greeting = "hello" }
  generated_vars = ["Greeting"]
}
build {
  sources = ["source.recorder.a"]
  provisioner "write" { text = "\${build.ID}-\${build.Greeting}-{{ .ID }}-{{ .Greeting }}-{{ build_name }}" }
  post-processor "wrap" { suffix = "\${build.Greeting}" }
}`);
    expect(r.exitCode).toBe(0);
    expect(r.registry.log).toContain('provision the-id-hello-the-id-hello-a');
    expect(r.registry.log).toContain('pp hello on the-id');
  });

  test('override (by source local name) still applies when re-prepared', async () => {
    const r = await build(`
source "recorder" "x" {}
source "recorder" "y" {}
build {
  sources = ["source.recorder.x", "source.recorder.y"]
  provisioner "write" {
    text = "plain"
    override = { x = { text = "overridden" } }
  }
}`, { parallelBuilds: 1 });
    expect(r.registry.log.filter((l) => l.startsWith('provision'))).toEqual(['provision overridden', 'provision plain']);
  });
});

describe('provisioner wrappers', () => {
  test('max_retries: retries with Packer messages, reports the first error, then the build fails', async () => {
    const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" {
    text = "flaky"
    fail_times = 2
    max_retries = 3
  }
  provisioner "write" {
    text = "broken"
    fail = true
    max_retries = 1
  }
}`);
    expect(r.exitCode).toBe(1);
    expect(r.registry.log.filter((l) => l.startsWith('provision'))).toEqual([
      'provision flaky',
      'provision flaky',
      'provision flaky',
      'provision broken',
      'provision broken',
    ]);
    const said = masked(r.ui.lines);
    expect(said).toContain('==> recorder.a: Provisioner failed with "flaky failed", retrying with 3 trie(s) left');
    expect(said).toContain('==> recorder.a: Provisioner failed with "flaky failed", retrying with 2 trie(s) left');
    expect(said).toContain('==> recorder.a: Provisioner failed with "broken failed", retrying with 1 trie(s) left');
    expect(said).toContain('==> recorder.a: retry limit reached.');
    expect(said).toContain("Build 'recorder.a' errored after D: broken failed");
    expect(said.slice(-7)).toEqual([
      '',
      '==> Wait completed after D',
      '',
      "==> Some builds didn't complete successfully and had errors:",
      '--> recorder.a: broken failed',
      '',
      '==> Builds finished but no artifacts were created.',
    ]);
    expect(r.ui.machines).toEqual([',error-count,1', 'recorder.a,error,broken failed']);
    // A failed build runs every cleanup and no post-processor.
    expect(r.registry.log.slice(-2)).toEqual(['cleanup provision', 'cleanup create']);
  });

  test('pause_before pauses (again on each retry) and wins over timeout', async () => {
    const started = Date.now();
    const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" {
    text = "paused"
    pause_before = "150ms"
    timeout = "1ms"
    sleep = "20ms"
    fail_times = 1
    max_retries = 1
  }
}`);
    expect(r.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const said = r.ui.lines.filter((l) => l.includes('Pausing') || l.includes('timeout'));
    expect(said).toEqual([
      '==> recorder.a: Pausing 150ms before the next provisioner...',
      '==> recorder.a: Pausing 150ms before the next provisioner...',
    ]);
  });

  test('timeout cancels the provisioner with Packer messages', async () => {
    const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" {
    text = "slow"
    sleep = "5s"
    timeout = "100ms"
  }
}`);
    expect(r.exitCode).toBe(1);
    const said = masked(r.ui.lines);
    expect(said).toContain('==> recorder.a: Setting a 100ms timeout for the next provisioner...');
    expect(said).toContain('==> recorder.a: Cancelling provisioner after a timeout...');
    expect(said).toContain("Build 'recorder.a' errored after D: killed");
  });

  test('continue_on_error keeps the build going after the retries', async () => {
    const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" {
    text = "bad"
    fail = true
    continue_on_error = true
  }
  provisioner "write" { text = "after" }
}`);
    expect(r.exitCode).toBe(0);
    expect(r.ui.lines).toContain('==> recorder.a: Warning: Provisioner failed with "bad failed", but continue_on_error is set; continuing the build.');
    expect(r.registry.log).toContain('provision after');
  });
});

test('-debug asks before each provisioner (not before the error-cleanup-provisioner)', async () => {
  const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" { text = "one" }
  provisioner "write" {
    text = "two"
    fail = true
  }
  error-cleanup-provisioner "write" { text = "cleanup" }
}`, { debug: true });
  expect(r.ui.lines.filter((l) => l.includes('provisioning') || l.includes('?'))).toEqual([
    '==> recorder.a: ? Pausing before the next provisioner . Press enter to continue.',
    '==> recorder.a: provisioning one',
    '==> recorder.a: ? Pausing before the next provisioner . Press enter to continue.',
    '==> recorder.a: provisioning two',
    '==> recorder.a: provisioning cleanup',
  ]);
});

describe('error-cleanup-provisioner and -on-error', () => {
  const template = `
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" { text = "ok" }
  provisioner "write" {
    text = "bad"
    fail = true
  }
  provisioner "write" { text = "never" }
  error-cleanup-provisioner "write" { text = "cleanup-prov" }
}`;

  test.each([[''], ['cleanup'], ['run-cleanup-provisioner']])('-on-error=%s runs it after the failure', async (onError) => {
    const r = await build(template, { onError });
    expect(r.exitCode).toBe(1);
    expect(r.registry.log.filter((l) => l.startsWith('provision'))).toEqual(['provision ok', 'provision bad', 'provision cleanup-prov']);
    expect(r.ui.lines).toContain('==> recorder.a: Provisioning step had errors: Running the cleanup provisioner, if present...');
  });

  test('-on-error=abort does not run it', async () => {
    const r = await build(template, { onError: 'abort' });
    expect(r.registry.log.filter((l) => l.startsWith('provision'))).toEqual(['provision ok', 'provision bad']);
    expect(r.ui.lines.join('\n')).not.toContain('Provisioning step had errors');
  });

  test('a failing cleanup provisioner wraps both errors', async () => {
    const r = await build(template.replace('"write" { text = "cleanup-prov" }', '"write" {\n text = "cleanup-prov"\n fail = true\n }'));
    expect(masked(r.ui.lines)).toContain("Build 'recorder.a' errored after D: Cleanup failed: cleanup-prov failed. Original Provisioning error: bad failed");
  });

  test('it does not run when provisioning succeeds', async () => {
    const r = await build(template.replace('fail = true', 'fail = false'));
    expect(r.exitCode).toBe(0);
    expect(r.registry.log).not.toContain('provision cleanup-prov');
  });
});

describe('post-processor chains: keep_input_artifact and artifact bookkeeping', () => {
  /** The artifacts listed and destroyed for one chain of two post-processors. */
  async function chain(first: string, second: string) {
    const r = await build(`
source "recorder" "a" { id = "B" }
build {
  sources = ["source.recorder.a"]
  post-processors {
    post-processor "wrap" {
      suffix = "1"
      ${first}
    }
    post-processor "wrap" {
      suffix = "2"
      ${second}
    }
  }
}`);
    expect(r.exitCode).toBe(0);
    return {
      listed: [...r.result.artifacts.get('recorder.a')!].map((a) => a.id),
      destroyed: r.registry.log.filter((l) => l.startsWith('destroy')).map((l) => l.slice(8)).sort(),
    };
  }

  test.each([
    // [first PP settings, second PP settings, listed, destroyed]
    ['', '', ['B+1+2'], ['B', 'B+1']],
    ['keep = true', '', ['B', 'B+1+2'], ['B+1']],
    ['keep_input_artifact = true', 'keep_input_artifact = true', ['B', 'B+1', 'B+1+2'], []],
    ['keep = true\nkeep_input_artifact = false', '', ['B+1+2'], ['B', 'B+1']],
    ['keep = true\nforce = true\nkeep_input_artifact = false', '', ['B', 'B+1+2'], ['B+1']],
    ['', 'keep = true', ['B+1', 'B+1+2'], ['B']],
    ['', 'keep = true\nkeep_input_artifact = false', ['B+1+2'], ['B', 'B+1']],
  ])('first {%s} second {%s}', async (first, second, listed, destroyed) => {
    expect(await chain(first, second)).toEqual({ listed, destroyed: [...destroyed].sort() });
  });

  test('several chains share the builder artifact; -except drops a named post-processor and the rest of its chain', async () => {
    const r = await build(`
source "recorder" "a" { id = "B" }
build {
  sources = ["source.recorder.a"]
  post-processor "wrap" { suffix = "solo" }
  post-processors {
    post-processor "wrap" {
      name = "keeper"
      suffix = "k"
      keep = true
    }
    post-processor "wrap" {
      name = "dropped"
      suffix = "d"
    }
  }
}`, { except: ['dropped'] });
    expect([...r.result.artifacts.get('recorder.a')!].map((a) => a.id)).toEqual(['B', 'B+solo', 'B+k']);
    expect(r.ui.lines).toContain('==> recorder.a: Running post-processor: keeper (type wrap)');
  });

  test('a failing post-processor ends its chain; the build errors with a multi-error; a nil artifact ends silently', async () => {
    const r = await build(`
source "recorder" "a" { id = "B" }
build {
  sources = ["source.recorder.a"]
  post-processors {
    post-processor "wrap" {
      suffix = "x"
      fail = true
    }
    post-processor "wrap" { suffix = "never" }
  }
  post-processors {
    post-processor "wrap" {
      suffix = "n"
      none = true
    }
    post-processor "wrap" { suffix = "never2" }
  }
}`);
    expect(r.exitCode).toBe(1);
    expect(r.registry.log.filter((l) => l.startsWith('pp'))).toEqual(['pp x on B', 'pp n on B']);
    expect(r.result.errors.get('recorder.a')).toBe('1 error(s) occurred:\n\n* Post-processor failed: x broke');
    expect(masked(r.ui.lines)).toContain('--> recorder.a: 1 error(s) occurred:');
  });
});

describe('several builds', () => {
  const three = (sleep: string) => `
source "recorder" "a" { id = "A" }
source "recorder" "b" {
  id = "B"
  fail_after_provision = true
}
source "recorder" "c" { id = "C" }
build {
  sources = ["source.recorder.a", "source.recorder.b", "source.recorder.c"]
  provisioner "write" {
    text = "\${source.name}"
    sleep = "${sleep}"
  }
}`;

  test('in parallel by default; one failure does not stop the others; summary in build order', async () => {
    const r = await build(three('100ms'));
    expect(r.exitCode).toBe(1);
    // All three started before any provisioner finished.
    expect(r.registry.log.slice(0, 9).filter((l) => l.startsWith('provision')).sort()).toEqual(['provision a', 'provision b', 'provision c']);
    expect([...r.result.artifacts.keys()]).toEqual(['recorder.a', 'recorder.c']);
    expect(masked(r.ui.lines).slice(-7)).toEqual([
      '',
      "==> Some builds didn't complete successfully and had errors:",
      '--> recorder.b: export failed',
      '',
      '==> Builds finished. The artifacts of successful builds are:',
      '--> recorder.a: test artifact A',
      '--> recorder.c: test artifact C',
    ]);
  });

  test('-parallel-builds=1 and -debug run one build after another', async () => {
    for (const options of [{ parallelBuilds: 1 }, { debug: true }]) {
      const r = await build(three('10ms'), options);
      const order = r.registry.log.filter((l) => l.startsWith('provision') || l === 'cleanup create');
      expect(order).toEqual(['provision a', 'cleanup create', 'provision b', 'cleanup create', 'provision c', 'cleanup create']);
      if (options.debug) expect(r.ui.lines[0]).toBe('Debug mode enabled. Builds will not be parallelized.');
    }
  });

  test('-parallel-builds=2 runs at most two at once', async () => {
    const r = await build(three('150ms'), { parallelBuilds: 2 });
    const firstCleanup = r.registry.log.indexOf('cleanup create');
    expect(r.registry.log.slice(0, firstCleanup).filter((l) => l.startsWith('provision')).sort()).toEqual(['provision a', 'provision b']);
  });

  test('cancellation: running builds are cancelled, their cleanups run, no more builds start, exit 1', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('context canceled')), 150);
    const r = await build(three('10s'), { signal: controller.signal, parallelBuilds: 2 });
    expect(r.exitCode).toBe(1);
    expect(r.result.cancelled).toBe(true);
    expect(r.registry.log.filter((l) => l === 'provision c')).toEqual([]);
    expect(r.registry.log.filter((l) => l === 'cleanup create')).toHaveLength(2);
    expect(masked(r.ui.lines).slice(-3)).toEqual(['', '==> Wait completed after D', 'Cleanly cancelled builds after being interrupted.']);
    expect(masked(r.ui.lines)).toContain("Build 'recorder.a' errored after D: killed");
  });
});

test('file provisioners write in order (real files)', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'out.txt');
  const r = await build(`
source "recorder" "a" {}
build {
  sources = ["source.recorder.a"]
  provisioner "write" {
    text = "first"
    path = "${out}"
  }
  provisioner "write" {
    text = "second"
    path = "${out}"
  }
}`);
  expect(r.exitCode).toBe(0);
  expect(fs.readFileSync(out, 'utf8')).toBe('first\nsecond\n');
});

test('durationText: durafmt with the two most significant units', () => {
  expect(durationText(14.49)).toBe('14 milliseconds 490 microseconds');
  expect(durationText(1024)).toBe('1 second 24 milliseconds');
  expect(durationText(61_000)).toBe('1 minute 1 second');
  expect(durationText(3 * 3600_000 + 5)).toBe('3 hours 5 milliseconds');
});
