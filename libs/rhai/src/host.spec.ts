import { describe, expect, it } from 'vitest';
import {
  encodeValue,
  F64,
  fromJs,
  RhaiEngine,
  RhaiError,
  rhaiFloat,
  SANDBOX_LIMITS,
  stringifyEncoded,
  toJs,
} from './index.js';

async function rhaiError(p: Promise<unknown> | (() => unknown)): Promise<RhaiError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(RhaiError);
    return e as RhaiError;
  }
  throw new Error('expected a RhaiError');
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('host functions', () => {
  it('passes Rhai values to host functions and converts plain JS results back', async () => {
    const engine = new RhaiEngine().registerFunction('describe', 1, ([v]) => ({
      type: typeof v,
      list: [1, 2.5, 'x', null],
    }));
    const v = await engine.evaluate('let d = describe(42); [d.type, d.list]');
    expect(encodeValue(v)).toEqual(['number', [1, { f64: 2.5 }, 'x', null]]);
  });

  it('chooses overloads by arity, then by parameter types', async () => {
    const engine = new RhaiEngine()
      .registerFunction('greet', 0, () => 'hi')
      .registerFunction('greet', ['string'], ([n]) => `hi ${n}`)
      .registerFunction('greet', ['i64'], ([n]) => `hi #${n}`)
      .registerFunction(
        'greet',
        ['string', 'map'],
        ([n, o]) => `hi ${n}${(o as Map<string, unknown>).get('suffix')}`,
      );
    const v = await engine.evaluate('[greet(), greet("ada"), greet(7), greet("bo", #{suffix: "!"})]');
    expect(encodeValue(v)).toEqual(['hi', 'hi ada', 'hi #7', 'hi bo!']);
    const e = await rhaiError(engine.evaluate('greet(true)'));
    expect(e.type).toBe('ErrorFunctionNotFound');
    expect(e.message).toContain('greet (bool)');
  });

  it('calls host functions in method style with the receiver as first argument', async () => {
    const engine = new RhaiEngine().registerFunction(
      'shout',
      ['string'],
      ([s]) => `${String(s).toUpperCase()}!`,
    );
    expect(await engine.evaluate('"go".shout()')).toBe('GO!');
  });

  it('lets a host function mutate its receiver only when registered as mutating', async () => {
    const engine = new RhaiEngine().registerFunction(
      'add_tag',
      ['map', 'string'],
      ([m, t]) => {
        (m as Map<string, unknown>).set('tag', t);
      },
      { mutatesFirstArg: true },
    );
    const v = await engine.evaluate('let m = #{}; m.add_tag("x"); m.tag');
    expect(v).toBe('x');
    const e = await rhaiError(engine.evaluate('const M = #{}; M.add_tag("x");'));
    expect(e.type).toBe('ErrorNonPureMethodCallOnConstant');
  });

  it('suspends evaluation only at asynchronous host calls and resumes with their result', async () => {
    const calls: string[] = [];
    const engine = new RhaiEngine().registerFunction(
      'vote',
      ['string', 'string', 'i64'],
      async ([type, prompt, k]) => {
        calls.push(`${type}:${prompt}:${k}`);
        await delay(5);
        return { is_ok: true, is_err: false, value: `answer to ${prompt}`, votes: k };
      },
      { async: true },
    );
    const script = `
      let results = [];
      for p in ["a", "b"] {
        let r = vote("Coder", p, 3);
        if r.is_err { throw r.error; }
        results.push(r.value);
      }
      results`;
    expect(encodeValue(await engine.evaluate(script))).toEqual(['answer to a', 'answer to b']);
    expect(calls).toEqual(['Coder:a:3', 'Coder:b:3']);
  });

  it('supports async host calls inside closures, higher-order functions and script functions', async () => {
    const engine = new RhaiEngine().registerFunction(
      'fetch_len',
      ['string'],
      async ([s]) => {
        await delay(1);
        return String(s).length;
      },
      { async: true },
    );
    const script = `
      fn total(items) { items.map(|s| fetch_len(s)).reduce(|a, b| a + b, 0) }
      let f = |x| fetch_len(x) * 10;
      [total(["ab", "cde"]), f.call("four"), ["x", "yy"].filter(|s| fetch_len(s) > 1)]`;
    expect(encodeValue(await engine.evaluate(script))).toEqual([5, 40, ['yy']]);
  });

  it('evaluates pure scripts synchronously even when async host functions exist', () => {
    const engine = new RhaiEngine().registerFunction('slow', 0, async () => 1, { async: true });
    expect(engine.evaluateSync('let s = 0; for i in 0..100 { s += i; } s')).toBe(4950);
    expect(
      encodeValue(engine.evaluateSync('fn dbl(x) { x * 2 } [1, 2, 3].map(|x| dbl(x)).filter(|x| x > 2)')),
    ).toEqual([4, 6]);
    expect(() => engine.evaluateSync('slow()')).toThrow(RhaiError);
  });

  it('reaches async host functions through function pointers named by strings', async () => {
    const engine = new RhaiEngine().registerFunction('slow', 1, async ([x]) => x, { async: true });
    expect(await engine.evaluate('let f = Fn("slow"); f.call(7)')).toBe(7);
    expect(encodeValue(await engine.evaluate('[1, 2].map("slow")'))).toEqual([1, 2]);
    expect(await engine.evaluate('let name = "sl" + "ow"; Fn(name).call(3)')).toBe(3);
  });

  it('propagates rejections of async host functions as catchable errors', async () => {
    const engine = new RhaiEngine().registerFunction(
      'fail',
      0,
      async () => {
        throw new RhaiError('ErrorRuntime', 'Runtime error: upstream down', 0, {}, 'upstream down');
      },
      { async: true },
    );
    expect(await engine.evaluate('let r = (); try { fail(); } catch (e) { r = e; } r')).toBe('upstream down');
  });

  it('turns JavaScript exceptions from host functions into catchable ErrorRuntime with the cause kept', async () => {
    const cause = new TypeError('bad host');
    const engine = new RhaiEngine()
      .registerFunction('boom', 0, () => {
        throw cause;
      })
      .registerFunction('boom_later', 0, async () => Promise.reject(new Error('later')), { async: true });
    const e = await rhaiError(engine.evaluate('\n  boom()'));
    expect(e.toJSON()).toMatchObject({ type: 'ErrorRuntime', line: 2, column: 3 });
    expect(e.message).toContain('bad host');
    expect((e as { cause?: unknown }).cause).toBe(cause);
    expect(await engine.evaluate('let r = (); try { boom_later(); } catch (e) { r = e; } r')).toBe('later');
  });

  it('lets host functions choose an uncatchable variant by throwing a RhaiError', async () => {
    const engine = new RhaiEngine().registerFunction('halt', 0, () => {
      throw new RhaiError('ErrorTerminated', 'Script terminated');
    });
    expect((await rhaiError(engine.evaluate('try { halt() } catch { 1 }'))).type).toBe('ErrorTerminated');
  });

  it('refuses scripts that define a function named like a host function', async () => {
    const engine = new RhaiEngine().registerFunction('log', 1, () => undefined);
    const e = await rhaiError(engine.evaluate('fn log(x) { x } log(1)'));
    expect(e.type).toBe('ErrorParsing');
    expect(engine.check('fn log(x) { x }').map((d) => d.type)).toEqual(['ErrorParsing']);
  });
});

