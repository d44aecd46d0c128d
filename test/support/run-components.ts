// Runnable test components for the build orchestration tests (packages/core/test/run-builds.test.ts): a builder
// that records its steps and cleanups and calls the provision hook, a provisioner that records, writes files,
// fails (always or for its first N attempts) and sleeps, and a post-processor that wraps its input artifact with
// a configurable keep/force answer. Every event goes to the registry's `log`, in the order it happened.
import fs from 'node:fs';
import {
  attr,
  type Artifact,
  type BuilderComponent,
  type ComponentRegistry,
  type GeneratedData,
  type PostProcessorComponent,
  type ProvisionerComponent,
} from '@tspacker/sdk';
import { dataSourceRegistry } from './data-components.js';

/** An artifact whose destruction is logged. */
export class TestArtifact implements Artifact {
  constructor(
    readonly builderId: string,
    readonly id: string,
    readonly files: readonly string[],
    private readonly data: GeneratedData,
    private readonly log: string[],
  ) {}
  toString(): string {
    return `test artifact ${this.id}`;
  }
  state(name: string): unknown {
    return name === 'generated_data' ? this.data : undefined;
  }
  async destroy(): Promise<void> {
    this.log.push(`destroy ${this.id}`);
  }
}

/** Resolves after `ms`, or rejects when the signal aborts (a command killed on cancellation). */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('killed before start'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('killed'));
    });
  });
}

const recorderSpec = {
  /** The artifact's id; also `build.ID`. */
  id: attr.string({ default: 'rec' }),
  /** Extra generated data (`build.*`), besides ID. */
  generated: attr.map(attr.string()),
  generated_vars: attr.list(attr.string()),
  /** Fails after provisioning, before making the artifact. */
  fail_after_provision: attr.bool(),
  /** Returns no artifact. */
  no_artifact: attr.bool(),
};

function recorderBuilder(log: string[]): BuilderComponent<typeof recorderSpec> {
  return {
    configSpec: recorderSpec,
    prepare: (config) => ({ generatedVars: config.generated_vars }),
    async run(config, ctx) {
      const cleanups: string[] = [];
      try {
        for (const step of ['create', 'provision', 'export']) {
          if (ctx.signal.aborted) throw new Error('Build was cancelled.');
          log.push(`step ${step}`);
          cleanups.push(step);
          if (step === 'provision') await ctx.provision(undefined, { ID: config.id, ...config.generated });
          if (step === 'provision' && config.fail_after_provision) throw new Error('export failed');
        }
      } finally {
        for (const step of cleanups.reverse()) {
          ctx.ui.say(`cleanup ${step}`);
          log.push(`cleanup ${step}`);
        }
      }
      if (config.no_artifact) return undefined;
      return new TestArtifact('test.recorder', config.id, [], { ID: config.id, ...config.generated }, log);
    },
  };
}

const writeSpec = {
  /** What is recorded (and written). */
  text: attr.string(),
  /** A file the text is appended to, with a newline. */
  path: attr.string(),
  /** Fails every attempt. */
  fail: attr.bool(),
  /** Fails the first N attempts of this provisioner instance (per text). */
  fail_times: attr.int(),
  sleep: attr.duration(),
};

function writeProvisioner(log: string[]): ProvisionerComponent<typeof writeSpec> {
  const attempts = new Map<string, number>();
  return {
    configSpec: writeSpec,
    prepare: () => ({}),
    async provision(config, ctx) {
      const attempt = (attempts.get(config.text) ?? 0) + 1;
      attempts.set(config.text, attempt);
      log.push(`provision ${config.text}`);
      ctx.ui.say(`provisioning ${config.text}`);
      if (config.sleep > 0) await wait(config.sleep, ctx.signal);
      if (config.path !== '') fs.appendFileSync(config.path, `${config.text}\n`);
      if (config.fail || attempt <= config.fail_times) throw new Error(`${config.text} failed`);
    },
  };
}

const wrapSpec = {
  suffix: attr.string(),
  /** The post-processor's own keep answer. */
  keep: attr.bool(),
  /** forceOverride. */
  force: attr.bool(),
  fail: attr.bool(),
  /** Returns no artifact. */
  none: attr.bool(),
};

function wrapPostProcessor(log: string[]): PostProcessorComponent<typeof wrapSpec> {
  return {
    configSpec: wrapSpec,
    prepare: () => ({}),
    async postProcess(config, ctx, input) {
      log.push(`pp ${config.suffix} on ${input.id}`);
      ctx.ui.say(`wrapping ${input.id}`);
      if (config.fail) throw new Error(`${config.suffix} broke`);
      const data = input.state('generated_data') as GeneratedData;
      const artifact = config.none ? undefined : new TestArtifact('test.wrap', `${input.id}+${config.suffix}`, [], data, log);
      return { artifact: artifact as Artifact, keep: config.keep, forceOverride: config.force };
    },
  };
}

export interface RunRegistry extends ComponentRegistry {
  readonly log: string[];
}

/** A fresh registry with `recorder`, `write` and `wrap`, and one shared event log. */
export function runComponents(): RunRegistry {
  const log: string[] = [];
  return {
    log,
    builders: new Map([['recorder', recorderBuilder(log) as BuilderComponent]]),
    provisioners: new Map([['write', writeProvisioner(log) as ProvisionerComponent]]),
    postProcessors: new Map([['wrap', wrapPostProcessor(log) as PostProcessorComponent]]),
    dataSources: new Map(dataSourceRegistry().dataSources),
  };
}
