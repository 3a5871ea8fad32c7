package io.airssys.wasm.abi;

import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.GuestMemory;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitFunction;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A guest controls every byte the host lifts from its memory: whatever the bytes and wherever
 * the result pointer points, lifting any WIT type returns a value or throws
 * {@link WasmAbiException}, never anything else, and never reads outside the guest's memory.
 */
class LifterProperties {

    private static WasmEngine engine;
    private static CompiledModule module;
    private static InstancePool pool;
    private static TypedInvoker lift;
    private static List<String> functions;

    @BeforeContainer
    static void start() throws Exception {
        WitResolve wit = WitParser.parse(
                Path.of(LifterProperties.class.getResource("/wit/fuzz/lift.wit").toURI()));
        engine = WasmEngine.create();
        module = engine.compile("fuzz@1.0.0", Wat.fixture("fuzz-lift"), ModuleLimits.ofMemoryPages(1));
        pool = new InstancePool(module, List.of(), PoolSettings.defaults().withMaxInstances(1));
        lift = new TypedInvoker(pool, wit);
        functions = wit.findInterface("fuzz:abi/lift@1.0.0").orElseThrow().functions().values().stream()
                .map(WitFunction::name)
                .map(name -> "fuzz:abi/lift@1.0.0#" + name)
                .toList();
    }

    @AfterContainer
    static void stop() {
        pool.close();
        module.close();
        engine.close();
    }

    /** Guest memory as 32-bit words, mostly small numbers and pointers into memory, as real data is. */
    @Provide
    Arbitrary<int[]> memories() {
        Arbitrary<Integer> word = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 16)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 65_600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x7fc00000, 0x7fffffff)));
        return word.list()
                .ofMinSize(1)
                .ofMaxSize(1024)
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray());
    }

    @Property(tries = 50_000, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void liftsOrRefusesWhateverTheGuestMemoryHolds(
            @ForAll("memories") int[] words, @ForAll("pointers") int resultPointer) {
        pool.withInstance(instance -> {
            GuestMemory memory = instance.memory().orElseThrow();
            ByteBuffer bytes = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int word : words) {
                bytes.putInt(word);
            }
            memory.write(0, new byte[(int) memory.size()]);
            memory.write(4, bytes.array());
            memory.writeInt(0, resultPointer);
            for (String function : functions) {
                try {
                    lift.invokeOn(instance, function);
                } catch (WasmAbiException expected) {
                    // refused: out of bounds, misaligned, bad discriminant, char, UTF-8 or too big
                }
            }
            return null;
        });
    }

    @Provide
    Arbitrary<Integer> pointers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 4_200).map(p -> p & ~7),
                Arbitraries.integers().between(0, 65_540),
                Arbitraries.integers());
    }
}