describe('an orchestration-style task script', () => {
  it('runs retries, closures over async calls, try/catch and map building end to end', async () => {
    let votes = 0;
    const logs: unknown[] = [];
    const engine = RhaiEngine.sandbox()
      .registerFunction(
        'vote',
        3,
        async ([, prompt, k]) => {
          votes++;
          await delay(1);
          return votes === 2
            ? { is_ok: false, is_err: true, error: 'no consensus' }
            : { is_ok: true, is_err: false, value: `FILE: a.ts\n${prompt}`, votes: k };
        },
        { async: true },
      )
      .registerFunction('log', 1, async ([m]) => void logs.push(m), { async: true })
      .registerFunction('apply', 1, () => {
        throw new Error('worktree is read-only');
      })
      .registerModule('AtomType', { Coder: 'Coder', Reviewer: 'Reviewer' })
      .registerConstant('task', { id: 'T1', k: 3, inputs: ['a', 'b'] });
    const script = `
      fn attempt_vote(prompt, tries) {
        let last = ();
        for i in 0..tries {
          let r = vote(AtomType::Coder, prompt, task.k);
          if r.is_ok { return r; }
          log(\`attempt \${i} failed: \${r.error}\`);
          last = r;
        }
        last
      }
      let results = #{};
      for input in task.inputs {
        let r = attempt_vote(\`implement \${input} for \${task.id}\`, 3);
        if r.is_err { throw r.error; }
        results[input] = r.value.len();
      }
      let reviewed = task.inputs.map(|f| vote(AtomType::Reviewer, f, 1).votes);
      let applied = [];
      try { applied = apply(results); } catch (err) { log(\`apply failed: \${err}\`); }
      #{results: results, reviewed: reviewed, applied: applied, votes: 5}`;
    expect(encodeValue(await engine.evaluate(script))).toEqual({
      results: { a: 29, b: 29 },
      reviewed: [1, 1],
      applied: [],
      votes: 5,
    });
    expect(logs).toEqual(['attempt 0 failed: no consensus', 'apply failed: worktree is read-only']);
    expect(votes).toBe(5);
  });
});

