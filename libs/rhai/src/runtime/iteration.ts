/** Iterators behind `for` loops. */
import { type Ctx, DONE } from './context.js';
import { fval, MAX_SAFE } from './operators.js';
import { err } from '../errors.js';
import { iadd, type Int, normBig, toBig } from '../int.js';
import { cloneValue, F64, mkChar, RRange, StepRange, toChars, type Value } from '../values.js';

interface Iter {
  next(): Value;
}

class NumRangeIter implements Iter {
  constructor(
    private cur: number,
    private readonly end: number,
  ) {}
  next(): Value {
    return this.cur < this.end ? this.cur++ : DONE;
  }
}
class BigRangeIter implements Iter {
  private cur: bigint;
  constructor(
    start: Int,
    private readonly end: bigint,
  ) {
    this.cur = toBig(start);
  }
  next(): Value {
    if (this.cur >= this.end) return DONE;
    const v = this.cur;
    this.cur++;
    return normBig(v);
  }
}
class ArrIter implements Iter {
  private i = 0;
  constructor(private readonly a: Value[]) {}
  next(): Value {
    if (this.i >= this.a.length) return DONE;
    const v = this.a[this.i++];
    return typeof v === 'object' && v !== null && (Array.isArray(v) || v instanceof Map) ? cloneValue(v) : v;
  }
}
class StepIter implements Iter {
  private cur: number | bigint;
  constructor(
    start: number | bigint,
    private readonly end: number | bigint,
    private readonly step: number | bigint,
    private readonly float: boolean,
  ) {
    this.cur = start;
  }
  next(): Value {
    const { cur, end, step } = this;
    const up = step > 0;
    if (up ? cur >= end : cur <= end) return DONE;
    if (this.float) this.cur = (cur as number) + (step as number);
    else this.cur = iadd(cur, step);
    return this.float ? new F64(cur as number) : cur;
  }
}

/** Iterator over a `for` loop source (arrays are iterated over a snapshot). */
export function iter(_c: Ctx, v: Value, borrowed: boolean, pos: number): Iter {
  if (v instanceof RRange) {
    let end = v.end;
    if (v.inclusive) end = typeof end === 'number' ? end + 1 : toBig(end) + 1n;
    if (typeof v.start === 'number' && typeof end === 'number' && end <= MAX_SAFE)
      return new NumRangeIter(v.start, end);
    return new BigRangeIter(v.start, toBig(end));
  }
  if (Array.isArray(v)) return new ArrIter(borrowed ? v.slice() : v);
  if (typeof v === 'string') return new ArrIter(toChars(v).map(mkChar));
  if (v instanceof StepRange) {
    if (v.from instanceof F64 || v.to instanceof F64 || v.step instanceof F64)
      return new StepIter(fval(v.from), fval(v.to), fval(v.step), true);
    return new StepIter(v.from, v.to as Int, v.step as Int, false);
  }
  throw err('ErrorFor', 'For loop expects iterable type', pos);
}
