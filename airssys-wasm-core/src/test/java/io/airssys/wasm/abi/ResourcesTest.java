package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitValue.HostResource;
import io.airssys.wasm.abi.WitValue.IntValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.InstanceUnavailableException;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitResolve;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resources across the canonical ABI, both ways: a guest-implemented {@code counter} used from
 * Java, and a host-implemented {@code logbook} used by the guest; every handle rule the spec
 * traps on is broken once by {@code wasm/resources.wat}.
 */
class ResourcesTest {

    static final String COUNTERS = "test:res/counters@1.0.0#";
    static final String CONSTRUCTOR = COUNTERS + "[constructor]counter";

    /** The host's implementation of {@code logbook}. */
    static final class Logbook implements AutoCloseable {
        static final AtomicInteger open = new AtomicInteger();
        final String name;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        Logbook(String name) {
            this.name = name;
            open.incrementAndGet();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
            }
        }
    }

    /** The Java view of the guest's counter. */
    interface Counter extends AutoCloseable {
        long increment(long by);

        long get();

        @Override
        void close();
    }

    static WitResolve wit;
    static WasmEngine engine;
    static CompiledModule module;
    InstancePool pool;
    TypedInvoker counters;

    static WitResolve resourcesWit() {
        try {
            return WitParser.parse(
                    Path.of(ResourcesTest.class.getResource("/wit/resources").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<HostFunction> hostFunctions(WitResolve wit) {
        List<HostFunction> functions = new ArrayList<>(WitHostFunctions.forInterface(
                wit.findInterface("test:res/logs@1.0.0").orElseThrow(),
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
                                WitPrimitive.U32, logbook(args.get(0)).lines.size()),
                        "[method]logbook.describe",
                        args -> new StringValue("logbook " + logbook(args.get(0)).name),
                        "[static]logbook.absorb",
                        args -> {
                            Logbook source = logbook(args.get(1));
                            logbook(args.get(0)).lines.addAll(source.lines);
                            source.close();
                            return null;
                        })));
        functions.addAll(ResourceIntrinsics.forExports(wit));
        return functions;
    }

    static Logbook logbook(WitValue value) {
        return (Logbook) ((HostResource) value).object();
    }

    @BeforeAll
    static void compile() {
        wit = resourcesWit();
        engine = WasmEngine.create();
        module = engine.compile("resources@1.0.0", Wat.fixture("resources"), ModuleLimits.DEFAULT);
    }

    @AfterAll
    static void release() {
        module.close();
        engine.close();
    }

    @BeforeEach
    void startPool() {
        pool = new InstancePool(
                module,
                hostFunctions(wit),
                PoolSettings.defaults()
                        .withMaxInstances(2)
                        .withAcquireTimeout(Duration.ofSeconds(2))
                        // the floods and the 100,000 cycles make that many host calls, slow on wasmtime-java
                        .withCallTimeout(Duration.ofSeconds(60)));
        counters = new TypedInvoker(pool, wit);
        counters.verify(wit.findWorld("test:res/plugin@1.0.0").orElseThrow());
    }

    @AfterEach
    void stopPool() {
        pool.close();
        assertThat(Logbook.open).as("host objects left open").hasValue(0);
    }

    private GuestResource newCounter(long start) {
        return (GuestResource) counters.invoke(CONSTRUCTOR, start);
    }

    /** The guest's count of live counters, on the instance that holds {@code on}. */
    private long liveOn(GuestResource on) {
        return pool.withInstance(
                on.origin().instance(),
                instance -> ((IntValue) counters.invokeOn(instance, COUNTERS + "live")).value());
    }

    private int liveHandles(GuestResource on) {
        return pool.withInstance(
                on.origin().instance(), instance -> HandleTable.of(instance).live());
    }

    @Test
    void constructsCallsAndDropsAResourceTheGuestImplements() {
        GuestResource counter = newCounter(5);

        assertThat(counter.type()).isEqualTo(new ResourceType("test:res/counters@1.0.0", "counter"));
        assertThat(counter.invoke("increment", Long.class, 3L)).isEqualTo(8L);
        assertThat(counter.invoke("get")).isEqualTo(new IntValue(WitPrimitive.S64, 8));
        assertThat(liveOn(counter)).isEqualTo(1);
        assertThat(liveHandles(counter))
                .as("the host owns it; the guest's table is empty")
                .isZero();

        counter.close();

        assertThat(counter.isOpen()).isFalse();
        assertThat(liveOn(counter)).as("the destructor ran").isZero();
        assertThatThrownBy(() -> counter.invoke("get"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        counter.close(); // closing twice does nothing
    }

    @Test
    void aJavaInterfaceCallsTheResourceMethodsOfItsNames() {
        try (Counter counter = counters.invoke(CONSTRUCTOR, Counter.class, 10L)) {
            assertThat(counter.increment(5)).isEqualTo(15);
            assertThat(counter.get()).isEqualTo(15);
            assertThat(ResourceProxies.resourceOf(counter)).isPresent();
        }
    }

    @Test
    void staticFunctionsBorrowTheirArgumentsAndReturnANewResource() {
        GuestResource a = newCounter(2);
        GuestResource b = (GuestResource)
                pool.withInstance(a.origin().instance(), instance -> counters.invokeOn(instance, CONSTRUCTOR, 40L));

        GuestResource sum = (GuestResource) counters.invoke(COUNTERS + "[static]counter.merge", a, b);

        assertThat(sum.invoke("get", Long.class)).isEqualTo(42L);
        assertThat(a.isOpen()).isTrue();
        assertThat(b.invoke("get", Long.class)).isEqualTo(40L);
        assertThat(counters.invoke(COUNTERS + "total", Long.class, List.of(a, b, sum)))
                .as("a list of borrows")
                .isEqualTo(84L);
        List.of(a, b, sum).forEach(GuestResource::close);
        assertThat(liveOn(a)).isZero();
    }

    @Test
    void handlesTravelInResultsStoredInMemory() {
        WitValue.TupleValue pair = (WitValue.TupleValue) counters.invoke(COUNTERS + "make-pair", 7L);

        GuestResource first = (GuestResource) pair.elements().get(0);
        GuestResource second = (GuestResource) pair.elements().get(1);
        assertThat(first.invoke("get", Long.class)).isEqualTo(7L);
        assertThat(second.invoke("get", Long.class)).isEqualTo(8L);
        first.close();
        second.close();
    }

    @Test
    void passingOwnMovesTheResourceIntoTheGuest() {
        GuestResource counter = newCounter(9);

        assertThat(counters.invoke(COUNTERS + "consume", Long.class, counter)).isEqualTo(9L);

        assertThat(counter.isOpen()).isFalse();
        assertThat(liveOn(counter))
                .as("the guest dropped it, running its destructor")
                .isZero();
        assertThat(liveHandles(counter)).isZero();
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "consume", counter))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moved into the component");
    }

    @Test
    void lendsAHostObjectForOneCall() {
        try (Logbook book = new Logbook("audit")) {
            assertThat(counters.invoke(COUNTERS + "use-log", Long.class, book, "hello"))
                    .isEqualTo(1L);

            assertThat(book.lines).containsExactly("hello");
            assertThat(book.closed).as("a borrow never closes the object").isFalse();
        }
    }

    @Test
    void closesAHostObjectTheGuestOwnedWhenItDropsIt() {
        Logbook book = new Logbook("given");

        assertThat(counters.invoke(COUNTERS + "adopt-log", Long.class, book)).isEqualTo(1L);

        assertThat(book.closed).isTrue();
    }

    @Test
    void takesBackAHostObjectTheGuestMadeAndGaveAway() {
        Logbook book = counters.invoke(COUNTERS + "new-log", Logbook.class, "made by the guest");

        assertThat(book.name).isEqualTo("made by the guest");
        assertThat(book.closed).as("the host owns it now").isFalse();
        book.close();
    }

    @Test
    void closesHostObjectsTheGuestStillOwnsWhenItsInstanceGoesAway() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "flood-logs"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("already holds " + HandleTable.MAX_LIVE_HANDLES + " resource handles");
        assertThat(Logbook.open)
                .as("the discarded instance's logbooks are closed")
                .hasValue(0);
    }

    @Test
    void leaksNothingOverAHundredThousandCreateDropCycles() {
        GuestResource probe = newCounter(0);
        WasmInstanceHolder holder = new WasmInstanceHolder(probe);

        holder.call(COUNTERS + "cycle-logs", 100_000);
        holder.call(COUNTERS + "cycle-counters", 100_000);
        for (int i = 0; i < 2_000; i++) {
            GuestResource counter = (GuestResource) holder.call(CONSTRUCTOR, (long) i);
            counter.close();
        }

        assertThat(Logbook.open).hasValue(0);
        assertThat(liveOn(probe)).as("only the probe is left").isEqualTo(1);
        int capacity = pool.withInstance(
                probe.origin().instance(), instance -> HandleTable.of(instance).capacity());
        assertThat(capacity).as("handle slots are reused, not grown").isLessThan(8);
        probe.close();
    }

    /** Calls on the instance that holds a resource. */
    private final class WasmInstanceHolder {
        private final GuestResource resource;

        WasmInstanceHolder(GuestResource resource) {
            this.resource = resource;
        }

        WitValue call(String export, Object... args) {
            return pool.withInstance(
                    resource.origin().instance(), instance -> counters.invokeOn(instance, export, args));
        }
    }

    @Test
    void aResourceDiesWithItsInstance() {
        GuestResource counter = newCounter(1);
        WasmInstanceHolder holder = new WasmInstanceHolder(counter);

        assertThatThrownBy(() -> holder.call(COUNTERS + "forge")).isInstanceOf(WasmAbiException.class);

        assertThatThrownBy(() -> counter.invoke("get"))
                .isInstanceOf(InstanceUnavailableException.class)
                .hasMessageContaining("discarded after a failed call");
        counter.close(); // nothing left to destroy
    }

    @Test
    void aResourceFailsCleanlyOnceItsPoolIsClosed() {
        GuestResource counter = newCounter(1);
        pool.close();

        assertThatThrownBy(() -> counter.invoke("get"))
                .isInstanceOf(InstanceUnavailableException.class)
                .hasMessageContaining("closed");
        counter.close();
    }

    @Test
    void refusesAResourceOfAnotherPool() {
        GuestResource counter = newCounter(1);
        try (InstancePool other = new InstancePool(module, hostFunctions(wit), PoolSettings.defaults())) {
            TypedInvoker elsewhere = new TypedInvoker(other, wit);
            assertThatThrownBy(() -> elsewhere.invoke(COUNTERS + "consume", counter))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a resource is used only where it was made");
        }
        assertThat(counter.isOpen()).isTrue();
        counter.close();
    }

    @Test
    void refusesAHostObjectWhereTheGuestImplementsTheResource() {
        try (Logbook book = new Logbook("not a counter")) {
            assertThatThrownBy(() -> counters.invoke(COUNTERS + "consume", book))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the component implements resource counter");
        }
    }

    // The canonical ABI's handle rules, each broken once; every break is a trap.

    @Test
    void trapsWhenTheGuestReturnsStillHoldingABorrow() {
        try (Logbook book = new Logbook("kept")) {
            assertThatThrownBy(() -> counters.invoke(COUNTERS + "keep-log", book, "x"))
                    .isInstanceOf(WasmAbiException.class)
                    .hasMessageContaining("returned still holding 1 borrowed handle(s)");
            assertThat(book.closed).isFalse();
        }
    }

    @Test
    void trapsOnAHandleUsedAfterItWasDropped() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "use-dropped"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("is not a live handle of resource logbook");
    }

    @Test
    void trapsOnDroppingAHandleWhileItIsLent() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "drop-lent", new Logbook("lent")))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("is lent to a call in progress (1 borrow(s)) and cannot be dropped");
    }

    @Test
    void trapsOnGivingAwayAHandleWhileItIsLent() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "give-twice", new Logbook("twice")))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("is lent to a call in progress and cannot be given away");
    }

    @Test
    void trapsOnAHandleTheGuestNeverReceived() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "forge"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("12345 is not a live handle");
    }

    @Test
    void trapsOnAHandleOfAnotherResourceType() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "wrong-type", new Logbook("wrong")))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining(
                        "is a handle of resource logbook of test:res/logs@1.0.0, not of resource counter");
    }

    @Test
    void trapsOnAHandleGivenAwayTwiceAndClosesWhatItHadTakenAlready() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "twice-in-a-list"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("is not a live handle of resource logbook");
        assertThat(Logbook.open)
                .as("the copy lifted before the trap was closed, not lost")
                .hasValue(0);
    }

    @Test
    void trapsInsteadOfExhaustingTheHostWhenTheGuestMakesHandlesForever() {
        assertThatThrownBy(() -> counters.invoke(COUNTERS + "flood-counters"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessageContaining("already holds " + HandleTable.MAX_LIVE_HANDLES);
    }
}
