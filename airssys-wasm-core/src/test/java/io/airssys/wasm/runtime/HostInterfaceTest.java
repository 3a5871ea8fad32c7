package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitResultException;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.engine.WasmTimeoutException;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.HostInterfaceBindingException;
import io.airssys.wasm.host.WitErrorException;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import io.airssys.wasm.wit.WitResolve;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's own interfaces, implemented in Java and imported by components. */
class HostInterfaceTest {

    private static final String WIT = """
            package acme:shop@1.0.0;

            interface catalog {
                record item { sku: string, price-cents: u32 }
                enum lookup-error { unknown-sku, unavailable }

                find: func(sku: string) -> result<item, lookup-error>;
                count: func() -> u32;
                fail: func() -> u32;
                slow: func() -> u32;
            }

            world shopper {
                use catalog.{item, lookup-error};
                import catalog;
                export relay-find: func(sku: string) -> result<item, lookup-error>;
                export relay-count: func() -> u32;
                export relay-fail: func() -> u32;
                export relay-slow: func() -> u32;
            }
            """;

    /** Relays each export to the import of the same name; find's result comes back through a return area at 1024. */
    private static final String WAT = """
            (module
              (import "acme:shop/catalog@1.0.0" "find" (func $find (param i32 i32 i32)))
              (import "acme:shop/catalog@1.0.0" "count" (func $count (result i32)))
              (import "acme:shop/catalog@1.0.0" "fail" (func $fail (result i32)))
              (import "acme:shop/catalog@1.0.0" "slow" (func $slow (result i32)))
              (memory (export "memory") 1)
              (global $heap (mut i32) (i32.const 4096))
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
                (local $p i32)
                (local.set $p (global.get $heap))
                (global.set $heap (i32.add (global.get $heap) (local.get 3)))
                (local.get $p))
              (func (export "relay-find") (param i32 i32) (result i32)
                (call $find (local.get 0) (local.get 1) (i32.const 1024))
                (i32.const 1024))
              (func (export "relay-count") (result i32) (call $count))
              (func (export "relay-fail") (result i32) (call $fail))
              (func (export "relay-slow") (result i32) (call $slow)))
            """;

    private static final WitResolve RESOLVE = WitParser.parse("shop.wit", WIT);
    private static final WitInterface CATALOG =
            RESOLVE.findInterface("acme:shop/catalog@1.0.0").orElseThrow();

    public record Item(String sku, int priceCents) {}

    public enum LookupError {
        UNKNOWN_SKU,
        UNAVAILABLE
    }

    /** The application's implementation, bound by method names. */
    public static final class Catalog {
        public Item find(String sku) {
            if (sku.equals("none")) {
                throw new WitErrorException(LookupError.UNKNOWN_SKU);
            }
            return new Item(sku, 1250);
        }

        public int count() {
            return 42;
        }

        public int fail() {
            throw new IllegalStateException("catalog is down");
        }

