package io.airssys.wasm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.runtime.ComponentRuntime;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class WasmMessagingAutoConfigurationTest {

    /** Hears the countdown component. */
    public static class Orders {
        final BlockingQueue<byte[]> heard = new LinkedBlockingQueue<>();

        @WasmMessageListener("countdown")
        public void onCountdown(byte[] payload) {
            heard.add(payload);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrdersApplication {
        @Bean
        Orders orders() {
            return new Orders();
        }
    }

    public static class Misshapen {
        @WasmMessageListener
        public int wrong(long a, long b) {
            return 0;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class MisshapenApplication {
        @Bean
        Misshapen misshapen() {
            return new Misshapen();
        }
    }

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WasmEngineAutoConfiguration.class,
                        WasmSecurityAutoConfiguration.class,
                        WasmRuntimeAutoConfiguration.class,
                        WasmMessagingAutoConfiguration.class))
                .withPropertyValues(
                        "airssys.wasm.registry.path=" + dir.resolve("registry"),
                        "airssys.wasm.components.countdown.grants.send-to=host");
    }

    /** The countdown component: on [n] with n > 0 it sends [n - 1] to host. */
    private static byte[] countdown() {
        try (InputStream in =
                WasmMessagingAutoConfigurationTest.class.getResourceAsStream("/wasm/pinger.wat.template")) {
            String wat = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{PEER}}", "host")
                    .replace("{{PEER_LEN}}", "4");
            String manifest = "[component]\nid = \"countdown\"\nversion = \"1.0.0\"\n"
                    + "[permissions.messaging]\nsend-to = [\"host\"]\n";
            return CustomSectionEditor.append(Wat.compile(wat), "airssys:manifest", manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aListenerMethodReceivesWhatAComponentSendsToTheApplication() {
        runner().withUserConfiguration(OrdersApplication.class).run(context -> {
            ComponentRuntime runtime = context.getBean(ComponentRuntime.class);
            runtime.deploy(countdown());

            runtime.send("countdown", new byte[] {3});

            assertThat(context.getBean(Orders.class).heard.poll(10, TimeUnit.SECONDS))
                    .containsExactly(2);
        });
    }

    @Test
    void aListenerOfTheWrongShapeFailsStartUpNamingIt() {
        runner().withUserConfiguration(MisshapenApplication.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasMessageContaining("Misshapen.wrong: takes 2 parameters instead of one");
        });
    }
}
