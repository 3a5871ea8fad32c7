package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.messaging.DeadLetter;
import io.airssys.wasm.messaging.MessageBus;
import io.airssys.wasm.messaging.MessagingError;
import io.airssys.wasm.messaging.MessagingException;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.testing.TestComponents;
import io.airssys.wasm.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagingIntegrationTest {

    @TempDir
    Path registry;

    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .grants(Map.of(
                        "a", CapabilitySet.of(new Capability.MessagingSendTo(NamePattern.parse("b"))),
                        "b", CapabilitySet.of(new Capability.MessagingSendTo(NamePattern.parse("a")))))
                .build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private static byte[] pinger(String id, String peer, boolean requestsPermission) {
        String wat;
        try (InputStream in = MessagingIntegrationTest.class.getResourceAsStream("/wasm/pinger.wat.template")) {
            wat = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wat = wat.replace("{{PEER}}", peer).replace("{{PEER_LEN}}", Integer.toString(peer.length()));
        String manifest = "[component]\nid = \"" + id + "\"\nversion = \"1.0.0\"\n"
                + (requestsPermission ? "[permissions.messaging]\nsend-to = [\"" + peer + "\"]\n" : "");
        return CustomSectionEditor.append(Wat.compile(wat), "airssys:manifest", manifest);
    }

    @Test
    void componentsMessageEachOtherBackAndForthWithoutDeadlock() {
        runtime.deploy(pinger("a", "b", true));
        runtime.deploy(pinger("b", "a", true));

        runtime.messageBus().send(MessageBus.HOST, "a", new byte[] {30});

        await().atMost(Duration.ofSeconds(10))
                .until(() -> runtime.messageBus().stats().delivered() == 31);
        assertThat(runtime.messageBus().deadLetters()).isEmpty();
        assertThat(runtime.status("b").orElseThrow().versions().get(0).calls()).isEqualTo(15);
    }

    @Test
    void sendToAnUngrantedTargetIsDeniedAuditedAndTheMessageDeadLettered() {
        runtime.deploy(pinger("b", "a", true));
        runtime.deploy(pinger("rogue", "b", false));

        runtime.messageBus().send(MessageBus.HOST, "rogue", new byte[] {1});

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !runtime.messageBus().deadLetters().isEmpty());
        DeadLetter letter = runtime.messageBus().deadLetters().get(0);
        assertThat(letter.to()).isEqualTo("rogue");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.reason()).contains("returned unavailable: send failed");
        assertThat(runtime.audit().recent()).anySatisfy(event -> {
            assertThat(event.component()).startsWith("rogue@1.0.0");
            assertThat(event.action()).isEqualTo("messaging.send");
            assertThat(event.target()).isEqualTo("b");
            assertThat(event.allowed()).isFalse();
        });
        assertThat(runtime.status("b").orElseThrow().versions().get(0).calls())
                .as("nothing reached b")
                .isZero();
    }

    @Test
    void oneHundredThousandMessagesToAComponentAllArriveInOrder() {
        runtime.deploy(TestComponents.artifact("1.0.0"));
        List<Integer> order = new CopyOnWriteArrayList<>();
        runtime.messageBus()
                .addObserver((message, reply) ->
                        order.add(ByteBuffer.wrap(message.payload()).getInt()));

        int accepted = 0;
        while (accepted < 100_000) {
            try {
                runtime.messageBus()
                        .send(
                                MessageBus.HOST,
                                "greeter",
                                ByteBuffer.allocate(4).putInt(accepted).array());
                accepted++;
            } catch (MessagingException e) {
                assertThat(e.error()).isEqualTo(MessagingError.MAILBOX_FULL);
                Thread.onSpinWait();
            }
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> order.size() == 100_000);
        assertThat(order).isSorted();
        assertThat(runtime.messageBus().deadLetters()).isEmpty();
        assertThat(runtime.messageBus().stats().delivered()).isEqualTo(100_000);
    }
}
