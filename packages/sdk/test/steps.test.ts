import { runSteps, StepsCancelledError, ON_ERROR_ASK_PROMPT, type Step, type StepAction, type Ui, type Progress } from '@tspacker/sdk';

/** A Ui that records every call as `kind: text` and answers asks from a script. */
function recordingUi(answers: Array<string | Error> = []) {
  const lines: string[] = [];
  const ui: Ui = {
    say: (m) => void lines.push(`say: ${m}`),
    message: (m) => void lines.push(`message: ${m}`),
    error: (m) => void lines.push(`error: ${m}`),
    machine: () => {},
    progress: (): Progress => ({ update() {}, done() {} }),
    ask: async (q) => {
      lines.push(`ask: ${q}`);
      const a = answers.shift();
      if (a === undefined) throw new Error('no more answers');
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { ui, lines };
}

/** A step that logs its run and cleanup into `log`, with a scripted action. */
function step(log: string[], name: string, run: () => Promise<StepAction> = async () => 'continue', withCleanup = true): Step<{ log: string[] }> {
  return {
    name,
    run: async (state) => {
      state.log.push(`run ${name}`);
      return run();
    },
    ...(withCleanup
      ? {
          cleanup: async (state: { log: string[] }) => {
            state.log.push(`cleanup ${name}`);
          },
        }
      : {}),
  };
}

const never = () => new AbortController().signal;

describe('runSteps order and cleanups', () => {
  test('runs steps in order and cleans up in reverse on success', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi();
    const result = await runSteps([step(state.log, 'A'), step(state.log, 'B', undefined, false), step(state.log, 'C')], state, { ui, signal: never() });
    expect(result).toEqual({ outcome: 'completed' });
    expect(state.log).toEqual(['run A', 'run B', 'run C', 'cleanup C', 'cleanup A']);
    expect(lines).toEqual([]);
  });

  test('a halt stops the steps; only started steps are cleaned up', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const result = await runSteps(
      [step(state.log, 'A'), step(state.log, 'B', async () => 'halt'), step(state.log, 'C')],
      state,
      { ui, signal: never() },
    );
    expect(result).toEqual({ outcome: 'halted' });
    expect(state.log).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
  });

  test('a step that throws: cleanups run (its own included), then the error is rethrown', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const boom = new Error('boom');
    await expect(
      runSteps([step(state.log, 'A'), step(state.log, 'B', async () => { throw boom; }), step(state.log, 'C')], state, { ui, signal: never() }),
    ).rejects.toBe(boom);
    expect(state.log).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
  });

  test('a synchronous throw in run is a failure too', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const sync: Step<typeof state> = { name: 'Sync', run: (() => { throw new Error('sync'); }) as never, cleanup: async (s) => void s.log.push('cleanup Sync') };
    await expect(runSteps([step(state.log, 'A'), sync], state, { ui, signal: never() })).rejects.toThrow('sync');
    expect(state.log).toEqual(['run A', 'cleanup Sync', 'cleanup A']);
  });

  test('a cleanup that throws is reported and the others still run; the step error wins', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi();
    const bad: Step<typeof state> = {
      name: 'StepBad',
      run: async () => 'continue',
      cleanup: async () => { throw new Error('cannot delete vm'); },
    };
    const result = await runSteps([step(state.log, 'A'), bad, step(state.log, 'C')], state, { ui, signal: never() });
    expect(result.outcome).toBe('completed');
    expect(state.log).toEqual(['run A', 'run C', 'cleanup C', 'cleanup A']);
    expect(lines).toEqual(['error: Error cleaning up step "StepBad": cannot delete vm']);

    // After a failing step, the step's error is what runSteps rejects with.
    state.log.length = 0;
    lines.length = 0;
    const failing = step(state.log, 'C', async () => { throw new Error('c failed'); });
    await expect(runSteps([step(state.log, 'A'), bad, failing], state, { ui, signal: never() })).rejects.toThrow('c failed');
    expect(state.log).toEqual(['run A', 'run C', 'cleanup C', 'cleanup A']);
    expect(lines).toEqual(['error: Error cleaning up step "StepBad": cannot delete vm']);
  });
});

