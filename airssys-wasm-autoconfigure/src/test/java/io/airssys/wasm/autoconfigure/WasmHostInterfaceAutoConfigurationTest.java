package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.WitResultException;
import io.airssys.wasm.actuate.endpoint.WasmEndpoint;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.host.WitErrorException;
import io.airssys.wasm.runtime.ComponentHandle;
import io.airssys.wasm.runtime.ComponentRejectedException;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.runtime.HostInterfaceUse;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WasmHostInterfaceAutoConfigurationTest {

    /** Relays each export to the import of the same name; find's result comes back through a return area at 1024. */
    private static final String WAT = """
            (module
              (import "acme:shop/catalog@1.0.0" "find" (func $find (param i32 i32 i32)))
              (import "acme:shop/catalog@1.0.0" "count" (func $count (result i32)))
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
              (func (export "relay-count") (result i32) (call $count)))
            """;

    public record Item(String sku, int price) {}

    public enum LookupError {
        UNKNOWN_SKU,
        UNAVAILABLE
    }

    @WasmHostInterface("acme:shop/catalog@1.0.0")
    public static class Catalog {
        public Item find(String sku) {
            if (sku.isEmpty()) {
                throw new WitErrorException(LookupError.UNKNOWN_SKU);
            }
            return new Item(sku, 399);
        }

        public int count() {
            return 7;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogApplication {
        @Bean
        Catalog catalog() {
            return new Catalog();
        }
    }

    /** Takes a long where the WIT says string, and lacks count. */
    @WasmHostInterface("acme:shop/catalog@1.0.0")
    public static class MistypedCatalog {
        public Item find(long sku) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MistypedApplication {
        @Bean
        MistypedCatalog catalog() {
            return new MistypedCatalog();
        }

        @Bean
        Unknown unknown() {
            return new Unknown();
        }
    }

    @WasmHostInterface("acme:shop/nowhere@1.0.0")
    public static class Unknown {}

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmHostInterfaceAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class))
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "airssys.wasm.host-interfaces.wit-location=classpath:host-wit/",
                        "airssys.wasm.components.shopper.grants.host-interfaces=acme:shop/*");
    }

    private static byte[] shopper(boolean requests) {
        String manifest = "[component]\nid = \"shopper\"\nversion = \"1.0.0\"\nworld = \"acme:shop/shopper@1.0.0\"\n"
                + (requests ? "[permissions.host]\ninterfaces = [\"acme:shop/catalog@1.0.0\"]\n" : "");
        byte[] module = CustomSectionEditor.append(Wat.compile(WAT), "airssys:manifest", manifest);
        return CustomSectionEditor.append(module, "airssys:wit", witText());
    }

    private static String witText() {
        try (var in = WasmHostInterfaceAutoConfigurationTest.class.getResourceAsStream("/host-wit/shop.wit");
                var deps =
                        WasmHostInterfaceAutoConfigurationTest.class.getResourceAsStream("/host-wit/deps/money.wit")) {
            String money = new String(deps.readAllBytes(), StandardCharsets.UTF_8)
                            .replace("package acme:money@1.0.0;", "package acme:money@1.0.0 {")
                    + "}\n";
            return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + money;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBeanImplementsTheInterfaceItsComponentsImport() {
        runner().withUserConfiguration(CatalogApplication.class).run(context -> {
            assertThat(context).hasNotFailed();
            ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
            ComponentHandle shopper = runtime.deploy(shopper(true));

            assertThat(shopper.invoke("relay-count", Integer.class)).isEqualTo(7);
            assertThat(shopper.invoke("relay-find", Item.class, "tea")).isEqualTo(new Item("tea", 399));
            assertThatThrownBy(() -> shopper.invoke("relay-find", Item.class, ""))
                    .isInstanceOfSatisfying(
                            WitResultException.class,
                            e -> assertThat(e.error(LookupError.class)).contains(LookupError.UNKNOWN_SKU));
            assertThat(runtime.hostInterfaces())
                    .containsExactly(new HostInterfaceUse(
                            "acme:shop/catalog@1.0.0",
                            java.util.List.of("find", "count"),
                            java.util.List.of("shopper")));
        });
    }

    @Test
    void aComponentThatDoesNotRequestTheInterfaceIsRefused() {
        runner().withUserConfiguration(CatalogApplication.class)
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(ComponentRuntime.class).deploy(shopper(false)))
                        .isInstanceOf(ComponentRejectedException.class)
                        .hasMessageContaining("does not request it"));
    }

    @Test
    void beansThatDoNotFitTheirWitFailStartUpListingEveryProblem() {
        runner().withUserConfiguration(MistypedApplication.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis =
                    new InvalidWasmHostInterfaceFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains("bean 'catalog' (acme:shop/catalog@1.0.0): find (find) parameter 'sku'")
                    .contains("bean 'catalog' (acme:shop/catalog@1.0.0): count: no public method named count")
                    .contains("bean 'unknown': the WIT at classpath:host-wit/ defines no interface "
                            + "acme:shop/nowhere@1.0.0");
            assertThat(analysis.getAction()).contains("camelCase");
        });
    }

    @Test
    void theEndpointShowsEachHostInterfaceAndWhoImportsIt() {
        runner().withUserConfiguration(CatalogApplication.class)
                .withConfiguration(AutoConfigurations.of(WasmEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=wasm")
                .run(context -> {
                    context.getBean(ComponentRuntime.class).deploy(shopper(true));

                    assertThat(context.getBean(WasmEndpoint.class).components().hostInterfaces())
                            .singleElement()
                            .satisfies(use -> assertThat(use.importedBy()).containsExactly("shopper"));
                });
    }
}
