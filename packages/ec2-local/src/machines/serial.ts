// One operation at a time per machine: the API may ask for stop while a start is still booting.

export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `operation` after every operation queued before it, whatever their outcome. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation, operation);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
