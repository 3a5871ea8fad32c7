package io.airssys.wasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airssys.wasm.abi.GuestResource;
import io.airssys.wasm.binary.CustomSectionEditor;
import io.airssys.wasm.deployment.DeploymentException;
import io.airssys.wasm.deployment.DeploymentStrategy;
import io.airssys.wasm.host.HostInterface;
import io.airssys.wasm.host.HostInterfaceBindingException;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.NamePattern;
import io.airssys.wasm.testing.Wat;
import io.airssys.wasm.wit.WitInterface;
import io.airssys.wasm.wit.WitParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resources through the runtime: made and called through component handles, implemented by a bound Java class. */
class ResourcesRuntimeTest {

    private static final String WIT = read("/wit/resources/resources.wit");
    private static final WitInterface LOGS = WitParser.parse("resources.wit", WIT)
            .findInterface("test:res/logs@1.0.0")
            .orElseThrow();

    /** The application's logbook: a plain class whose public methods are the resource's methods. */
    public static final class Logbook implements AutoCloseable {
        final String name;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        Logbook(String name) {
            this.name = name;
        }

        public void append(String line) {
            lines.add(line);
        }

        public int size() {
            return lines.size();
        }

        public String describe() {
            return "logbook " + name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The host interface: the resource's constructor and static function. */
    public static final class Logs {
        final List<Logbook> made = new CopyOnWriteArrayList<>();

        public Logbook newLogbook(String name) {
            Logbook book = new Logbook(name);
            made.add(book);
            return book;
        }

        public void logbookAbsorb(Logbook into, Logbook source) {
            into.lines.addAll(source.lines);
            source.close();
        }
    }

    /** How a Java application sees the component's counter. */
    public interface Counter extends AutoCloseable {
        long increment(long by);

        long get();

        @Override
        void close();
    }

    @TempDir
    Path registry;

    private final Logs logs = new Logs();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private ComponentRuntime runtime;

    @BeforeEach
    void start() {
        runtime = ComponentRuntime.create(RuntimeConfig.builder(registry)
                .hostInterface(HostInterface.bind(LOGS, logs))
                .grants(id -> Optional.of(
                        CapabilitySet.of(new Capability.HostInterfaceImport(NamePattern.parse("test:res/logs@1.0.0")))))
                .addCallObserver((component, version, function, nanos, outcome) ->
                        observed.add(version + " " + function + " " + outcome))
                .build());
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private static String read(String resource) {
        try (InputStream in = ResourcesRuntimeTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] counters(String version) {
        String manifest = "[component]\nid = \"counters\"\nversion = \"" + version + "\"\n"
                + "world = \"test:res/plugin@1.0.0\"\n"
                + "[permissions.host]\ninterfaces = [\"test:res/logs@1.0.0\"]\n";
        byte[] module = CustomSectionEditor.append(Wat.fixture("resources"), "airssys:manifest", manifest);
        return CustomSectionEditor.append(module, "airssys:wit", WIT);
    }

    @Test
    void makesAndCallsAResourceThroughTheComponentHandle() {
        ComponentHandle counters = runtime.deploy(counters("1.0.0"));

        try (Counter counter = counters.function("new-counter", Counter.class).call(5L)) {
            assertThat(counter.increment(2)).isEqualTo(7);
            assertThat(counter.get()).isEqualTo(7);
        }

        assertThat(counters.function("live", Long.class).call()).isZero();
        assertThat(observed)
                .as("calls on the resource are observed like every call")
                .contains("1.0.0 [method]counter.increment SUCCESS", "1.0.0 [method]counter.get SUCCESS");
    }

    @Test
    void aGuestUsesAResourceTheApplicationImplementsInJava() {
        ComponentHandle counters = runtime.deploy(counters("1.0.0"));

        counters.invoke("cycle-logs", 1_000);
        Logbook book = new Logbook("kept by the application");
        assertThat(counters.invoke("use-log", Long.class, book, "written by the guest"))
                .isEqualTo(1L);

        assertThat(book.lines).containsExactly("written by the guest");
        assertThat(logs.made)
                .hasSize(1_000)
                .allSatisfy(made -> assertThat(made.closed).isTrue());
        assertThat(runtime.audit().recent())
                .anySatisfy(event -> assertThat(event.target()).isEqualTo("test:res/logs@1.0.0#[constructor]logbook"));
    }

    @Test
    void closesTheApplicationsObjectsAComponentStillHoldsWhenItsVersionRetires() {
        ComponentHandle counters = runtime.deploy(counters("1.0.0"));
        Logbook book = new Logbook("held");
        counters.invoke("hold-log", book);

        runtime.deploy(counters("2.0.0"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> book.closed);
    }

    @Test
    void aResourceStaysWithTheVersionThatMadeItAndEndsWithIt() {
        ComponentHandle counters = runtime.deploy(counters("1.0.0"));
        GuestResource counter = (GuestResource) counters.invoke("new-counter", 1L);

        runtime.deploy(counters("2.0.0"), DeploymentStrategy.canary(50));
        for (int i = 0; i < 20; i++) {
            assertThat(counter.invoke("increment", Long.class, 1L)).isEqualTo(2L + i);
        }
        assertThat(observed).filteredOn(call -> call.contains("increment")).allMatch(call -> call.startsWith("1.0.0"));

        runtime.promote("counters");

        assertThatThrownBy(() -> counter.invoke("get"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("no longer serves");
        counter.close(); // its instance is gone; nothing to do
    }

    /** Implements only part of the logbook resource. */
    public static final class Notebook {
        public void append(String line) {}
    }

    @Test
    void refusesAJavaClassThatCannotImplementTheResource() {
        assertThatThrownBy(() -> HostInterface.bind(LOGS, new Object() {
                    public Notebook newLogbook(String name) {
                        return new Notebook();
                    }
                }))
                .isInstanceOf(HostInterfaceBindingException.class)
                .hasMessageContaining("[method]logbook.size: no Notebook method named size")
                .hasMessageContaining("[method]logbook.describe: no Notebook method named describe")
                .hasMessageContaining("[static]logbook.absorb: no public method named logbookAbsorb");
        assertThatThrownBy(() -> HostInterface.bind(LOGS, new Object() {
                    public String newLogbook(String name) {
                        return name;
                    }
                }))
                .isInstanceOf(HostInterfaceBindingException.class)
                .hasMessageContaining("[constructor]logbook (newLogbook) result: String cannot hold WIT logbook");
    }
}
