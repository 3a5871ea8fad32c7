package io.airssys.wasm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.abi.ResourceIntrinsics;
import io.airssys.wasm.abi.TypedInvoker;
import io.airssys.wasm.engine.CompiledModule;
import io.airssys.wasm.engine.HostFunction;
import io.airssys.wasm.engine.InstancePool;
import io.airssys.wasm.engine.ModuleLimits;
import io.airssys.wasm.engine.PoolSettings;
import io.airssys.wasm.engine.WasmEngine;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A resource the component implements, called from plain Java, as {@code docs/resources.md}
 * shows it (the component is {@code wasm/resources.wat}, its WIT {@code wit/resources}).
 */
class ResourceExampleTest {

    /** The Java view of the component's counter. */
    public interface Counter extends AutoCloseable {
        long increment(long by);

        long get();

        @Override
        void close();
    }

    /** The host side of test:res/logs, which the component imports. */
    public static final class Logs {
        public Logbook newLogbook(String name) {
            return new Logbook();
        }

        public void logbookAbsorb(Logbook into, Logbook source) {}
    }

    public static final class Logbook {
        public void append(String line) {}

        public int size() {
            return 0;
        }

        public String describe() {
            return "";
        }
    }

    @Test
    void makesCallsAndDropsAResourceOfTheComponent() throws Exception {
        WitResolve wit =
                WitParser.parse(Path.of(getClass().getResource("/wit/resources").toURI()));
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10, Clock.systemUTC()));
        enforcer.admit(
                "counters",
                CapabilitySet.of(new Capability.HostInterfaceImport(NamePattern.parse("test:res/logs@1.0.0"))),
                CapabilitySet.of(new Capability.HostInterfaceImport(NamePattern.parse("test:res/*"))));
        List<HostFunction> imports = new ArrayList<>(
                HostInterface.bind(wit.findInterface("test:res/logs@1.0.0").orElseThrow(), new Logs())
                        .functions("counters", enforcer));
        imports.addAll(ResourceIntrinsics.forExports(wit)); // [resource-new], -rep, -drop for what it exports

        String printed = PrintedOutput.of(() -> {
            try (WasmEngine engine = WasmEngine.create();
                    CompiledModule module =
                            engine.compile("counters@1.0.0", Wat.fixture("resources"), ModuleLimits.DEFAULT);
                    InstancePool pool = new InstancePool(module, imports, PoolSettings.defaults())) {
                // tag::guest-resource[]
                TypedInvoker counters = new TypedInvoker(pool, wit);
                try (GuestResource counter =
                        (GuestResource) counters.invoke("test:res/counters@1.0.0#[constructor]counter", 5L)) {
                    long now = counter.invoke("increment", Long.class, 2L); // on the instance that made it
                    Counter typed = counter.as(Counter.class); // the same counter through a Java interface
                    System.out.println(now + " " + typed.get());
                } // close() drops it: the component's [dtor]counter runs
                // end::guest-resource[]
            }
        });

        assertThat(printed.strip()).isEqualTo("7 7");
    }
}
