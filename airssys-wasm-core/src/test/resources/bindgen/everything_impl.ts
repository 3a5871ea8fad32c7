// Implements world test:all/everything against the bindings `airssys-wasm bindgen assemblyscript`
// generates (bindings/everything.ts): echo functions hand their argument back, relay functions
// pass it to the host's import of the same name and return what it returns.
import { Bundle, Shape, Color, Perms, Point, Option, Result, Unit, host, twice } from "./bindings/everything";

export namespace guest {
  export function echoBundle(b: Bundle): Bundle {
    return b;
  }

  export function relayBundle(b: Bundle): Bundle {
    return host.echoBundle(b);
  }

  export function echoShape(s: Shape): Shape {
    return s;
  }

  export function relayShape(s: Shape): Shape {
    return host.echoShape(s);
  }

  export function maybeDouble(x: Option<u32>): Option<u32> {
    return x.isSome ? Option.some<u32>(x.value * 2) : Option.none<u32>();
  }

  export function relayMaybeDouble(x: Option<u32>): Option<u32> {
    return host.maybeDouble(x);
  }

  export function check(x: i32): Result<i32, string> {
    return x < 0 ? Result.err<i32, string>("negative") : Result.ok<i32, string>(x);
  }

  export function relayCheck(x: i32): Result<i32, string> {
    return host.check(x);
  }

  export function sumMany(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32, k: u32,
                          l: u32, m: u32, n: u64, o: f32, p: f64, q: string): u64 {
    return <u64>a + <u64>b + <u64>c + <u64>d + <u64>e + <u64>f + <u64>g + <u64>h + <u64>i + <u64>j + <u64>k
        + <u64>l + <u64>m + n + <u64>o + <u64>p + <u64>String.UTF8.byteLength(q);
  }

  export function relaySumMany(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32, j: u32,
                               k: u32, l: u32, m: u32, n: u64, o: f32, p: f64, q: string): u64 {
    return host.sumMany(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q);
  }

  export function nextColor(c: Color): Color {
    return <Color>((c + 1) % 3);
  }

  export function flipPerms(p: Perms): Perms {
    return p ^ (Perms.READ | Perms.WRITE | Perms.EXEC);
  }

  export function scalars(a: f32, b: f64, c: u32, d: bool, e: i8, f: u16): f64 {
    return <f64>a + b + <f64>c + (d ? 1000.0 : 0.0) + <f64>e + <f64>f;
  }

  export function greet(name: string): string {
    return "Hello, " + name;
  }

  export function relayGreet(name: string): string {
    return host.greet(name);
  }

  export function mirror(p: Point): Point {
    return new Point(p.y, p.x);
  }

  export function words(text: string): Array<string> {
    const parts = text.split(" ");
    const out = new Array<string>();
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].length > 0) out.push(parts[i]);
    }
    return out;
  }

  export function relayNote(message: string): void {
    host.note(message);
  }

  export function relayTwice(x: u32): u32 {
    return twice(x);
  }

  export function returnsNothing(): Result<Unit, Unit> {
    return Result.ok<Unit, Unit>(0);
  }
}

export function version(): string {
  return "1.0.0";
}