describe('module constants and global constants', () => {
  const engine = new RhaiEngine()
    .registerModule('AtomType', { Coder: 'Coder', Reviewer: 'Reviewer' })
    .registerConstant('task', { id: 't-1', attempt: 2, inputs: ['a.ts'], k: 3 });

  it('resolves Module::NAME paths', async () => {
    expect(await engine.evaluate('AtomType::Coder')).toBe('Coder');
    const e = await rhaiError(engine.evaluate('AtomType::Nope'));
    expect(e.type).toBe('ErrorVariableNotFound');
    expect((await rhaiError(engine.evaluate('Nope::X'))).type).toBe('ErrorModuleNotFound');
  });

  it('makes registered constants visible at top level and inside functions', async () => {
    const v = await engine.evaluate('fn attempt() { task.attempt } [task.id, attempt(), task.inputs.len()]');
    expect(encodeValue(v)).toEqual(['t-1', 2, 1]);
  });

  it('keeps registered constants read-only', async () => {
    expect((await rhaiError(engine.evaluate('task = 1;'))).type).toBe('ErrorAssignmentToConstant');
    expect((await rhaiError(engine.evaluate('task.id = "x";'))).type).toBe('ErrorAssignmentToConstant');
    expect((await rhaiError(engine.evaluate('task.inputs.push("b");'))).type).toBe(
      'ErrorNonPureMethodCallOnConstant',
    );
    const copy = await engine.evaluate('let t = task; t.id = "changed"; [t.id, task.id]');
    expect(encodeValue(copy)).toEqual(['changed', 't-1']);
  });
});

