package io.airssys.wasm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.testing.Wat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdleInstancesTest {

    private WasmEngine engine;
    private CompiledModule module;
    private final List<WasmInstance> instances = new ArrayList<>();

    @BeforeEach
    void compile() {
        engine = WasmEngine.create();
        module = engine.compile("idle@1.0.0", Wat.compile("(module)"), ModuleLimits.DEFAULT);
        for (int i = 0; i < 4; i++) {
            instances.add(new WasmInstance(module, List.of(), Duration.ofSeconds(1)));
        }
    }

    @AfterEach
    void close() {
        instances.forEach(WasmInstance::close);
        module.close();
        engine.close();
    }

    @Test
    void everyInstanceOfferedIsTakenOnceAndThenTheSetIsEmpty() {
        IdleInstances idle = new IdleInstances();
        instances.forEach(idle::offer);
        assertThat(idle.size()).isEqualTo(4);

        Set<WasmInstance> taken = new HashSet<>();
        WasmInstance instance;
        while ((instance = idle.poll()) != null) {
            assertThat(taken.add(instance)).as("taken once").isTrue();
        }

        assertThat(taken).containsExactlyInAnyOrderElementsOf(instances);
        assertThat(idle.size()).isZero();
    }

    @Test
    void aParticularInstanceIsFoundWhereverItWaits() {
        IdleInstances idle = new IdleInstances();
        instances.forEach(idle::offer); // the first in the slot, the others in the deque

        assertThat(idle.remove(instances.get(2))).isTrue();
        assertThat(idle.remove(instances.get(0))).isTrue();
        assertThat(idle.remove(instances.get(0))).as("already taken").isFalse();
        assertThat(idle.size()).isEqualTo(2);
        assertThat(List.of(idle.poll(), idle.poll())).containsExactlyInAnyOrder(instances.get(1), instances.get(3));
    }

    @Test
    void theInstanceJustReturnedIsTheNextTaken() {
        IdleInstances idle = new IdleInstances();
        idle.offer(instances.get(0));

        assertThat(idle.poll()).isSameAs(instances.get(0));
        idle.offer(instances.get(1));
        assertThat(idle.poll()).isSameAs(instances.get(1));
    }
}
