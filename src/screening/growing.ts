type Typed = Int32Array | Float64Array | Uint8Array;

/** A typed array filled one value at a time, doubling as it grows: millions of numbers without a JS array's overhead. */
export class Growing<A extends Typed> {
  length = 0;

  constructor(private values: A) {}

  push(v: number): void {
    if (this.length === this.values.length) {
      const bigger = new (this.values.constructor as new (n: number) => A)(Math.max(16, this.values.length * 2));
      bigger.set(this.values as never);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }

  at(i: number): number {
    return this.values[i];
  }

  /** The values pushed: a view, not a copy (the buffer under it may be up to twice as long). */
  done(): A {
    return this.values.subarray(0, this.length) as A;
  }
}
