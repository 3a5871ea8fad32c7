package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.messaging.DeadLetter;
import io.airssys.wasm.messaging.Message;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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
                        "b", CapabilitySet.of(new Capability.MessagingSendTo(NamePattern.parse("a"))),
                        "c", CapabilitySet.of(new Capability.MessagingSendTo(NamePattern.parse("host")))))
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
    void theApplicationHearsWhatAComponentSendsToHost() throws Exception {
        runtime.deploy(pinger("c", "host", true));
        BlockingQueue<Message> heard = new LinkedBlockingQueue<>();
        try (AutoCloseable listening = runtime.listen("c", message -> {
            heard.add(message);
            return null;
        })) {
            runtime.send("c", new byte[] {5});

            Message message = heard.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.from()).isEqualTo("c");
            assertThat(message.to()).isEqualTo("host");
            assertThat(message.payload()).containsExactly(4);
        }
    }

    @Test
    void theApplicationsRequestCompletesWithTheComponentsReply() throws Exception {
        runtime.deploy(TestComponents.appender("echo", "!"));

        byte[] reply = runtime.request("echo", "hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);

        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("hi!");
    }

    @Test
    void theApplicationsRequestToNobodyFailsAtOnceAndToAFailingHandlerLater() throws Exception {
        assertThatThrownBy(() -> runtime.request("nobody", new byte[0], Duration.ofSeconds(1)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("nobody");
        runtime.deploy(pinger("b", "a", true));

        var answer = runtime.request("b", new byte[] {1}, Duration.ofSeconds(5));

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(MessagingException.class);
    }

    @Test
    void withoutAListenerForItAComponentCannotReachTheApplication() throws Exception {
        runtime.deploy(pinger("c", "host", true));
        try (AutoCloseable listening = runtime.listen("someone-else", message -> null)) {
            runtime.send("c", new byte[] {2});

            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !runtime.messageBus().deadLetters().isEmpty());
            assertThat(runtime.messageBus().deadLetters().get(0).reason()).contains("listens to no messages from 'c'");
        }
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
