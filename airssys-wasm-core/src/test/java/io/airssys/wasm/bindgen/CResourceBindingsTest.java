package io.airssys.wasm.bindgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.abi.ResourceIntrinsics;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.HostResource;
import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Toolchain;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitResolve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C component using resources both ways through the bindings {@link CBindings} generates
 * (compiled with clang -Wall -Wextra -Werror): it implements {@code counter} and uses the host's
 * {@code logbook} ({@code src/test/resources/bindgen/resources.wit}, {@code resources_impl.c}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CResourceBindingsTest {

    private static final String COUNTERS = "test:cres/counters@1.0.0#";
    private static final Path SOURCES = Path.of("src/test/resources/bindgen");

    /** The host's logbook. */
    static final class Logbook implements AutoCloseable {
        final String name;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        Logbook(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private WasmEngine engine;
    private CompiledModule module;
    private InstancePool pool;
    private TypedInvoker guest;

    @BeforeAll
    void build(@TempDir Path dir) throws IOException {
        Toolchain.requireClang();
        WitResolve wit = WitParser.parse(SOURCES.resolve("resources.wit"));
        CBindings.Files files = CBindings.generate(wit.findWorld("cres").orElseThrow());
        Files.writeString(dir.resolve(files.headerName()), files.header());
        Files.writeString(dir.resolve(files.sourceName()), files.source());
        Files.copy(SOURCES.resolve("resources_impl.c"), dir.resolve("resources_impl.c"));
        Path wasm = dir.resolve("cres.wasm");
        Toolchain.run(dir, Toolchain.clang(wasm, List.of(dir.resolve("cres.c"), dir.resolve("resources_impl.c"))));
        engine = WasmEngine.create();
        module = engine.compile("cres@1.0.0", Files.readAllBytes(wasm), ModuleLimits.DEFAULT);
        List<HostFunction> host = new ArrayList<>(WitHostFunctions.forInterface(
                wit.findInterface("test:cres/logs@1.0.0").orElseThrow(),
                Map.of(
                        "[constructor]logbook",
                        args -> new HostResource(new Logbook(((StringValue) args.get(0)).value())),
                        "[method]logbook.append",
                        args -> {
                            logbook(args.get(0)).lines.add(((StringValue) args.get(1)).value());
                            return null;
                        },
                        "[method]logbook.size",
                        args -> new IntValue(
                                WitPrimitive.U32, logbook(args.get(0)).lines.size()))));
        host.addAll(ResourceIntrinsics.forExports(wit));
        pool = new InstancePool(module, host, PoolSettings.defaults().withMaxInstances(1));
        guest = new TypedInvoker(pool, wit);
        guest.verify(wit.findWorld("cres").orElseThrow());
    }

    private static Logbook logbook(WitValue value) {
        return (Logbook) ((HostResource) value).object();
    }

    @AfterAll
    void close() {
        if (pool != null) {
            pool.close();
            module.close();
            engine.close();
        }
    }

    private long live() {
        return guest.invoke(COUNTERS + "live", Long.class);
    }

    @Test
    void aResourceWrittenInCIsMadeCalledAndDestroyed() {
        GuestResource counter = (GuestResource) guest.invoke(COUNTERS + "[constructor]counter", 40L);

        assertThat(counter.invoke("increment", Long.class, 2L)).isEqualTo(42L);
        assertThat(counter.invoke("name", String.class)).isEqualTo("counter at 42");
        GuestResource sum = (GuestResource) guest.invoke(COUNTERS + "[static]counter.merge", counter, counter);
        assertThat(sum.invoke("get", Long.class)).isEqualTo(84L);
        assertThat(live()).isEqualTo(2);

        counter.close();
        assertThat(guest.invoke(COUNTERS + "consume", Long.class, sum)).isEqualTo(84L);

        assertThat(live()).as("both destructors ran").isZero();
    }

    @Test
    void handlesInAResultInMemoryBecomeResources() {
        WitValue.TupleValue pair = (WitValue.TupleValue) guest.invoke(COUNTERS + "pair", 7L);

        assertThat(((GuestResource) pair.elements().get(1)).invoke("get", Long.class))
                .isEqualTo(8L);
        pair.elements().forEach(element -> ((GuestResource) element).close());
        assertThat(live()).isZero();
    }

    @Test
    void theBindingsDropTheBorrowsAnExportReceives() {
        Logbook book = new Logbook("kept");

        assertThat(guest.invoke(COUNTERS + "write", Long.class, book, "one")).isEqualTo(1L);
        assertThat(guest.invoke(COUNTERS + "write", Long.class, book, "two")).isEqualTo(2L);

        assertThat(book.lines).containsExactly("one", "two");
        assertThat(book.closed).isFalse();
    }

    @Test
    void hostResourcesAreMadeGivenBackAndDroppedFromC() {
        Logbook made = guest.invoke(COUNTERS + "make-log", Logbook.class, "from C");
        assertThat(made.name).isEqualTo("from C");
        assertThat(made.closed).isFalse();

        Logbook given = new Logbook("given");
        assertThat(guest.invoke(COUNTERS + "adopt", Long.class, given)).isEqualTo(1L);
        assertThat(given.lines).containsExactly("adopted");
        assertThat(given.closed).as("the component dropped its own handle").isTrue();
    }

    @Test
    void manyCyclesLeaveNothingBehind() {
        for (int i = 0; i < 5_000; i++) {
            ((GuestResource) guest.invoke(COUNTERS + "[constructor]counter", (long) i)).close();
        }
        long memory =
                pool.withInstance(instance -> instance.memory().orElseThrow().size());
        for (int i = 0; i < 5_000; i++) {
            ((GuestResource) guest.invoke(COUNTERS + "[constructor]counter", (long) i)).close();
        }

        long after =
                pool.withInstance(instance -> instance.memory().orElseThrow().size());
        assertThat(live()).isZero();
        assertThat(after).isEqualTo(memory);
    }
}