describe('sandbox limits', () => {
  it('stops runaway loops with the operation limit, which try cannot catch', async () => {
    const engine = new RhaiEngine({ maxOperations: 10_000 });
    const e = await rhaiError(engine.evaluate('try { loop { } } catch (e) { 1 }'));
    expect(e.type).toBe('ErrorTooManyOperations');
  });

  it('enforces the wall-clock deadline on pure computation', async () => {
    const engine = new RhaiEngine({ timeoutMs: 50 });
    const started = Date.now();
    const e = await rhaiError(engine.evaluate('let i = 0; loop { i += 1; }'));
    expect(e.type).toBe('ErrorTerminated');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('enforces the deadline while waiting on a hanging async host call', async () => {
    const engine = new RhaiEngine({ timeoutMs: 50 }).registerFunction(
      'hang',
      0,
      () => new Promise(() => undefined),
      {
        async: true,
      },
    );
    const e = await rhaiError(engine.evaluate('try { hang() } catch { 0 }'));
    expect(e.type).toBe('ErrorTerminated');
  });

  it('aborts through an AbortSignal while suspended', async () => {
    const engine = new RhaiEngine().registerFunction('wait', 0, () => delay(1_000), { async: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const e = await rhaiError(engine.evaluate('wait(); 1', { signal: ac.signal }));
    expect(e.type).toBe('ErrorTerminated');
  });

  it('refuses to start with an already aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    expect((await rhaiError(new RhaiEngine().evaluate('1', { signal: ac.signal }))).type).toBe(
      'ErrorTerminated',
    );
  });

  it('limits call depth and data sizes in the sandbox preset', async () => {
    const engine = RhaiEngine.sandbox();
    expect(engine.limits).toEqual(SANDBOX_LIMITS);
    expect((await rhaiError(engine.evaluate('fn f(n) { f(n + 1) } f(0)'))).type).toBe('ErrorStackOverflow');
    expect((await rhaiError(engine.evaluate('let a = []; loop { a.push(1); }'))).type).toBe(
      'ErrorDataTooLarge',
    );
  });

  it('turns JavaScript stack exhaustion into ErrorStackOverflow when call depth is unlimited', async () => {
    const engine = new RhaiEngine({ maxCallLevels: 0 });
    const e = await rhaiError(engine.evaluate('fn f(n) { f(n + 1) + 1 } f(0)'));
    expect(e.type).toBe('ErrorStackOverflow');
  });
});

describe('values and errors for the host', () => {
  it('keeps i64 exact across the 64-bit range', async () => {
    const engine = new RhaiEngine();
    const v = await engine.evaluate('9223372036854775807 - 1');
    expect(v).toBe(9223372036854775806n);
    expect(stringifyEncoded(encodeValue(v))).toBe('9223372036854775806');
    expect(stringifyEncoded(encodeValue(fromJs({ big: 9223372036854775807n, f: rhaiFloat(2) })))).toBe(
      '{"big":9223372036854775807,"f":{"f64":2}}',
    );
  });

  it('converts between JavaScript and Rhai values', () => {
    const rhai = fromJs({ a: [1, 2.5, 'x', null, true], nested: { deep: 1n } });
    expect(rhai).toBeInstanceOf(Map);
    expect(toJs(rhai)).toEqual({ a: [1, 2.5, 'x', null, true], nested: { deep: 1 } });
    expect(fromJs(2.5)).toBeInstanceOf(F64);
  });

  it('serialises errors in the DESIGN §7 shape with the innermost position', async () => {
    const engine = new RhaiEngine();
    const e = await rhaiError(engine.evaluate('fn f() { let z = 0; 1 / z }\nf()'));
    expect(e.toJSON()).toEqual({
      type: 'ErrorArithmetic',
      message: 'Division by zero: 1 / 0 (line 1, position 23)',
      line: 1,
      column: 23,
      wrapped_in: 'ErrorInFunctionCall',
    });
  });
});

describe('static checks', () => {
  const engine = new RhaiEngine()
    .registerFunction('spawn_atom', 2, () => undefined)
    .registerFunction('spawn_atom', 3, () => undefined);

  it('accepts scripts that only call known functions', () => {
    expect(engine.check('fn helper(x) { x.len() } let r = spawn_atom("Coder", "p"); helper([r])')).toEqual(
      [],
    );
  });

  it('reports unknown functions, wrong arity and forbidden constructs with positions', () => {
    const diags = engine.check('spawn_atom("a");\nlet x = nope(1);\n[1].frobnicate()');
    expect(diags.map((d) => [d.type, d.line, d.column])).toEqual([
      ['ErrorFunctionNotFound', 1, 1],
      ['ErrorFunctionNotFound', 2, 9],
      ['ErrorFunctionNotFound', 3, 5],
    ]);
    expect(engine.check('let total = 1;\ntotl + 1').map((d) => [d.type, d.line, d.column])).toEqual([
      ['ErrorVariableNotFound', 2, 1],
    ]);
    expect(engine.check('fn f() { limit } let limit = 1; f()')[0]).toMatchObject({
      type: 'ErrorVariableNotFound',
      column: 10,
    });
    expect(engine.check('import "x" as y;')[0]).toMatchObject({ type: 'ErrorParsing', line: 1, column: 1 });
    expect(engine.check('eval("1")')[0]).toMatchObject({ type: 'ErrorParsing' });
  });
});