describe('runSteps cancellation', () => {
  test('abort mid-step: the running step sees the signal, no later step starts, every started step is cleaned up', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const controller = new AbortController();
    let cleanupSignal: AbortSignal | undefined;
    const waiting: Step<typeof state> = {
      name: 'StepWait',
      run: (s, ctx) =>
        new Promise((_, reject) => {
          s.log.push('run StepWait');
          ctx.signal.addEventListener('abort', () => reject(new Error('wait cancelled')));
          setTimeout(() => controller.abort(), 5);
        }),
      cleanup: async (s, ctx) => {
        cleanupSignal = ctx.signal;
        s.log.push('cleanup StepWait');
      },
    };
    await expect(runSteps([step(state.log, 'A'), waiting, step(state.log, 'C')], state, { ui, signal: controller.signal })).rejects.toThrow(
      'wait cancelled',
    );
    expect(state.log).toEqual(['run A', 'run StepWait', 'cleanup StepWait', 'cleanup A']);
    expect(cleanupSignal?.aborted).toBe(false);
  });

  test('abort between steps: StepsCancelledError after cleanups', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const controller = new AbortController();
    const aborting = step(state.log, 'B', async () => {
      controller.abort();
      return 'continue';
    });
    await expect(runSteps([step(state.log, 'A'), aborting, step(state.log, 'C')], state, { ui, signal: controller.signal })).rejects.toBeInstanceOf(
      StepsCancelledError,
    );
    expect(state.log).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
  });

  test('an already-aborted signal runs nothing', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    const controller = new AbortController();
    controller.abort();
    await expect(runSteps([step(state.log, 'A')], state, { ui, signal: controller.signal })).rejects.toThrow('Build was cancelled.');
    expect(state.log).toEqual([]);
  });
});

describe('-on-error=abort', () => {
  test('a failure leaves every resource and says which cleanups were skipped (Packer wording)', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi();
    await expect(
      runSteps(
        [step(state.log, 'StepCreate'), step(state.log, 'StepBoot'), step(state.log, 'StepProvision', async () => { throw new Error('Script exited with non-zero exit status: 1'); })],
        state,
        { ui, signal: never(), onError: 'abort' },
      ),
    ).rejects.toThrow('Script exited');
    expect(state.log).toEqual(['run StepCreate', 'run StepBoot', 'run StepProvision']);
    expect(lines).toEqual([
      'error: Script exited with non-zero exit status: 1',
      'error: Step "StepProvision" failed, aborting...',
      'error: aborted: skipping cleanup of step "StepBoot"',
      'error: aborted: skipping cleanup of step "StepCreate"',
    ]);
  });

  test('a cancellation is "Interrupted, aborting..."', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi();
    const controller = new AbortController();
    await expect(
      runSteps([step(state.log, 'A'), step(state.log, 'B', async () => (controller.abort(), 'continue'))], state, {
        ui,
        signal: controller.signal,
        onError: 'abort',
      }),
    ).rejects.toBeInstanceOf(StepsCancelledError);
    expect(state.log).toEqual(['run A', 'run B']);
    expect(lines).toEqual(['error: Interrupted, aborting...', 'error: aborted: skipping cleanup of step "A"']);
  });

  test('success still cleans up', async () => {
    const state = { log: [] as string[] };
    const { ui } = recordingUi();
    await runSteps([step(state.log, 'A'), step(state.log, 'B')], state, { ui, signal: never(), onError: 'abort' });
    expect(state.log).toEqual(['run A', 'run B', 'cleanup B', 'cleanup A']);
  });
});

