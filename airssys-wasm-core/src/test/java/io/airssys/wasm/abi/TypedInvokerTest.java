package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.engine.WasmLinkException;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TypedInvokerTest {

    static final String ECHO = "test:abi/echo@1.0.0#";

    record Point(int x, int y) {}

    record Mixed(boolean flag, int small, long big, float ratio, String name, List<String> tags) {}

    record Triple(byte first, String second, double third) {}

    sealed interface Shape permits Circle, Rect, Nothing {}

    record Circle(double radius) implements Shape {}

    record Rect(Point corner) implements Shape {}

    record Nothing() implements Shape {}

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    enum Perms {
        READ,
        WRITE,
        EXEC
    }

    static WitResolve wit;
    static WasmEngine engine;
    static CompiledModule module;
    static InstancePool pool;
    static TypedInvoker echo;

    static WitResolve abiWit() {
        try {
            return WitParser.parse(
                    Path.of(TypedInvokerTest.class.getResource("/wit/abi").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() {
        wit = abiWit();
        engine = WasmEngine.create();
        module = engine.compile("echo@1.0.0", Wat.fixture("abi-echo"), ModuleLimits.DEFAULT);
        List<HostFunction> host = WitHostFunctions.forInterface(
                wit.findInterface("test:abi/host@1.0.0").orElseThrow(),
                Map.of(
                        "greet", args -> new StringValue("Hello, " + ((StringValue) args.get(0)).value() + "!"),
                        "add",
                                args -> new IntValue(
                                        WitPrimitive.U32,
                                        ((IntValue) args.get(0)).value() + ((IntValue) args.get(1)).value())));
        pool = new InstancePool(module, host, PoolSettings.defaults().withMaxInstances(1));
        echo = new TypedInvoker(pool, wit);
    }

    @AfterAll
    static void stop() {
        pool.close();
        module.close();
        engine.close();
    }

    private static <T> T roundTrip(String function, T value, Class<T> type) {
        return echo.invoke(ECHO + function, type, value);
    }

    @Test
    void roundTripsEveryPrimitiveAtItsLimits() {
        assertThat(roundTrip("echo-bool", true, Boolean.class)).isTrue();
        assertThat(roundTrip("echo-bool", false, Boolean.class)).isFalse();
        assertThat(roundTrip("echo-s8", (byte) -128, Byte.class)).isEqualTo((byte) -128);
        assertThat(echo.invoke(ECHO + "echo-u8", 255)).isEqualTo(new IntValue(WitPrimitive.U8, 255));
        assertThat(roundTrip("echo-s16", Short.MIN_VALUE, Short.class)).isEqualTo(Short.MIN_VALUE);
        assertThat(echo.invoke(ECHO + "echo-u16", 65_535)).isEqualTo(new IntValue(WitPrimitive.U16, 65_535));
        assertThat(roundTrip("echo-s32", Integer.MIN_VALUE, Integer.class)).isEqualTo(Integer.MIN_VALUE);
        assertThat(echo.invoke(ECHO + "echo-u32", 4_294_967_295L))
                .isEqualTo(new IntValue(WitPrimitive.U32, 4_294_967_295L));
        assertThat(roundTrip("echo-s64", Long.MIN_VALUE, Long.class)).isEqualTo(Long.MIN_VALUE);
        assertThat(echo.invoke(ECHO + "echo-u64", -1L).toString()).isEqualTo("18446744073709551615");
        assertThat(roundTrip("echo-f32", 1.5f, Float.class)).isEqualTo(1.5f);
        assertThat(roundTrip("echo-f32", Float.NaN, Float.class)).isNaN();
        assertThat(roundTrip("echo-f64", -0.0, Double.class)).isEqualTo(-0.0);
        assertThat(roundTrip("echo-char", 0x1F980, Integer.class)).isEqualTo(0x1F980);
        assertThat(roundTrip("echo-char", 'é', Character.class)).isEqualTo('é');
    }

    @Test
    void unsignedValuesCanBeHeldInJavaTypesOfTheirWidth() {
        assertThat(echo.invoke(ECHO + "echo-u8", (byte) -1)).isEqualTo(new IntValue(WitPrimitive.U8, 255));
        assertThat(echo.invoke(ECHO + "echo-u32", -1)).isEqualTo(new IntValue(WitPrimitive.U32, 4_294_967_295L));
        assertThat(echo.invoke(ECHO + "echo-u32", Integer.class, -1)).isEqualTo(-1);
        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-u8", 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 'v': cannot pass Integer 256 as WIT u8 (out of range)");
    }

    @Test
    void roundTripsStringsIncludingEmptyAndNonAscii() {
        assertThat(roundTrip("echo-string", "héllo wörld ✓ 🦀", String.class)).isEqualTo("héllo wörld ✓ 🦀");
        assertThat(roundTrip("echo-string", "", String.class)).isEmpty();
    }

    @Test
    void roundTripsBytesAndListsOfRecords() {
        byte[] bytes = new byte[10_000];
        new Random(1).nextBytes(bytes);
        assertThat(roundTrip("echo-bytes", bytes, byte[].class)).isEqualTo(bytes);

        List<Point> points = List.of(new Point(1, -2), new Point(Integer.MAX_VALUE, 0));
        WitValue echoed = echo.invoke(ECHO + "echo-points", points);
        assertThat(JavaMapping.fromWit(
                        echoed,
                        new WitType.ListType(wit.findInterface("test:abi/echo")
                                .orElseThrow()
                                .type("point")
                                .orElseThrow()),
                        new ParameterizedList(Point.class)))
                .isEqualTo(points);
    }

    @Test
    void roundTripsRecordsWithEveryFieldKindThroughAReturnArea() {
        Mixed mixed = new Mixed(true, 200, Long.MAX_VALUE, 0.25f, "name", List.of("a", "bb", ""));

        assertThat(roundTrip("echo-mixed", mixed, Mixed.class)).isEqualTo(mixed);
    }

    @Test
    void roundTripsTuples() {
        Triple triple = new Triple((byte) 7, "seven", 7.5);

        assertThat(roundTrip("echo-tuple", triple, Triple.class)).isEqualTo(triple);
    }

    @Test
    void roundTripsEveryVariantCaseAsASealedInterface() {
        for (Shape shape : List.of(new Circle(2.5), new Rect(new Point(3, 4)), new Nothing())) {
            assertThat(echo.invoke(ECHO + "echo-shape", Shape.class, shape)).isEqualTo(shape);
        }
    }

    @Test
    void roundTripsEnumsAndFlags() {
        for (Color color : Color.values()) {
            assertThat(roundTrip("echo-color", color, Color.class)).isEqualTo(color);
        }
        assertThat(echo.invoke(ECHO + "echo-perms", EnumSet.of(Perms.READ, Perms.EXEC)))
                .isEqualTo(new WitValue.FlagsValue(Set.of("read", "exec")));
        assertThat(echo.invoke(ECHO + "echo-perms", EnumSet.noneOf(Perms.class)))
                .isEqualTo(new WitValue.FlagsValue(Set.of()));
    }

    @Test
    void roundTripsOptionsBothWays() {
        assertThat(echo.invoke(ECHO + "echo-option", Optional.of("some")))
                .isEqualTo(new WitValue.OptionValue(Optional.of(new StringValue("some"))));
        assertThat(echo.invoke(ECHO + "echo-option", Optional.empty()))
                .isEqualTo(new WitValue.OptionValue(Optional.empty()));
        assertThat(echo.invoke(ECHO + "echo-option", String.class, Optional.of("plain")))
                .isEqualTo("plain");
    }

    @Test
    void resultOkIsTheValueAndErrIsAnException() {
        assertThat(echo.invoke(ECHO + "echo-result", Long.class, ResultValue.ok(new IntValue(WitPrimitive.U32, 7))))
                .isEqualTo(7L);

        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-result", Long.class, ResultValue.err(new StringValue("bad"))))
                .isInstanceOfSatisfying(
                        WitResultException.class,
                        e -> assertThat(e.error(String.class)).contains("bad"));
    }

    @Test
    void passesMoreThanSixteenFlatParametersThroughMemory() {
        Object[] args = new Object[17];
        for (int i = 0; i < 17; i++) {
            args[i] = i + 1;
        }

        assertThat(echo.invoke(ECHO + "sum17", Long.class, args)).isEqualTo(153L);
    }

    @Test
    void readsStringsTheGuestAllocatedAndCallsPostReturn() {
        long before = echo.invoke(ECHO + "post-returns", Long.class);

        assertThat(echo.invoke(ECHO + "shout", String.class, "hello, abi")).isEqualTo("HELLO, ABI");
        assertThat(echo.invoke(ECHO + "post-returns", Long.class)).isEqualTo(before + 1);
    }

    @Test
    void guestCallsTypedHostFunctions() {
        assertThat(echo.invoke(ECHO + "sum-points", Point.class, List.of(new Point(1, 2), new Point(10, 20))))
                .isEqualTo(new Point(11, 22));
        assertThat(echo.invoke(ECHO + "relay-greeting", String.class, "wasm")).isEqualTo("Hello, wasm!");
    }

    @Test
    void verifiesThatTheModuleImplementsTheWorld() {
        echo.verify(wit.findWorld("echo-guest").orElseThrow());

        assertThatThrownBy(() -> echo.verify(wit.findWorld("evil-guest").orElseThrow()))
                .isInstanceOfSatisfying(
                        WasmLinkException.class,
                        e -> assertThat(e.problems())
                                .contains("it does not export test:abi/evil@1.0.0#bool-two [] -> [I32]"));
    }

    @Test
    void refusesUnknownFunctionsAndWrongArguments() {
        assertThatThrownBy(() -> echo.invoke(ECHO + "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no WIT function 'test:abi/echo@1.0.0#nope'");
        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-string")).hasMessageContaining("takes 1 argument(s)");
        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-color", "purple"))
                .hasMessageContaining("cases are [red, green, blue]");
    }

    /** {@code List<E>} as a reflective type, for converting to a list of records. */
    record ParameterizedList(Class<?> element) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {element};
        }

        @Override
        public Type getRawType() {
            return List.class;
        }

        @Override
        public Type getOwnerType() {
            return null;
        }
    }

    @Test
    void liftedNaNsAreCanonical() {
        WitValue f32 = echo.invoke(ECHO + "echo-f32", new WitValue.F32Value(Float.intBitsToFloat(0x7fa00001)));
        WitValue f64 =
                echo.invoke(ECHO + "echo-f64", new WitValue.F64Value(Double.longBitsToDouble(0x7ff0000000000abcL)));

        assertThat(Float.floatToRawIntBits(((WitValue.F32Value) f32).value())).isEqualTo(0x7fc00000);
        assertThat(Double.doubleToRawLongBits(((WitValue.F64Value) f64).value()))
                .isEqualTo(0x7ff8000000000000L);
    }

    @Test
    void stringsWithUnpairedSurrogatesAreRefusedNotMangled() {
        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-string", "a\uD800b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate (U+D800) at index 1");
        assertThatThrownBy(() -> echo.invoke(ECHO + "echo-string", "end\uDC00"))
                .hasMessageContaining("unpaired surrogate (U+DC00) at index 3");
        assertThat(echo.invoke(ECHO + "echo-string", "paired \uD83D\uDE00"))
                .isEqualTo(new StringValue("paired \uD83D\uDE00"));
    }

    @Test
    void aReallocWithTheWrongSignatureIsRefusedBeforeAnyCall() {
        byte[] wrong = Wat.compile("""
                (module (memory (export "memory") 1)
                  (func (export "cabi_realloc") (param i32) (result i32) (local.get 0)))
                """);
        try (CompiledModule bad = engine.compile("bad-realloc@1.0.0", wrong, ModuleLimits.DEFAULT);
                InstancePool badPool = new InstancePool(bad, List.of(), PoolSettings.defaults())) {
            assertThatThrownBy(() -> new TypedInvoker(badPool, wit))
                    .isInstanceOf(WasmLinkException.class)
                    .hasMessageContaining("export cabi_realloc is [I32] -> [I32] but the canonical ABI needs "
                            + "[I32, I32, I32, I32] -> [I32]");
        }
    }

    @Test
    void aPostReturnWithTheWrongSignatureIsRefused() {
        byte[] wrong = Wat.compile("""
                (module (memory (export "memory") 1)
                  (func (export "test:abi/echo@1.0.0#echo-u32") (param i32) (result i32) (local.get 0))
                  (func (export "cabi_post_test:abi/echo@1.0.0#echo-u32") (param i64)))
                """);
        try (CompiledModule bad = engine.compile("bad-post@1.0.0", wrong, ModuleLimits.DEFAULT);
                InstancePool badPool = new InstancePool(bad, List.of(), PoolSettings.defaults())) {
            assertThatThrownBy(() -> new TypedInvoker(badPool, wit).invoke(ECHO + "echo-u32", 7))
                    .isInstanceOf(WasmLinkException.class)
                    .hasMessageContaining("must take the results of test:abi/echo@1.0.0#echo-u32: [I32] -> []");
        }
    }
}
