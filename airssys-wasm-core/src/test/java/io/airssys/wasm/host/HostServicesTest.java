package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitPrimitive;
import io.airssys.wasm.wit.WitResolve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HostServicesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    private final AuditLog audit = new AuditLog(100);
    private final CapabilityEnforcer enforcer = new CapabilityEnforcer(audit);
    private final HostServices services =
            new HostServices(enforcer, CLOCK, Map.of("APP_MODE", "production", "SECRET", "hunter2")::get);

    HostServicesTest() {
        CapabilitySet env = CapabilitySet.of(new Capability.EnvironmentVariable(NamePattern.parse("APP_*")));
        enforcer.admit("reporter", env, env);
    }

    @Test
    void guestReadsGrantedEnvironmentAndTheClockThroughItsImports() {
        WitResolve wit = WitParser.parse("guest.wit", """
                package test:host-guest;
                world guest {
                    export read-env: func(name: string) -> option<string>;
                    export now: func() -> u64;
                }
                """);
        try (WasmEngine engine = WasmEngine.create();
                CompiledModule module =
                        engine.compile("reporter@1.0.0", Wat.fixture("host-services-guest"), ModuleLimits.DEFAULT);
                InstancePool pool = new InstancePool(module, services.functions("reporter"), PoolSettings.defaults())) {
            TypedInvoker guest = new TypedInvoker(pool, wit);

            assertThat(guest.invoke("read-env", String.class, "APP_MODE")).isEqualTo("production");
            assertThat(guest.invoke("read-env", "SECRET"))
                    .as("an ungranted variable reads as absent")
                    .isEqualTo(new WitValue.OptionValue(Optional.empty()));
            assertThat(guest.invoke("now", Long.class)).isEqualTo(CLOCK.millis());
        }
        assertThat(audit.recent()).anySatisfy(event -> {
            assertThat(event.target()).isEqualTo("SECRET");
            assertThat(event.allowed()).isFalse();
        });
    }

    @Test
    void randomBytesHaveTheAskedLengthUpToALimit() throws Exception {
        var random = services.implementations("reporter").get("random-bytes");

        assertThat(((WitValue.BytesValue) random.call(List.of(new WitValue.IntValue(WitPrimitive.U32, 32)))).value())
                .hasSize(32);
        assertThatThrownBy(() -> random.call(List.of(new WitValue.IntValue(WitPrimitive.U32, 1 << 20))))
                .hasMessageContaining("at most 65536 per call");
    }

    @Test
    void bundledWitListsEveryFileOfTheWitFolder() throws IOException {
        Path wit = Path.of(System.getProperty("user.dir")).getParent().resolve("wit");
        for (Map.Entry<String, List<String>> folder : BundledWit.FILES.entrySet()) {
            try (Stream<Path> files = Files.list(wit.resolve(folder.getKey()))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wit")))
                        .containsExactlyInAnyOrderElementsOf(folder.getValue());
            }
            assertThat(BundledWit.load(folder.getKey()).mainPackage().name().name())
                    .isEqualTo(folder.getKey());
        }
    }
}
