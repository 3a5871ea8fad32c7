package io.airssys.wasm.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitValue.BoolValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitResolve;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaliciousGuestTest {

    static final String EVIL = "test:abi/evil@1.0.0#";

    static WitResolve wit;
    static WasmEngine engine;
    static CompiledModule evilModule;
    static InstancePool pool;
    static TypedInvoker evil;
    static final List<String> logged = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        wit = TypedInvokerTest.abiWit();
        engine = WasmEngine.create();
        evilModule = engine.compile("evil@6.6.6", Wat.fixture("abi-evil"), ModuleLimits.DEFAULT);
        var host = WitHostFunctions.forInterface(
                wit.findInterface("test:abi/evil-host@1.0.0").orElseThrow(), Map.of("log", args -> {
                    logged.add(((StringValue) args.get(0)).value());
                    return null;
                }));
        pool = new InstancePool(evilModule, host, PoolSettings.defaults().withMaxInstances(1));
        evil = new TypedInvoker(pool, wit);
    }

    @AfterAll
    static void stop() {
        pool.close();
        evilModule.close();
        engine.close();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "string-outside-memory      | string spanning 16 bytes at 4294967040 is outside the guest memory of 65536 bytes",
                "string-too-long            | string of 2147483647 bytes at 0 is longer than the canonical ABI's limit of 268435455 bytes",
                "invalid-utf8               | string of 2 bytes at 128 is not valid UTF-8",
                "enum-out-of-range          | discriminant 7 is out of range for color with 3 cases",
                "surrogate-char             | 0xD800 is not a valid char (a Unicode scalar value)",
                "option-bad-discriminant    | discriminant 5 is out of range for option<string> with 2 cases",
                "misaligned-list            | list<u32> of 2 at 3 is not aligned to 4 bytes",
                "return-area-outside-memory | string spanning 8 bytes at 4294967280 is outside the guest memory of 65536 bytes",
                "huge-list                  | list<u64> of 536870912 elements at 8 spans 4294967296 bytes, more than the canonical ABI's limit of 268435455 bytes",
            })
    void badDataFromTheGuestIsAnAbiErrorAndThePoolKeepsServing(String function, String problem) {
        assertThatThrownBy(() -> evil.invoke(EVIL + function))
                .isInstanceOf(WasmAbiException.class)
                .hasMessage("'evil@6.6.6' function '" + EVIL + function + "': " + problem);

        assertThat(evil.invoke(EVIL + "bool-two"))
                .as("a later call gets a fresh instance")
                .isNotNull();
        assertThat(pool.stats().inUse()).isZero();
    }

    @Test
    void anyNonZeroBoolIsTrueAsTheAbiSays() {
        assertThat(evil.invoke(EVIL + "bool-two")).isEqualTo(new BoolValue(true));
    }

    @Test
    void badPointerPassedToAHostFunctionIsAnAbiError() {
        assertThatThrownBy(() -> evil.invoke(EVIL + "host-log-outside-memory"))
                .isInstanceOf(WasmAbiException.class)
                .hasMessage("'evil@6.6.6' calling host function test:abi/evil-host@1.0.0#log: string spanning 100 bytes"
                        + " at 65530 is outside the guest memory of 65536 bytes");
        assertThat(logged).isEmpty();
    }

    @Test
    void allocatorReturningAPointerOutsideMemoryIsAnAbiError() {
        try (CompiledModule module =
                        engine.compile("bad-realloc@1.0.0", Wat.fixture("abi-bad-realloc"), ModuleLimits.DEFAULT);
                InstancePool badPool = new InstancePool(module, List.of(), PoolSettings.defaults())) {
            TypedInvoker invoker = new TypedInvoker(badPool, wit);

            assertThatThrownBy(() -> invoker.invoke(EVIL + "take-string", "hello"))
                    .isInstanceOf(WasmAbiException.class)
                    .hasMessageContaining("cabi_realloc result for string spanning 5 bytes at 4294901760 is outside");
        }
    }
}
