package io.airssys.wasm.bindgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.JavaMapping;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitResultException;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitResolve;
import io.airssys.wasm.wit.WitType;
import io.airssys.wasm.wit.WitWorld;
import io.airssys.wasm.wit.WorldItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every WIT type crosses generated bindings unchanged: host -> guest -> host through the
 * exports, and guest -> host import -> guest through the relay exports, which call the host's
 * imports of the same name. Each language's guest implements {@code bindgen/everything.wit}
 * ({@code everything_impl.*}) and is compiled against its bindings at test time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BindingsRoundTrip {

    private static final String GUEST = "test:all/guest@1.0.0#";

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

    record Point(int x, int y) {}

    sealed interface Shape permits Circle, Rect, Empty, Named, Big, Precise, Polyline {}

    record Circle(float value) implements Shape {}

    record Rect(Point value) implements Shape {}

    record Empty() implements Shape {}

    record Named(String value) implements Shape {}

    record Big(long value) implements Shape {}

    record Precise(double value) implements Shape {}

    record Polyline(List<Point> value) implements Shape {}

    record Pair(String a, long b) {}

    record Bundle(
            boolean flag,
            byte b,
            byte sb,
            short h,
            short sh,
            int w,
            int sw,
            long d,
            long sd,
            float f,
            double g,
            int c,
            String s,
            Color color,
            EnumSet<Perms> perms,
            List<Shape> shapes,
            Optional<String> maybe,
            WitValue outcome,
            Pair pair,
            List<List<Point>> nested,
            byte[] bytes,
            Optional<Optional<Boolean>> register) {}

    static final Path SOURCES = Path.of("src/test/resources/bindgen");

    private WitResolve wit;
    private WasmEngine engine;
    private CompiledModule module;
    private InstancePool pool;
    private TypedInvoker guest;
    private final List<String> notes = new CopyOnWriteArrayList<>();

    /** Generates the bindings of {@code world} into {@code dir} and compiles the guest against them. */
    abstract byte[] buildGuest(Path dir, WitWorld world) throws IOException;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        wit = WitParser.parse(SOURCES.resolve("everything.wit"));
        WitWorld world = wit.findWorld("everything").orElseThrow();
        byte[] wasm = buildGuest(dir, world);
        engine = WasmEngine.create();
        module = engine.compile("everything@1.0.0", wasm, ModuleLimits.DEFAULT);
        pool = new InstancePool(module, hostFunctions(world), PoolSettings.defaults());
        guest = new TypedInvoker(pool, wit);
    }

    @AfterAll
    void close() {
        if (pool != null) {
            pool.close();
            module.close();
            engine.close();
        }
    }

    private List<HostFunction> hostFunctions(WitWorld world) {
        WitInterface host = wit.findInterface("test:all/host@1.0.0").orElseThrow();
        WitHostFunctions.Implementation echo = args -> args.get(0);
        List<HostFunction> functions = new ArrayList<>(WitHostFunctions.forInterface(
                host,
                Map.of(
                        "echo-bundle", echo,
                        "echo-shape", echo,
                        "maybe-double",
                                args -> {
                                    Optional<WitValue> x = ((WitValue.OptionValue) args.get(0)).value();
                                    return new WitValue.OptionValue(x.map(v -> new WitValue.IntValue(
                                            WitPrimitive.U32, ((WitValue.IntValue) v).value() * 2)));
                                },
                        "check",
                                args -> {
                                    long x = ((WitValue.IntValue) args.get(0)).value();
                                    return x < 0
                                            ? WitValue.ResultValue.err(new WitValue.StringValue("host says negative"))
                                            : WitValue.ResultValue.ok(args.get(0));
                                },
                        "sum-many", args -> new WitValue.IntValue(WitPrimitive.U64, sum(args) + 1_000_000),
                        "greet",
                                args -> new WitValue.StringValue(
                                        "Host greets " + ((WitValue.StringValue) args.get(0)).value()),
                        "note",
                                args -> {
                                    notes.add(((WitValue.StringValue) args.get(0)).value());
                                    return null;
                                })));
        var twice = ((WorldItem.FunctionItem) world.imports().get("twice")).value();
        functions.add(WitHostFunctions.forFunction(
                WitHostFunctions.ROOT_MODULE,
                twice,
                args -> new WitValue.IntValue(WitPrimitive.U32, ((WitValue.IntValue) args.get(0)).value() * 2)));
        return functions;
    }

    private static long sum(List<WitValue> args) {
        long sum = 0;
        for (WitValue arg : args) {
            if (arg instanceof WitValue.IntValue i) {
                sum += i.value();
            } else if (arg instanceof WitValue.F32Value f) {
                sum += (long) f.value();
            } else if (arg instanceof WitValue.F64Value f) {
                sum += (long) f.value();
            } else if (arg instanceof WitValue.StringValue s) {
                sum += s.value().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return sum;
    }

    private WitType type(String name) {
        return wit.findInterface("test:all/types@1.0.0")
                .orElseThrow()
                .type(name)
                .orElseThrow();
    }

    private WitValue bundle(String text) {
        Bundle bundle = new Bundle(
                true,
                (byte) 200,
                (byte) -100,
                (short) 60000,
                (short) -30000,
                0xFFFF_FFF0,
                -2_000_000_000,
                Long.MIN_VALUE + 7,
                Long.MIN_VALUE,
                3.5f,
                -1e300,
                0x1F600,
                text,
                Color.BLUE,
                EnumSet.of(Perms.READ, Perms.EXEC),
                List.of(
                        new Circle(1.25f),
                        new Rect(new Point(-1, 2)),
                        new Empty(),
                        new Named("n" + text),
                        new Big(Long.MAX_VALUE),
                        new Precise(Math.PI),
                        new Polyline(List.of(new Point(1, 2), new Point(3, 4)))),
                Optional.of("maybe " + text),
                WitValue.ResultValue.err(new WitValue.StringValue("outcome " + text)),
                new Pair("pair", 42),
                List.of(List.of(new Point(5, 6)), List.of(), List.of(new Point(7, 8), new Point(9, 10))),
                new byte[] {0, 1, (byte) 255},
                Optional.of(Optional.empty()));
        return JavaMapping.toWit(bundle, type("bundle"), "bundle");
    }

    @Test
    void everyTypeCrossesFromTheHostIntoTheGuestAndBack() {
        WitValue bundle = bundle("grüße ✓");

        assertThat(guest.invoke(GUEST + "echo-bundle", bundle)).isEqualTo(bundle);
    }

    @Test
    void everyTypeCrossesFromTheGuestIntoTheHostsImportAndBack() {
        WitValue bundle = bundle("relayed");

        assertThat(guest.invoke(GUEST + "relay-bundle", bundle)).isEqualTo(bundle);
    }

    @Test
    void everyVariantCaseCrossesBothWays() {
        List<Shape> shapes = List.of(
                new Circle(-0.5f),
                new Rect(new Point(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                new Empty(),
                new Named(""),
                new Named("named"),
                new Big(-1L),
                new Precise(Double.MIN_VALUE),
                new Polyline(List.of()),
                new Polyline(List.of(new Point(0, 0))));
        for (Shape shape : shapes) {
            WitValue value = JavaMapping.toWit(shape, type("shape"), "shape");
            assertThat(guest.invoke(GUEST + "echo-shape", value))
                    .as("echo %s", shape)
                    .isEqualTo(value);
            assertThat(guest.invoke(GUEST + "relay-shape", value))
                    .as("relay %s", shape)
                    .isEqualTo(value);
        }
    }

    @Test
    void optionsAndResultsBecomePointersAndBooleans() {
        assertThat(guest.invoke(GUEST + "maybe-double", Optional.of(21))).isEqualTo(some(42));
        assertThat(guest.invoke(GUEST + "maybe-double", Optional.empty()))
                .isEqualTo(new WitValue.OptionValue(Optional.empty()));
        assertThat(guest.invoke(GUEST + "relay-maybe-double", Optional.of(5))).isEqualTo(some(10));
        assertThat(guest.invoke(GUEST + "relay-maybe-double", Optional.empty()))
                .isEqualTo(new WitValue.OptionValue(Optional.empty()));

        assertThat(guest.invoke(GUEST + "check", Integer.class, 7)).isEqualTo(7);
        assertThatThrownBy(() -> guest.invoke(GUEST + "check", Integer.class, -7))
                .isInstanceOf(WitResultException.class)
                .hasMessageContaining("negative");
        assertThat(guest.invoke(GUEST + "relay-check", Integer.class, 8)).isEqualTo(8);
        assertThatThrownBy(() -> guest.invoke(GUEST + "relay-check", Integer.class, -8))
                .isInstanceOf(WitResultException.class)
                .hasMessageContaining("host says negative");
        assertThat(guest.invoke(GUEST + "returns-nothing")).isEqualTo(new WitValue.ResultValue(true, Optional.empty()));
    }

    @Test
    void parametersPastSixteenFlatValuesTravelThroughMemoryBothWays() {
        Object[] args = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1L << 40, 2.5f, 100.75, "seven"};
        long expected = 91 + (1L << 40) + 2 + 100 + 5;

        assertThat(guest.invoke(GUEST + "sum-many", Long.class, args)).isEqualTo(expected);
        assertThat(guest.invoke(GUEST + "relay-sum-many", Long.class, args)).isEqualTo(expected + 1_000_000);
    }

    @Test
    void scalarsEnumsAndFlagsPassByValue() {
        assertThat(guest.invoke(GUEST + "next-color", Color.class, Color.BLUE)).isEqualTo(Color.RED);
        assertThat(guest.invoke(GUEST + "flip-perms", EnumSet.of(Perms.WRITE)))
                .isEqualTo(new WitValue.FlagsValue(java.util.Set.of("read", "exec")));
        assertThat(guest.invoke(GUEST + "scalars", Double.class, 1.5f, 2.25, (int) 'A', true, (byte) -3, (short) 65535))
                .isEqualTo(1.5 + 2.25 + 65 + 1000 - 3 + 65535);
        assertThat(guest.invoke(GUEST + "mirror", Point.class, new Point(1, -2)))
                .isEqualTo(new Point(-2, 1));
        assertThat(guest.invoke(GUEST + "relay-twice", Integer.class, 21)).isEqualTo(42);
    }

    @Test
    void stringsAndListsOfStringsAreOwnedAndFreedByTheRightSide() {
        assertThat(guest.invoke(GUEST + "greet", String.class, "Ada")).isEqualTo("Hello, Ada");
        assertThat(guest.invoke(GUEST + "relay-greet", String.class, "Grace")).isEqualTo("Host greets Grace");
        assertThat(guest.invoke(GUEST + "words", " split  these words "))
                .isEqualTo(new WitValue.ListValue(List.of(
                        new WitValue.StringValue("split"),
                        new WitValue.StringValue("these"),
                        new WitValue.StringValue("words"))));
        guest.invoke(GUEST + "relay-note", "noted");
        assertThat(notes).contains("noted");
        assertThat(guest.invoke("version", String.class)).isEqualTo("1.0.0");
    }

    @Test
    void repeatedCallsDoNotGrowTheGuestsMemory() {
        WitValue bundle = bundle("x".repeat(1000));
        for (int i = 0; i < 200; i++) {
            guest.invoke(GUEST + "relay-bundle", bundle);
        }
        long before =
                pool.withInstance(instance -> instance.memory().orElseThrow().size());
        for (int i = 0; i < 2_000; i++) {
            guest.invoke(GUEST + "relay-bundle", bundle);
            guest.invoke(GUEST + "words", "a b c d e f g");
        }
        long after = pool.<Long>withInstance(
                instance -> instance.memory().orElseThrow().size());
        assertThat(after)
                .as("arguments, results and the host's replies are all freed")
                .isEqualTo(before);
    }

    private static WitValue some(long value) {
        return new WitValue.OptionValue(Optional.of(new WitValue.IntValue(WitPrimitive.U32, value)));
    }
}