describe('-on-error=ask', () => {
  function failingTwice(log: string[]) {
    let calls = 0;
    return step(log, 'StepFlaky', async () => {
      calls += 1;
      if (calls <= 2) throw new Error(`attempt ${calls} failed`);
      return 'continue';
    });
  }

  test('[r] retries the step, then the build goes on', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi(['r', 'R']);
    const result = await runSteps([step(state.log, 'A'), failingTwice(state.log), step(state.log, 'C')], state, { ui, signal: never(), onError: 'ask' });
    expect(result.outcome).toBe('completed');
    expect(state.log).toEqual(['run A', 'run StepFlaky', 'run StepFlaky', 'run StepFlaky', 'run C', 'cleanup C', 'cleanup StepFlaky', 'cleanup A']);
    expect(lines).toEqual([
      'error: attempt 1 failed',
      'say: Step "StepFlaky" failed',
      `ask: ${ON_ERROR_ASK_PROMPT}`,
      'error: attempt 2 failed',
      'say: Step "StepFlaky" failed',
      `ask: ${ON_ERROR_ASK_PROMPT}`,
    ]);
  });

  test('[c] cleans up and fails; an unknown answer asks again', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi(['x', 'clean']);
    await expect(runSteps([step(state.log, 'A'), failingTwice(state.log)], state, { ui, signal: never(), onError: 'ask' })).rejects.toThrow('attempt 1 failed');
    expect(state.log).toEqual(['run A', 'run StepFlaky', 'cleanup StepFlaky', 'cleanup A']);
    expect(lines).toEqual([
      'error: attempt 1 failed',
      'say: Step "StepFlaky" failed',
      `ask: ${ON_ERROR_ASK_PROMPT}`,
      'say: Incorrect input: "x"',
      `ask: ${ON_ERROR_ASK_PROMPT}`,
    ]);
  });

  test('[a] aborts without cleanup', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi(['a']);
    await expect(runSteps([step(state.log, 'A'), failingTwice(state.log)], state, { ui, signal: never(), onError: 'ask' })).rejects.toThrow('attempt 1 failed');
    expect(state.log).toEqual(['run A', 'run StepFlaky']);
    expect(lines.slice(3)).toEqual([
      'error: attempt 1 failed',
      'error: Step "StepFlaky" failed, aborting...',
      'error: aborted: skipping cleanup of step "A"',
    ]);
  });

  test('an empty answer or a failing ask (no terminal) means clean up, like Packer', async () => {
    for (const answer of ['', new Error('no available tty')]) {
      const state = { log: [] as string[] };
      const { ui } = recordingUi([answer]);
      await expect(runSteps([failingTwice(state.log)], state, { ui, signal: never(), onError: 'ask' })).rejects.toThrow('attempt 1 failed');
      expect(state.log).toEqual(['run StepFlaky', 'cleanup StepFlaky']);
    }
  });

  test('a cancellation while asking cleans up', async () => {
    const state = { log: [] as string[] };
    const controller = new AbortController();
    const { ui } = recordingUi();
    ui.ask = () => {
      setTimeout(() => controller.abort(), 5);
      return new Promise(() => {}); // the user never answers
    };
    await expect(runSteps([step(state.log, 'A'), failingTwice(state.log)], state, { ui, signal: controller.signal, onError: 'ask' })).rejects.toThrow(
      'attempt 1 failed',
    );
    expect(state.log).toEqual(['run A', 'run StepFlaky', 'cleanup StepFlaky', 'cleanup A']);
  });
});

describe('-debug', () => {
  test('pauses after each run and before each cleanup of the steps that continued', async () => {
    const state = { log: [] as string[] };
    const { ui, lines } = recordingUi(['', '', '', '']);
    await runSteps([step(state.log, 'A'), step(state.log, 'B')], state, { ui, signal: never(), debug: true });
    expect(lines).toEqual([
      "ask: Pausing after run of step 'A'. Press enter to continue.",
      "ask: Pausing after run of step 'B'. Press enter to continue.",
      "ask: Pausing before cleanup of step 'B'. Press enter to continue.",
      "ask: Pausing before cleanup of step 'A'. Press enter to continue.",
    ]);
  });
});