        public int slow() throws InterruptedException {
            Thread.sleep(3_000);
            return 0;
        }
    }

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private ComponentRuntime runtime(CapabilitySet grants) {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .hostInterface(HostInterface.bind(CATALOG, new Catalog()))
                .grants(id -> Optional.of(grants))
                .build());
        return runtime;
    }

    private static CapabilitySet catalogGrant() {
        return CapabilitySet.of(new Capability.HostInterfaceImport(NamePattern.parse("acme:shop/*")));
    }

    private static byte[] shopper(String permissions, String timeout) {
        String manifest = "[component]\nid = \"shopper\"\nversion = \"1.0.0\"\nworld = \"acme:shop/shopper@1.0.0\"\n"
                + permissions + "[resources]\ntimeout = \"" + timeout + "\"\n";
        byte[] module = CustomSectionEditor.append(Wat.compile(WAT), "airssys:manifest", manifest);
        return CustomSectionEditor.append(module, "airssys:wit", WIT);
    }

    private static final String REQUESTED = "[permissions.host]\ninterfaces = [\"acme:shop/catalog@1.0.0\"]\n";

    @Test
    void aComponentCallsTheApplicationsInterfaceWithTypedValues() {
        ComponentHandle shopper = runtime(catalogGrant()).deploy(shopper(REQUESTED, "2s"));

        assertThat(shopper.invoke("relay-count", Integer.class)).isEqualTo(42);
        assertThat(shopper.invoke("relay-find", Item.class, "tea")).isEqualTo(new Item("tea", 1250));
        assertThatThrownBy(() -> shopper.invoke("relay-find", Item.class, "none"))
                .isInstanceOfSatisfying(
                        WitResultException.class,
                        e -> assertThat(e.error(LookupError.class)).contains(LookupError.UNKNOWN_SKU));
        assertThat(runtime.audit().recent()).anySatisfy(event -> {
            assertThat(event.target()).isEqualTo("acme:shop/catalog@1.0.0#count");
            assertThat(event.allowed()).isTrue();
        });
    }

    @Test
    void anExceptionOfTheApplicationReachesTheCallerWithItsTypeAndMessage() {
        ComponentHandle shopper = runtime(catalogGrant()).deploy(shopper(REQUESTED, "2s"));

        assertThatThrownBy(() -> shopper.invoke("relay-fail", Integer.class))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("catalog is down");
        assertThat(shopper.invoke("relay-count", Integer.class))
                .as("the next call works")
                .isEqualTo(42);
    }

    @Test
    void aSlowImplementationEndsTheCallAtItsDeadline() {
        ComponentHandle shopper = runtime(catalogGrant()).deploy(shopper(REQUESTED, "300ms"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> shopper.invoke("relay-slow", Integer.class)).isInstanceOf(WasmTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void refusesAComponentImportingTheInterfaceWithoutRequestingIt() {
        assertThatThrownBy(() -> runtime(catalogGrant()).deploy(shopper("", "2s")))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("shopper@1.0.0")
                .hasMessageContaining(
                        "imports host interface acme:shop/catalog@1.0.0 but its manifest does not " + "request it");
    }

    @Test
    void refusesAComponentWhoseRequestTheOperatorDidNotGrant() {
        assertThatThrownBy(() -> runtime(CapabilitySet.NONE).deploy(shopper(REQUESTED, "2s")))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("host.interface acme:shop/catalog@1.0.0");
    }

    @Test
    void refusesAnImportTheInterfaceDoesNotHaveOrWithAnotherSignature() {
        String wat = WAT.replace(
                        "(import \"acme:shop/catalog@1.0.0\" \"count\" (func $count (result i32)))",
                        "(import \"acme:shop/catalog@1.0.0\" \"count\" (func $count (result i64)))")
                .replace(
                        "(import \"acme:shop/catalog@1.0.0\" \"fail\" (func $fail (result i32)))",
                        "(import \"acme:shop/catalog@1.0.0\" \"fails\" (func $fail (result i32)))");
        String manifest = "[component]\nid = \"shopper\"\nversion = \"1.0.0\"\n" + REQUESTED;
        byte[] artifact = CustomSectionEditor.append(
                Wat.compile(wat.replace("(func (export \"relay-count\") (result i32) (call $count))", "")),
                "airssys:manifest",
                manifest);

        assertThatThrownBy(() -> runtime(catalogGrant()).deploy(artifact))
                .isInstanceOf(ComponentRejectedException.class)
                .hasMessageContaining("import acme:shop/catalog@1.0.0.count expects [] -> [I64]")
                .hasMessageContaining("no host function acme:shop/catalog@1.0.0.fails");
    }

    @Test
    void bindingListsEveryMethodThatDoesNotFit() {
        Object wrong = new Object() {
            public String find(int sku) {
                return "";
            }

            public void count() {}
        };

        assertThatThrownBy(() -> HostInterface.bind(CATALOG, wrong))
                .isInstanceOfSatisfying(
                        HostInterfaceBindingException.class,
                        e -> assertThat(e.problems())
                                .hasSize(5)
                                .anySatisfy(p -> assertThat(p).startsWith("find (find) parameter 'sku'"))
                                .anySatisfy(p -> assertThat(p).startsWith("find (find) result"))
                                .anySatisfy(p -> assertThat(p).contains("count (count): returns nothing"))
                                .anySatisfy(p -> assertThat(p).isEqualTo("fail: no public method named fail"))
                                .anySatisfy(p -> assertThat(p).isEqualTo("slow: no public method named slow")));
    }

    @Test
    void aRawCoreFunctionIsOfferedUnderItsModuleNameWithTheSameChecks() {
        String wat = "(module (import \"acme:raw/clock\" \"now\" (func $now (result i64)))"
                + " (func (export \"now\") (result i64) (call $now)))";
        String manifest = "[component]\nid = \"clocked\"\nversion = \"1.0.0\"\n"
                + "[permissions.host]\ninterfaces = [\"acme:raw/clock\"]\n";
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .hostFunction(new io.airssys.wasm.engine.HostFunction(
                        "acme:raw/clock",
                        "now",
                        new io.airssys.wasm.binary.ExternType.FunctionType(
                                java.util.List.of(), java.util.List.of(io.airssys.wasm.binary.ValueType.I64)),
                        call -> new Object[] {1234L}))
                .grants(id -> Optional.of(
                        CapabilitySet.of(new Capability.HostInterfaceImport(NamePattern.parse("acme:raw/*")))))
                .build());

        byte[] module = CustomSectionEditor.append(Wat.compile(wat), "airssys:manifest", manifest);
        ComponentHandle clocked = runtime.deploy(CustomSectionEditor.append(
                module, "airssys:wit", "package acme:clocked@1.0.0;\nworld clocked { export now: func() -> u64; }\n"));

        assertThat(clocked.invoke("now", Long.class)).isEqualTo(1234L);
        assertThat(runtime.audit().recent())
                .anySatisfy(event -> assertThat(event.target()).isEqualTo("acme:raw/clock#now"));
        assertThatThrownBy(() -> RuntimeConfig.builder(registry)
                        .hostFunction(new io.airssys.wasm.engine.HostFunction(
                                "wasi_snapshot_preview1",
                                "fd_write",
                                new io.airssys.wasm.binary.ExternType.FunctionType(
                                        java.util.List.of(), java.util.List.of()),
                                call -> new Object[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belong to the host's own functions");
    }
}
